"""Turn raw form or JSON values into checked match fields, collecting every problem before refusing."""
from datetime import datetime, timezone
from urllib.parse import urlparse

from flask_babel import gettext

from ...display import tournament_zone
from ...lazy_text import LazyText, _l
from ...web.errors import ValidationFailed
from .scoring import ScoreError, parse_overs


class FieldErrors:
    """Collects `{field: message}` so a refusal names every failing field at once."""

    def __init__(self, labels=None):
        self.fields = {}
        self.labels = labels or {}  # field -> how a message names it ("first innings runs"); else from the name

    def _name(self, field):
        return self.labels.get(field) or field.replace("_", " ")

    def _capital(self, field):
        # Lazy, so a translated label is capitalised (where its script has capitals) in the language shown.
        return LazyText(_label, self._name(field))

    def add(self, field, message):
        """Remember the first problem of a field."""
        self.fields.setdefault(field, message)

    def raise_if_any(self):
        """Refuse with 422 VALIDATION_FAILED when anything was collected."""
        if self.fields:
            raise ValidationFailed(self.fields)

    def integer(self, data, field, low, high, required=True):
        """Return a whole number within [low, high] from an int or a digit string, or None."""
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, _l("Enter %(name)s.", name=self._name(field)))
            return None
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            self.add(field, _l("%(name)s must be a whole number from %(low)d to %(high)d.",
                                name=self._capital(field), low=low, high=high))
            return None
        try:
            number = int(str(value).strip()) if isinstance(value, str) else int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            self.add(field, _l("%(name)s must be a whole number from %(low)d to %(high)d.",
                                name=self._capital(field), low=low, high=high))
            return None
        return number

    def overs(self, data, field, required=True):
        """Return a ball count from overs notation such as `12.3` (a JSON number is read as written)."""
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, _l("Enter the overs, for example 12 or 12.3."))
            return None
        try:
            return parse_overs(value if isinstance(value, str) else repr(value))
        except ScoreError as error:
            self.add(field, error.message)
            return None

    def choice(self, data, field, choices, required=True):
        """Return one of `choices` (compared case-insensitively), or None."""
        value = str(data.get(field) or "").strip().lower()
        if not value:
            if required:
                self.add(field, _l("Choose %(choices)s.", choices=LazyText(_either, choices)))
            return None
        if value not in choices:
            self.add(field, _l("Choose %(choices)s.", choices=LazyText(_either, choices)))
            return None
        return value

    def text(self, data, field, low, high, required=True):
        """Return stripped text of low..high characters, or None."""
        value = " ".join(str(data.get(field) or "").split())
        if not value:
            if required:
                self.add(field, _l("%(name)s is required.", name=self._capital(field)))
            return None
        if not low <= len(value) <= high:
            self.add(field, _l("%(name)s must be %(low)d–%(high)d characters.", name=self._capital(field), low=low,
                                high=high))
            return None
        return value

    def moment(self, data, field, required=True):
        """Return an aware UTC datetime from a datetime or ISO 8601 text; naive times are tournament-local."""
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, _l("Enter %(name)s.", name=self._name(field)))
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
            except ValueError:
                self.add(field, _l("Use a date and time such as 2026-01-10T09:30."))
                return None
        if not isinstance(value, datetime):
            self.add(field, _l("Use a date and time such as 2026-01-10T09:30."))
            return None
        return as_utc(value)

    def url(self, data, field):
        """Return an http(s) address of at most 500 characters, or None when blank."""
        value = str(data.get(field) or "").strip()
        if not value:
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 500:
            self.add(field, _l("Enter a web address starting with http:// or https://."))
            return None
        return value


def as_utc(moment):
    """Return an aware UTC datetime; a naive one is read as tournament-local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tournament_zone())
    return moment.astimezone(timezone.utc)


def local_naive(moment):
    """A stored UTC time as the naive tournament-local value an admin form shows and reads back."""
    return moment.astimezone(tournament_zone()).replace(tzinfo=None) if moment else None


def _either(choices):
    return gettext(" or ").join(choices)


def _label(name):
    name = str(name).replace("_", " ")
    return name[:1].upper() + name[1:]
