"""Tests for parsing and validating a team-registration submission.

Over 300 lines: every way a whole submission can be refused, built from one shared sample submission.
"""

from __future__ import annotations

import hashlib
import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict

from app.services.registration.submission import (
    InputLimits,
    RegistrationInputError,
    parse_registration,
    read_upload,
    sniff_content_type,
)
from app.services.registration.validators import (
    FieldError,
    format_size,
)

MiB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 24
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
PLAYER_NAMES = [
    "Arun Kumar", "Babu Raj", "Charles David", "Daniel Paul", "Ebenezer J", "Franklin Moses",
    "George Samuel", "Henry Joseph", "Isaac Thomas", "Jacob Peter", "Kevin Stephen",
    "Lazarus John", "Mathew Mark", "Nathan Luke", "Oliver James", "Philip Andrew",
]


def submission(players: int = 11) -> tuple[dict[str, str], dict[str, tuple[bytes, str]]]:
    """Return the text fields and (bytes, filename) uploads of a valid registration."""
    form = {
        "team_name": "  St  Thomas   Strikers ",
        "church_name": "St. Thomas Cathedral, Mylapore",
        "captain_name": "Arun Kumar",
        "captain_phone": "+91 98765-43210",
        "captain_email": "Arun.Kumar@Example.COM",
        "captain_whatsapp": "",
        "vice_name": "Babu Raj",
        "vice_phone": "098765 43211",
        "vice_email": "babu@example.in",
        "vice_whatsapp": "9123456789",
    }
    files = {"pastor_letter": (PDF, "letter.pdf"), "payment_receipt": (JPEG, "receipt.jpg")}
    for i in range(players):
        form[f"player_{i}_name"] = PLAYER_NAMES[i]
        form[f"player_{i}_role"] = ""
        files[f"player_{i}_aadhar_file"] = (PNG, f"aadhar{i}.png")
        files[f"player_{i}_subscription_file"] = (PDF, f"sub{i}.pdf")
    return form, files


def storages(files: dict[str, tuple[bytes, str]]) -> dict[str, FileStorage]:
    """Wrap (bytes, filename) pairs in fresh werkzeug FileStorage objects."""
    return {name: FileStorage(io.BytesIO(data), filename=fn) for name, (data, fn) in files.items()}


def parse(form: dict[str, str], files: dict[str, tuple[bytes, str]], limits: InputLimits | None = None):
    """Run parse_registration on werkzeug objects built from plain dicts."""
    return parse_registration(MultiDict(form), storages(files), limits or InputLimits())


def refusal(form, files, limits: InputLimits | None = None) -> RegistrationInputError:
    """Parse a submission that must fail and return the error."""
    with pytest.raises(RegistrationInputError) as caught:
        parse(form, files, limits)
    return caught.value


def test_valid_submission_is_normalised():
    form, files = submission()
    form["player_0_role"] = "all rounder"
    form["player_1_role"] = "WICKET_KEEPER"

    result = parse(form, files)

    assert result.team_name == "St Thomas Strikers"
    assert result.church_name == "St. Thomas Cathedral, Mylapore"
    assert (result.captain.name, result.captain.phone) == ("Arun Kumar", "9876543210")
    assert (result.captain.email, result.captain.whatsapp) == ("arun.kumar@example.com", None)
    assert (result.vice.phone, result.vice.whatsapp) == ("9876543211", "9123456789")
    assert [p.index for p in result.players] == list(range(11))
    assert [p.role for p in result.players[:3]] == ["All-Rounder", "Wicket-Keeper", None]
    assert result.group_photo is None
    letter = result.pastor_letter
    assert (letter.field, letter.content_type) == ("pastor_letter", "application/pdf")
    assert letter.extension == "pdf"
    assert (letter.size, letter.original_name) == (len(PDF), "letter.pdf")
    assert letter.sha256 == hashlib.sha256(PDF).hexdigest()
    assert result.payment_receipt.extension == "jpg"


def test_files_lists_every_upload_with_its_kind_in_form_order():
    form, files = submission()
    files["group_photo"] = (PNG, "team.png")

    listed = parse(form, files).files()

    kinds = [kind for kind, _ in listed]
    assert kinds[:3] == ["pastor_letter", "payment_receipt", "group_photo"]
    assert kinds[3:] == ["aadhar", "subscription"] * 11
    assert [f.field for _, f in listed[3:5]] == ["player_0_aadhar_file", "player_0_subscription_file"]


def test_browser_empty_file_input_counts_as_missing():
    form, files = submission()
    files["group_photo"] = (b"", "")
    files["pastor_letter"] = (b"", "")

    error = refusal(form, files)

    assert error.fields == {"pastor_letter": "Upload the pastor's letter"}
    assert (error.error_code, error.first_field, error.message) == (
        "VALIDATION_FAILED", "pastor_letter", "Upload the pastor's letter"
    )


@pytest.mark.parametrize(
    "head, expected",
    [
        (PNG, ("image/png", "png")),
        (JPEG, ("image/jpeg", "jpg")),
        (PDF, ("application/pdf", "pdf")),
        (WINDOWS_PROGRAM, None),
        (b"GIF89a", None),
        (b"\x89PNG", None),
        (b"", None),
    ],
)
def test_sniff_content_type_uses_leading_bytes(head, expected):
    assert sniff_content_type(head) == expected


def test_renamed_program_is_refused_whatever_its_name_and_content_type():
    form, files = submission()
    uploads = storages(files)
    uploads["pastor_letter"] = FileStorage(
        io.BytesIO(WINDOWS_PROGRAM), filename="x.pdf", content_type="application/pdf"
    )

    with pytest.raises(RegistrationInputError) as caught:
        parse_registration(MultiDict(form), uploads, InputLimits())

    assert caught.value.error_code == "UNSUPPORTED_FILE_TYPE"
    assert caught.value.fields == {"pastor_letter": "File must be PNG, JPEG or PDF"}


def test_file_type_comes_from_bytes_not_filename():
    form, files = submission()
    files["payment_receipt"] = (JPEG, "receipt.pdf")

    receipt = parse(form, files).payment_receipt

    assert (receipt.content_type, receipt.extension) == ("image/jpeg", "jpg")
    assert receipt.original_name == "receipt.pdf"


def test_file_of_exactly_the_limit_is_accepted():
    form, files = submission()
    files["pastor_letter"] = (PDF + b"\x00" * (5 * MiB - len(PDF)), "letter.pdf")

    assert parse(form, files).pastor_letter.size == 5 * MiB


def test_file_one_byte_over_the_limit_is_too_large():
    form, files = submission()
    files["pastor_letter"] = (PDF + b"\x00" * (5 * MiB + 1 - len(PDF)), "letter.pdf")

    error = refusal(form, files)

    assert error.error_code == "FILE_TOO_LARGE"
    assert error.fields == {"pastor_letter": "File is larger than 5 MiB"}


class HugePng(io.RawIOBase):
    """A 64 MiB PNG-looking stream, produced lazily, that records how many bytes were read from it."""

    def __init__(self) -> None:
        super().__init__()
        self.remaining = 64 * MiB
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        # Short reads, as sockets give, must not make the reader stop early.
        size = min(self.remaining, 4096 if size < 0 else size, 4096)
        chunk = (PNG * (size // len(PNG) + 1))[:size]
        self.remaining -= size
        self.consumed += size
        return chunk


def test_oversized_upload_is_not_read_whole():
    stream = HugePng()

    with pytest.raises(FieldError) as caught:
        read_upload("group_photo", FileStorage(stream, filename="huge.png"), 10_000)

    assert caught.value.code == "FILE_TOO_LARGE"
    assert stream.consumed == 10_001


@pytest.mark.parametrize("size, text", [(5 * MiB, "5 MiB"), (1024, "1 KiB"), (1500, "1500 bytes")])
def test_format_size(size, text):
    assert format_size(size) == text


@pytest.mark.parametrize("count", [11, 15])
def test_player_count_within_limits_is_accepted(count):
    form, files = submission(count)

    assert len(parse(form, files).players) == count


@pytest.mark.parametrize(
    "count, message",
    [
        (10, "A team needs at least 11 players; this registration has 10"),
        (16, "A team can have at most 15 players; this registration has 16"),
        (0, "A team needs at least 11 players; this registration has 0"),
    ],
)
def test_player_count_outside_limits_is_refused(count, message):
    form, files = submission(count)

    error = refusal(form, files)

    assert error.fields == {"players": message}


def test_gap_in_player_indexes_names_the_missing_index():
    form, files = submission(12)
    for key in [k for k in (*form, *files) if k.startswith("player_10_")]:
        form.pop(key, None)
        files.pop(key, None)

    error = refusal(form, files)

    assert list(error.fields) == ["players"]
    assert "index 10 is missing" in error.fields["players"]


def test_player_detected_from_a_file_alone_reports_its_missing_fields():
    form, files = submission(11)
    files["player_11_aadhar_file"] = (PNG, "a.png")

    error = refusal(form, files)

    assert error.fields == {
        "player_11_name": "Enter the name of player 12",
        "player_11_subscription_file": "Upload the subscription document of player 12",
    }


# U+0BE7 is the Tamil digit one: int() would read "1\u0be7" as 11.
@pytest.mark.parametrize(
    "key", ["player_1000_name", "player_011_name", "player_1_nickname", "player_1\u0be7_name"]
)
def test_unknown_player_keys_are_ignored(key):
    form, files = submission()
    form[key] = "Stray Value"

    assert len(parse(form, files).players) == 11


def test_huge_index_is_a_gap_not_a_memory_problem():
    form, files = submission()
    form["player_999_name"] = "Far Away"

    error = refusal(form, files)

    assert "index 11 is missing" in error.fields["players"]


def test_detailed_row_errors_stop_after_a_few_rows_past_the_maximum():
    form = {f"player_{i}_name": "" for i in range(300)}

    error = refusal(form, {})

    row_fields = [name for name in error.fields if name.startswith("player_")]
    assert row_fields[-1] == "player_19_subscription_file"
    assert error.fields["players"] == "A team can have at most 15 players; this registration has 300"


def test_duplicate_player_names_are_refused_case_insensitively():
    form, files = submission()
    form["player_7_name"] = "  arun   KUMAR "

    error = refusal(form, files)

    assert error.fields == {
        "player_7_name": "Player 1 already has this name; add an initial to tell them apart"
    }


def test_vice_captain_cannot_share_the_captains_phone():
    form, files = submission()
    form["vice_phone"] = "9876543210"

    error = refusal(form, files)

    assert list(error.fields) == ["vice_phone"]


def test_invalid_optional_whatsapp_is_reported():
    form, files = submission()
    form["captain_whatsapp"] = "12345"

    assert refusal(form, files).fields == {"captain_whatsapp": "Enter a 10-digit Indian mobile number"}


@pytest.mark.parametrize(
    "field, message",
    [
        ("team_name", "Enter the team name"),
        ("church_name", "Enter the church name"),
        ("captain_name", "Enter the captain's name"),
        ("vice_phone", "Enter the vice-captain's mobile number"),
        ("vice_email", "Enter the vice-captain's email address"),
    ],
)
def test_blank_required_text_asks_for_it(field, message):
    form, files = submission()
    form[field] = "   "

    assert refusal(form, files).fields == {field: message}


@pytest.mark.parametrize(
    "field, message",
    [
        ("payment_receipt", "Upload the payment receipt"),
        ("player_4_aadhar_file", "Upload the Aadhaar card of player 5"),
        ("player_4_subscription_file", "Upload the subscription document of player 5"),
    ],
)
def test_missing_required_document_is_reported(field, message):
    form, files = submission()
    del files[field]

    assert refusal(form, files).fields == {field: message}


def test_every_error_is_reported_at_once_in_form_order():
    form, files = submission(10)
    form["church_name"] = "CS"
    form["captain_phone"] = "987654321"
    form["vice_email"] = "not-an-email"
    form["player_2_role"] = "Batter"
    files["pastor_letter"] = (WINDOWS_PROGRAM, "x.pdf")
    files["group_photo"] = (PNG + b"\x00" * 100, "team.png")
    del files["player_3_aadhar_file"]

    error = refusal(form, files, InputLimits(max_file_bytes=100))

    assert list(error.fields) == [
        "church_name", "captain_phone", "vice_email", "pastor_letter", "group_photo",
        "player_2_role", "player_3_aadhar_file", "players",
    ]
    assert error.error_code == "VALIDATION_FAILED"
    assert error.first_field == "church_name"
    assert error.fields["group_photo"] == "File is larger than 100 bytes"
    assert error.message == (
        "8 fields are invalid: church_name, captain_phone, vice_email, pastor_letter, group_photo, "
        "player_2_role, player_3_aadhar_file, players"
    )
    assert str(error) == error.message


def test_error_code_is_that_of_the_first_failing_field():
    form, files = submission()
    files["payment_receipt"] = (WINDOWS_PROGRAM, "receipt.jpg")
    form["player_0_name"] = "X"

    error = refusal(form, files)

    assert (error.error_code, error.first_field) == ("UNSUPPORTED_FILE_TYPE", "payment_receipt")
    assert list(error.fields) == ["payment_receipt", "player_0_name"]
