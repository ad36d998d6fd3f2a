"""Dates and times on the public pages, written out in words in the page's language."""
from babel import Locale
from babel.dates import format_date, format_time
from flask_babel import get_locale

from ..display import tournament_zone
from . import public_bp


def _locale():
    return str(get_locale() or "en")


def public_day(day):
    """A date in words, such as "10 January 2026" or "10 ஜனவரி, 2026"."""
    return format_date(day, "long", locale=_locale()) if day else ""


def public_time(moment):
    """A moment in the tournament's zone with its weekday and month in words, and the time without seconds."""
    if moment is None:
        return ""
    local = moment.astimezone(tournament_zone())
    locale = _locale()
    # The language's own way of joining a date and a time ("{1}, {0}" in English and Tamil).
    return Locale.parse(locale).datetime_formats["medium"].format(
        format_time(local, "short", locale=locale), format_date(local, "full", locale=locale))


@public_bp.app_context_processor
def _wording():
    return {"public_day": public_day, "public_time": public_time}
