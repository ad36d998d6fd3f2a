"""Messages translated when they are shown: in the page's language on a page, in English in a JSON error body."""
from flask_babel import force_locale, gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape


class LazyText(LazyString):
    """flask_babel's lazy string, escaped like any text on a page: its placeholders may hold what a user typed."""

    def __html__(self):
        """The translated text, HTML-escaped (flask_babel's own LazyString would put it in a page raw)."""
        return str(escape(str(self)))


def _l(string, **variables):
    """Mark `string` translatable; it is translated (and its named %-placeholders filled) each time it is shown."""
    return LazyText(gettext, string, **variables)


def in_english(value):
    """`value` with every lazy message in it (also inside dicts and lists) rendered as English text."""
    with force_locale("en"):
        return _render(value)


def _render(value):
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, dict):
        return {key: _render(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_render(item) for item in value]
    return value
