"""The field rules of a registration: Indian mobile numbers, emails, roles, and names of people, teams and churches."""

import pytest

from app.services.registration.validators import (
    FieldError,
    validate_church_name,
    validate_email,
    validate_person_name,
    validate_phone,
    validate_role,
    validate_team_name,
)

# "Anwar" in Malayalam, its chillu letters spelled the older way with ZERO WIDTH JOINER.
MALAYALAM_WITH_JOINERS = "\u0d05\u0d28\u0d4d\u200d\u0d35\u0d30\u0d4d\u200d"

@pytest.mark.parametrize(
    "raw, expected",
    [
        ("+91 98765-43210", "9876543210"),
        ("+919876543210", "9876543210"),
        ("91 98765 43210", "9876543210"),
        ("098765 43210", "9876543210"),
        (" 9876543210 ", "9876543210"),
        ("6000000000", "6000000000"),
        ("9198765432", "9198765432"),
    ],
)
def test_phone_accepts_indian_mobile_formats(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "987654321",  # 9 digits
        "98765432101",  # 11 digits without a 0 prefix
        "5876543210",  # landline-style first digit
        "+44 7911 123456",
        "+91 098765 43210",
        "(98765) 43210",
        "98765abcde",
        "௯௮௭௬௫௪௩௨௧௦",  # Tamil digits
        "",
    ],
)
def test_phone_refuses_other_numbers(raw):
    with pytest.raises(FieldError, match="Enter a 10-digit Indian mobile number"):
        validate_phone(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Captain@Example.COM", "captain@example.com"),
        ("  john.doe+icct@gmail.com ", "john.doe+icct@gmail.com"),
    ],
)
def test_email_is_normalised_to_lower_case(raw, expected):
    assert validate_email(raw) == expected


@pytest.mark.parametrize("raw", ["no-at-sign", "a@b", "two@@example.com", "@example.com"])
def test_email_refuses_invalid_addresses(raw):
    with pytest.raises(FieldError, match="Enter a valid email address"):
        validate_email(raw)


def test_email_refuses_addresses_over_254_characters():
    with pytest.raises(FieldError, match="at most 254 characters"):
        validate_email("x" * 64 + "@" + ".".join(["d" * 60] * 3) + ".example.in")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Batsman", "Batsman"), ("BATSMAN", "Batsman"), ("bowler", "Bowler"),
        ("all-rounder", "All-Rounder"), ("All Rounder", "All-Rounder"), ("allrounder", "All-Rounder"),
        ("Wicket Keeper", "Wicket-Keeper"), ("wicketkeeper", "Wicket-Keeper"),
        ("wicket_keeper", "Wicket-Keeper"),
        ("", None), ("   ", None),
    ],
)
def test_role_variants_map_to_canonical_roles(raw, expected):
    assert validate_role(raw) == expected


@pytest.mark.parametrize("raw", ["Batter", "Captain", "keeper"])
def test_role_refuses_unknown_roles(raw):
    with pytest.raises(FieldError, match="Role must be one of Batsman, Bowler, All-Rounder, Wicket-Keeper"):
        validate_role(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("கிருஷ்ணன்", "கிருஷ்ணன்"),
        (MALAYALAM_WITH_JOINERS, MALAYALAM_WITH_JOINERS),
        ("A. R.  Rahman", "A. R. Rahman"),
        ("Mary-Ann D'Souza", "Mary-Ann D'Souza"),
        ("Joseph D\u2019Cruz", "Joseph D'Cruz"),
        ("Abe", "Abe"),
        ("A" * 50, "A" * 50),
    ],
)
def test_person_name_accepts_names_of_any_script(raw, expected):
    assert validate_person_name(raw) == expected


@pytest.mark.parametrize("raw", ["Al", "A" * 51, "John3", "John@Home", "...", "<b>Sam</b>"])
def test_person_name_refuses_bad_names(raw):
    with pytest.raises(FieldError):
        validate_person_name(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("சென்னை கிங்ஸ்", "சென்னை கிங்ஸ்"),
        ("Kings XI 2026", "Kings XI 2026"),
        ("  St  Paul's   Young-Stars ", "St Paul's Young-Stars"),
    ],
)
def test_team_name_accepts_letters_digits_and_punctuation(raw, expected):
    assert validate_team_name(raw) == expected


@pytest.mark.parametrize("raw", ["XI", "A" * 81, "Kings_XI", "Kings & Queens", "123", "'--"])
def test_team_name_refuses_bad_names(raw):
    with pytest.raises(FieldError):
        validate_team_name(raw)


@pytest.mark.parametrize("raw, ok", [("CSI", True), ("C" * 100, True), ("CS", False), ("C" * 101, False),
                                     ("CSI\x00Church", False), ("St. John's (CSI), Vellore", True)])
def test_church_name_allows_printable_text(raw, ok):
    if ok:
        assert validate_church_name(raw) == raw
    else:
        with pytest.raises(FieldError):
            validate_church_name(raw)
