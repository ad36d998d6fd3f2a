"""Text helpers shared by validation and lookups: name normalisation (so validation and the database's uniqueness
keys agree on "the same name") and reading whole numbers."""
import re
import unicodedata

from .confusables import skeleton

_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
# Room a name key gets per character of its name: NFKC and look-alike folding spell some characters out
# ("m" -> "rn", "ß" -> "ss", "ﬃ" -> "ffi"), so key columns are this many times as wide as their name's limit.
KEY_ROOM = 4
# Invisible characters that are not format characters (Cf, dropped below) but must not tell names apart either:
# the combining grapheme joiner, variation selectors and Hangul fillers (Unicode's Default_Ignorable_Code_Point).
_IGNORABLE = dict.fromkeys([0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x3164,
                            *range(0xFE00, 0xFE10), 0xFFA0, *range(0xE0100, 0xE01F0)])


def normalize_text(value: str) -> str:
    """Return value in NFC form, trimmed, with every inner run of whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def normalize_name(value: str) -> str:
    """Normalise a team or person name like normalize_text, also straightening curly apostrophes."""
    # Phone keyboards type ’ for ', and a captain cannot see why "D’Souza" would be refused.
    return normalize_text(value).replace("\u2019", "'")


def name_key(value: str) -> str:
    """Return the key under which two names count as the same: case, width, spacing, invisible characters and
    look-alikes (Cyrillic "о" for Latin "o") folded, so a look-alike of a name is that name.

    The one rule for churches, teams and players alike: uniqueness indexes, rule checks and migrations all use it.
    """
    # NFKC folds width and compatibility forms (fullwidth letters, ligatures, Roman numerals, no-break spaces).
    text = unicodedata.normalize("NFKC", value or "")
    if not text.isascii():  # ASCII has no invisible characters to drop; most names are ASCII
        text = text.translate(_IGNORABLE)
        if not text.isprintable():
            text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    # Case is folded before the skeleton, not after: UTS #39 maps capital I to l, and folding afterwards would
    # then make "ICE" the same as "LCE". Capital-only look-alikes (Cyrillic К, Latin K) are left apart.
    return " ".join(skeleton(text.casefold()).split())


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
