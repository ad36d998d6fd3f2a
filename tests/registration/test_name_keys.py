"""The name key: one comparison rule for church, team and person names that folds case, width, spacing,
invisible characters and look-alikes (UTS #39 skeleton), and the refusal of format characters in names."""
import re
import string
import unicodedata

import pytest

from app.confusables import DATA_FILE, load_prototypes, skeleton
from app.services.churches.rules import church_names
from app.services.registration.validators import (
    FieldError,
    validate_church_name,
    validate_person_name,
    validate_team_name,
)
from app.text import name_key

MALAYALAM_WITH_JOINERS = "\u0d05\u0d28\u0d4d\u200d\u0d35\u0d30\u0d4d\u200d"


@pytest.mark.parametrize("one, other", [
    ("Rathinapuri Lions", "rathinapuri LIONS"),
    ("Rathinapuri Lions", "  Rathinapuri \t  Lions "),
    ("Rathinapuri Lions", "Rathinapuri\u00a0Lions"),            # no-break space
    ("Rathinapuri Lions", "Rathinapuri Li\u043ens"),            # Cyrillic о
    ("Rathinapuri Lions", "Ｒａｔｈｉｎａｐｕｒｉ Ｌｉｏｎｓ"),       # fullwidth
    ("Rathinapuri Lions", "Rathinapuri Lions\u200b"),           # zero width space
    ("Rathinapuri Lions", "Rathi\u00adnapuri Lions"),           # soft hyphen
    ("CSI Wesley Church Ooty", "\u0421SI W\u0435sley \u0421hurch \u041eoty"),
    ("St Paul's", "St Paul\u2019s"),
    ("Kings XI", "Kings \u216a"),                               # ROMAN NUMERAL ELEVEN
    ("Stars", "\U0001d412tars"),                                # MATHEMATICAL BOLD CAPITAL S
    (MALAYALAM_WITH_JOINERS, MALAYALAM_WITH_JOINERS.replace("\u200d", "")),
    ("\u0b95\u0bcd\u200c\u0bb7", "\u0b95\u0bcd\u0bb7"),         # Tamil with and without ZWNJ
    ("Strasse", "Straße"),
])
def test_lookalikes_share_a_key(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize("one, other", [
    ("Rathinapuri Lions", "Rathinapuri Lion"),
    ("Kings XI", "Kings XII"),
    ("Player I Ab", "Player L Ab"),       # I looks like l, and l is L in another case; I is still not L
    ("ICE Strikers", "LCE Strikers"),
    ("Team Anbu", "Team Anpu"),
    ("சென்னை கிங்ஸ்", "சென்னை கிங்"),
    ("Mary", "Marie"),
])
def test_different_names_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_every_mapping_of_the_unicode_file_is_loaded():
    """The loader reads as many mappings as the file's own closing count says it holds."""
    total = int(re.search(r"^# total: (\d+)$", DATA_FILE.read_text(encoding="utf-8-sig"), re.MULTILINE).group(1))
    assert len(load_prototypes()) == total


@pytest.mark.parametrize("text", [string.printable, "mm 100% \"Ill\" |`", "csi wesley church ooty"])
def test_ascii_shortcut_gives_the_skeleton_of_the_whole_table(text):
    table = load_prototypes()
    assert skeleton(text) == unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(table))


def test_key_is_the_same_on_every_call():
    """Deterministic: the stored keys and the lookups agree whatever ran before."""
    names = ["CSI Wesley Church Ooty", "Ｒａｔｈｉｎａｐｕｒｉ", MALAYALAM_WITH_JOINERS, "Mammen Memorial"]
    assert [name_key(n) for n in names] == [name_key(n) for n in reversed(names)][::-1]


def test_seeded_churches_keep_distinct_keys():
    names = church_names()
    assert len({name_key(name) for name in names}) == len(names)


@pytest.mark.parametrize("validate", [validate_church_name, validate_team_name, validate_person_name])
@pytest.mark.parametrize("invisible", ["\u200b", "\u202e", "\u2066", "\u00ad", "\ufeff", "\u2060", "\U000e0041",
                                       "\u200d", "\u200c"])
def test_every_name_refuses_format_characters(validate, invisible):
    """Cf characters (here between Latin letters, where no joiner belongs) are refused in every kind of name."""
    with pytest.raises(FieldError, match="invisible or control characters"):
        validate(f"Abra{invisible}ham Sam")


@pytest.mark.parametrize("validate", [validate_church_name, validate_team_name, validate_person_name])
@pytest.mark.parametrize("name", [MALAYALAM_WITH_JOINERS, "\u0b95\u0bcd\u200c\u0bb7\u0bbe Raj"])
def test_joiners_right_after_a_virama_are_kept(validate, name):
    assert validate(name) == name


@pytest.mark.parametrize("raw", ["\u0b95\u200c\u0bb7 Raj", "\u200c\u0b95\u0bcd\u0bb7 Raj",
                                 "\u0b95\u0bcd\u200c\u200c\u0bb7 Raj"])
def test_joiners_elsewhere_in_indic_names_are_refused(raw):
    with pytest.raises(FieldError):
        validate_person_name(raw)


@pytest.mark.parametrize("validate, limit", [(validate_church_name, 100), (validate_team_name, 80),
                                             (validate_person_name, 50)])
def test_a_name_whose_key_would_not_fit_is_refused(validate, limit):
    """Compatibility forms can spell out to many letters (U+FDFA is 18); the key column has room for four per
    allowed character, so a realistic name always fits and a pathological one is refused, not a 500."""
    assert validate("m" * limit)                   # m -> rn: twice as long, fits
    with pytest.raises(FieldError):
        validate("\ufdfa" * (limit // 2))
