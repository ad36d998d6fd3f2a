"""Parse and validate a multipart team-registration submission, reporting every invalid field at once."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TypeVar

from app.lazy_text import _l
from app.services.registration.validators import (
    FieldError,
    FileLike,
    UploadedFile,
    name_key,
    read_upload,
    sniff_content_type,
    validate_church_name,
    validate_email,
    validate_person_name,
    validate_phone,
    validate_role,
    validate_team_name,
)

# FileLike, UploadedFile, read_upload and sniff_content_type are re-exported for callers of this module.
__all__ = [
    "Contact",
    "FileLike",
    "InputLimits",
    "PlayerInput",
    "RegistrationInput",
    "RegistrationInputError",
    "UploadedFile",
    "parse_registration",
    "read_upload",
    "sniff_content_type",
]

T = TypeVar("T")

# Canonical indexes in ASCII digits only ("player_01_name" is not row 1, nor is a Tamil digit one), so
# every key maps to exactly one row; three digits cap what a client can make us iterate over.
_PLAYER_KEY_RE = re.compile(r"player_(0|[1-9][0-9]{0,2})_(?:name|role|aadhar_file|subscription_file)")
# Rows past max_players are still checked a little way so a captain sees typical mistakes,
# but a flood of rows must not produce a flood of messages.
_EXTRA_ROWS_CHECKED = 5
# Whole sentences per contact (not "Enter the {whose} name"), so each translates as a sentence.
_CONTACT_MISSING = {
    "captain": (_l("Enter the captain's name"), _l("Enter the captain's mobile number"),
                _l("Enter the captain's email address")),
    "vice": (_l("Enter the vice-captain's name"), _l("Enter the vice-captain's mobile number"),
             _l("Enter the vice-captain's email address")),
}


@dataclass(frozen=True)
class InputLimits:
    """Bounds a submission must respect."""

    min_players: int = 11
    max_players: int = 15
    max_file_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True)
class Contact:
    """The captain's or vice-captain's details; phones are 10 digits, whatsapp None when not given."""

    name: str
    phone: str
    email: str
    whatsapp: str | None


@dataclass(frozen=True)
class PlayerInput:
    """One roster row; index is its 0-based position in the submission."""

    index: int
    name: str
    role: str | None
    aadhar: UploadedFile
    subscription: UploadedFile


@dataclass(frozen=True)
class RegistrationInput:
    """A fully validated and normalised team registration."""

    team_name: str
    church_name: str
    captain: Contact
    vice: Contact
    pastor_letter: UploadedFile
    payment_receipt: UploadedFile
    group_photo: UploadedFile | None
    players: list[PlayerInput]

    def files(self) -> list[tuple[str, UploadedFile]]:
        """List (kind, file) pairs in form order; a player's files carry their row in file.field.

        kind is one of pastor_letter, payment_receipt, group_photo, aadhar, subscription.
        """
        team_files = [("pastor_letter", self.pastor_letter), ("payment_receipt", self.payment_receipt)]
        if self.group_photo is not None:
            team_files.append(("group_photo", self.group_photo))
        player_files = [
            pair for p in self.players for pair in (("aadhar", p.aadhar), ("subscription", p.subscription))
        ]
        return team_files + player_files


class RegistrationInputError(ValueError):
    """Every invalid field of a submission; error_code is the code of the first one in form order."""

    def __init__(self, error_code: str, fields: Mapping[str, str]) -> None:
        """Store the code and the {field name: captain-facing message} map, which must not be empty."""
        if not fields:
            raise ValueError("RegistrationInputError needs at least one field")
        self.error_code = error_code
        self.fields = dict(fields)
        super().__init__(self.message)

    @property
    def first_field(self) -> str:
        """Name of the first invalid field in form order."""
        return next(iter(self.fields))

    @property
    def message(self) -> str:
        """The single field's message, or a summary naming every invalid field."""
        if len(self.fields) == 1:
            return self.fields[self.first_field]
        return f"{len(self.fields)} fields are invalid: {', '.join(self.fields)}"

    def __repr__(self) -> str:
        """Show code and fields when debugging."""
        return f"RegistrationInputError({self.error_code!r}, {self.fields!r})"


class _Collector:
    """Runs field checks and keeps each field's first error, in the order fields were checked."""

    def __init__(self, form: Mapping[str, str], files: Mapping[str, FileLike], limits: InputLimits,
                 stored: Mapping[str, UploadedFile]) -> None:
        self.form = form
        self.files = files
        self.limits = limits
        self.stored = stored
        self.errors: dict[str, FieldError] = {}

    def fail(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, FieldError(message))

    def text(self, field_name: str, validate: Callable[[str], T], missing: str | None = None) -> T | None:
        """Validate a text field; `missing` is the message for a blank required field, None if optional."""
        raw = self.form.get(field_name) or ""
        if not raw.strip():
            if missing is not None:
                self.fail(field_name, missing)
            return None
        try:
            return validate(raw)
        except FieldError as exc:
            self.errors.setdefault(field_name, exc)
            return None

    def upload(self, field_name: str, missing: str | None = None) -> UploadedFile | None:
        """Read a file field; `missing` is the message for an absent required file, None if optional."""
        try:
            uploaded = read_upload(field_name, self.files.get(field_name), self.limits.max_file_bytes)
        except FieldError as exc:
            self.errors.setdefault(field_name, exc)
            return None
        if uploaded is None:
            uploaded = self.stored.get(field_name)  # a file input left empty takes the draft's file
        if uploaded is None and missing is not None:
            self.fail(field_name, missing)
        return uploaded

    def raise_if_failed(self) -> None:
        if self.errors:
            first = next(iter(self.errors.values()))
            raise RegistrationInputError(first.code, {name: e.message for name, e in self.errors.items()})


def _parse_contact(
    c: _Collector, prefix: str, taken_phone: str | None = None
) -> tuple[Contact | None, str | None]:
    """Parse one contact; the phone is also returned alone so it can be compared even if the rest fails."""
    missing_name, missing_phone, missing_email = _CONTACT_MISSING[prefix]
    name = c.text(f"{prefix}_name", validate_person_name, missing_name)
    phone = c.text(f"{prefix}_phone", validate_phone, missing_phone)
    if phone is not None and phone == taken_phone:
        c.fail(f"{prefix}_phone", _l("The vice-captain needs a different mobile number from the captain"))
    email = c.text(f"{prefix}_email", validate_email, missing_email)
    whatsapp = c.text(f"{prefix}_whatsapp", validate_phone)
    if name is None or phone is None or email is None:
        return None, phone
    return Contact(name=name, phone=phone, email=email, whatsapp=whatsapp), phone


def _parse_player(c: _Collector, index: int, first_row_by_name: dict[str, int]) -> PlayerInput | None:
    prefix = f"player_{index}_"
    number = index + 1  # captains count players from 1
    name = c.text(f"{prefix}name", validate_person_name, _l("Enter the name of player %(number)d", number=number))
    if name is not None:
        earlier = first_row_by_name.setdefault(name_key(name), number)
        if earlier != number:
            message = _l("Player %(earlier)d already has this name; add an initial to tell them apart", earlier=earlier)
            c.fail(f"{prefix}name", message)
    role = c.text(f"{prefix}role", validate_role)
    aadhar = c.upload(f"{prefix}aadhar_file", _l("Upload the Aadhaar card of player %(number)d", number=number))
    subscription = c.upload(
        f"{prefix}subscription_file", _l("Upload the subscription document of player %(number)d", number=number)
    )
    if name is None or aadhar is None or subscription is None:
        return None
    return PlayerInput(index=index, name=name, role=role, aadhar=aadhar, subscription=subscription)


def _parse_players(c: _Collector) -> list[PlayerInput]:
    # Only posted keys make rows: a draft's file for a row the captain removed does not bring it back.
    indexes = sorted(
        {int(m.group(1)) for key in chain(c.form, c.files) if (m := _PLAYER_KEY_RE.fullmatch(key))}
    )
    first_row_by_name: dict[str, int] = {}
    checked = indexes[: c.limits.max_players + _EXTRA_ROWS_CHECKED]
    parsed = [_parse_player(c, index, first_row_by_name) for index in checked]
    players = [p for p in parsed if p is not None]

    # Sorted distinct indexes equal their positions exactly when there is no gap.
    gap = next((position for position, index in enumerate(indexes) if position != index), None)
    low, high = c.limits.min_players, c.limits.max_players
    if gap is not None:
        c.fail("players", _l("Player rows must be numbered from 0 without gaps; index %(gap)d is missing", gap=gap))
    elif len(indexes) < low:
        c.fail("players", _l("A team needs at least %(low)d players; this registration has %(count)d",
                              low=low, count=len(indexes)))
    elif len(indexes) > high:
        c.fail("players", _l("A team can have at most %(high)d players; this registration has %(count)d",
                              high=high, count=len(indexes)))
    return players


def parse_registration(
    form: Mapping[str, str], files: Mapping[str, FileLike], limits: InputLimits,
    stored: Mapping[str, UploadedFile] | None = None,
) -> RegistrationInput:
    """Validate a multipart registration; raise RegistrationInputError listing every invalid field.

    `stored` holds files already checked and stored (a draft's) by field name, used where no file was posted.
    """
    c = _Collector(form, files, limits, stored or {})
    team_name = c.text("team_name", validate_team_name, _l("Enter the team name"))
    church_name = c.text("church_name", validate_church_name, _l("Enter the church name"))
    captain, captain_phone = _parse_contact(c, "captain")
    vice, _ = _parse_contact(c, "vice", taken_phone=captain_phone)
    pastor_letter = c.upload("pastor_letter", _l("Upload the pastor's letter"))
    payment_receipt = c.upload("payment_receipt", _l("Upload the payment receipt"))
    group_photo = c.upload("group_photo")
    players = _parse_players(c)
    c.raise_if_failed()
    # Narrows types for checkers: every None above was recorded as an error and raised.
    assert team_name and church_name and captain and vice and pastor_letter and payment_receipt
    return RegistrationInput(
        team_name=team_name,
        church_name=church_name,
        captain=captain,
        vice=vice,
        pastor_letter=pastor_letter,
        payment_receipt=payment_receipt,
        group_photo=group_photo,
        players=players,
    )
