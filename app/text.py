"""Name normalisation shared by validation and the database's uniqueness keys, so both agree on "the same name"."""
import unicodedata


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
