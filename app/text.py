"""Text helpers shared by validation and lookups: name normalisation (so validation and the database's uniqueness
keys agree on "the same name") and reading whole numbers."""
import re
import unicodedata

_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def normalize_text(value: str) -> str:
    """Return value in NFC form, trimmed, with every inner run of whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def normalize_name(value: str) -> str:
    """Normalise a team or person name like normalize_text, also straightening curly apostrophes."""
    # Phone keyboards type ’ for ', and a captain cannot see why "D’Souza" would be refused.
    return normalize_text(value).replace("\u2019", "'")


def name_key(value: str) -> str:
    """Return the case-insensitive comparison key under which two names count as the same."""
    return normalize_name(value).casefold()


def whole_number(value, signed=False):
    """`value` (surrounding spaces allowed) as an int when written in ASCII digits, else None.

    str.isdigit() also accepts digits such as "³", which int() refuses: a check with it let a 500 through.
    """
    text = str(value).strip()
    if not _WHOLE_NUMBER.fullmatch(text) or (text.startswith("-") and not signed):
        return None
    return int(text)


def whole_numbers(values):
    """The items of `values` that read as whole numbers (see whole_number), as ints, in order; others dropped."""
    return [number for number in map(whole_number, values) if number is not None]
