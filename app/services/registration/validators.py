"""Reusable field rules for team registrations: names, phones, emails, roles and uploaded files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import IO, Protocol

import email_validator

from app.lazy_text import _l
from app.services.registration.digests import sha256_of
from app.streams import read_at_most
from app.text import KEY_ROOM, name_key, normalize_name, normalize_text

VALIDATION_FAILED = "VALIDATION_FAILED"
UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"
FILE_TOO_LARGE = "FILE_TOO_LARGE"

PLAYER_ROLES = ("Batsman", "Bowler", "All-Rounder", "Wicket-Keeper")
TEAM_NAME_LENGTH = (3, 80)
CHURCH_NAME_LENGTH = (3, 100)
PERSON_NAME_LENGTH = (3, 50)
MAX_EMAIL_LENGTH = 254

# Lazy: each is shown in the page's language on a page and in English in a JSON error body.
PHONE_MESSAGE = _l("Enter a 10-digit Indian mobile number")
EMAIL_MESSAGE = _l("Enter a valid email address, such as name@example.com")
ROLE_MESSAGE = _l("Role must be one of %(roles)s", roles=", ".join(PLAYER_ROLES))
FILE_TYPE_MESSAGE = _l("File must be PNG, JPEG or PDF")
TEAM_NAME = _l("Team name")
CHURCH_NAME = _l("Church name")
NAME = _l("Name")

_FILE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"%PDF-", "application/pdf", "pdf"),
)
# [0-9], not \d: \d also matches e.g. Tamil digits, which no phone network dials.
_MOBILE_RE = re.compile(r"[6-9][0-9]{9}")
_PHONE_SEPARATORS_RE = re.compile(r"[\s-]")
_ROLE_SEPARATORS_RE = re.compile(r"[\s_-]")
# ZWNJ/ZWJ are format characters (Cf) like the invisible ones used to fake a new name, but right after a virama
# they are Tamil and Malayalam spelling (they pick a conjunct's or a chillu's written form, RFC 5892's CONTEXTJ
# rule), so names may hold them there and nowhere else. name_key drops them: they never tell names apart.
_JOINERS = frozenset("\u200c\u200d")
_VIRAMA = 9  # canonical combining class of the virama (Tamil pulli, Malayalam chandrakkala, ...)
# Other (C*) categories: control, format, surrogate, private use and unassigned characters are never in a name.
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn"))
_TEAM_NAME_PUNCTUATION = frozenset(" '-")
_PERSON_NAME_PUNCTUATION = frozenset(" .'-")


class FieldError(ValueError):
    """One field's rejection: a message fit to show a team captain, plus an API error code."""

    def __init__(self, message: str, code: str = VALIDATION_FAILED) -> None:
        """Store the captain-facing message and the machine-readable error code."""
        super().__init__(message)
        self.message = message
        self.code = code

    def __repr__(self) -> str:
        """Show both code and message when debugging."""
        return f"FieldError({self.message!r}, {self.code!r})"


def _is_letter(char: str) -> bool:
    # Tamil and other Indic vowel signs are combining marks (category M*), not letters.
    return char.isalpha() or unicodedata.category(char).startswith("M")


def _check_visible(value: str, what: str) -> str:
    """Return value with its joiners (all right after a virama) left out; refuse any other hidden character."""
    if value.isprintable():  # names almost always are: no scan
        return value
    for index, char in enumerate(value):
        if char in _JOINERS and index and unicodedata.combining(value[index - 1]) == _VIRAMA:
            continue
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            raise FieldError(_l("%(what)s contains invisible or control characters", what=what))
    return "".join(char for char in value if char not in _JOINERS)


def _check_length(value: str, what: str, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= len(value) <= high:
        raise FieldError(_l("%(what)s must be between %(low)d and %(high)d characters", what=what, low=low, high=high))
    # A few compatibility characters spell out to many letters (U+FDFA to 18): the key column must hold the key.
    # An ASCII name's key is at most three times its length ("%" is the longest), so only others are measured.
    if not value.isascii() and len(name_key(value)) > KEY_ROOM * high:
        raise FieldError(_l("%(what)s is too long", what=what))


def validate_team_name(value: str) -> str:
    """Return the normalised team name: letters of any script, digits, spaces, ' and -."""
    name = normalize_name(value)
    _check_length(name, TEAM_NAME, TEAM_NAME_LENGTH)
    visible = _check_visible(name, TEAM_NAME)
    if not all(_is_letter(c) or c.isdecimal() or c in _TEAM_NAME_PUNCTUATION for c in visible):
        raise FieldError(_l("Team name may contain only letters, digits, spaces, apostrophes and hyphens"))
    if not any(c.isalpha() for c in name):
        raise FieldError(_l("Team name must contain at least one letter"))
    return name


def validate_church_name(value: str) -> str:
    """Return the normalised church name; any visible text is allowed."""
    name = normalize_text(value)
    _check_length(name, CHURCH_NAME, CHURCH_NAME_LENGTH)
    _check_visible(name, CHURCH_NAME)
    return name


def validate_person_name(value: str) -> str:
    """Return the normalised name of a captain, vice-captain or player."""
    name = normalize_name(value)
    _check_length(name, NAME, PERSON_NAME_LENGTH)
    visible = _check_visible(name, NAME)
    if not all(_is_letter(c) or c in _PERSON_NAME_PUNCTUATION for c in visible):
        raise FieldError(_l("Name may contain only letters, spaces, dots, apostrophes and hyphens"))
    if not any(c.isalpha() for c in name):
        raise FieldError(_l("Name must contain at least one letter"))
    return name


def validate_phone(value: str) -> str:
    """Return an Indian mobile number as 10 digits, accepting +91, 91 or 0 prefixes, spaces and dashes."""
    digits = _PHONE_SEPARATORS_RE.sub("", value)
    if digits.startswith("+91"):
        digits = digits[3:]
    elif len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if not _MOBILE_RE.fullmatch(digits):
        raise FieldError(PHONE_MESSAGE)
    return digits


def validate_email(value: str) -> str:
    """Return the email address normalised and lower-cased; the domain is not looked up."""
    address = value.strip()
    if len(address) > MAX_EMAIL_LENGTH:
        raise FieldError(_l("Email address must be at most %(limit)d characters", limit=MAX_EMAIL_LENGTH))
    try:
        result = email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise FieldError(EMAIL_MESSAGE) from exc
    return result.normalized.lower()


def _role_key(value: str) -> str:
    return _ROLE_SEPARATORS_RE.sub("", value.lower())


_ROLES_BY_KEY = {_role_key(role): role for role in PLAYER_ROLES}


def validate_role(value: str) -> str | None:
    """Return the canonical player role for variants like "all rounder", or None when blank."""
    key = _role_key(value)
    if not key:
        return None
    if key not in _ROLES_BY_KEY:
        raise FieldError(ROLE_MESSAGE)
    return _ROLES_BY_KEY[key]


def format_size(size: int) -> str:
    """Describe a byte count for people, e.g. 5242880 -> "5 MiB"."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def sniff_content_type(head: bytes) -> tuple[str, str] | None:
    """Identify PNG, JPEG or PDF from leading bytes as (content_type, extension), else None."""
    for signature, content_type, extension in _FILE_SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def file_too_large(max_bytes: int) -> FieldError:
    """The refusal of a file over `max_bytes`, also for one the server stopped reading before it ended."""
    return FieldError(_l("File is larger than %(size)s", size=format_size(max_bytes)), FILE_TOO_LARGE)


def page_message(error: FieldError) -> str:
    """A field's refusal as text in the page's language, for a JSON answer that a page's script shows the captain
    (error_body renders a lazy message in English). Every surface words a refusal the way its FieldError does."""
    return str(error.message)


def validate_file_bytes(data: bytes, max_bytes: int) -> tuple[str, str]:
    """Return (content_type, extension) of an upload, judged by its bytes and never by its name."""
    if len(data) > max_bytes:
        raise file_too_large(max_bytes)
    sniffed = sniff_content_type(data)
    if sniffed is None:
        raise FieldError(FILE_TYPE_MESSAGE, UNSUPPORTED_FILE_TYPE)
    return sniffed


class FileLike(Protocol):
    """The part of werkzeug's FileStorage that parsing relies on."""

    filename: str | None
    stream: IO[bytes]


@dataclass(frozen=True)
class UploadedFile:
    """An accepted upload; type and extension come from its bytes, original_name is untrusted."""

    field: str
    data: bytes = dataclass_field(repr=False)
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str
    # Set for a file already in storage (a draft's): the registration records it without uploading it again.
    stored: object = None


def read_upload(field_name: str, file: FileLike | None, max_bytes: int) -> UploadedFile | None:
    """Read and check one upload, never more than max_bytes + 1 bytes; None for an empty file input."""
    if file is None:
        return None
    data = read_at_most(file.stream, max_bytes + 1)
    if not data:
        return None
    content_type, extension = validate_file_bytes(data, max_bytes)
    return UploadedFile(
        field=field_name,
        data=data,
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=sha256_of(file.stream, data),
        original_name=file.filename or "",
    )
