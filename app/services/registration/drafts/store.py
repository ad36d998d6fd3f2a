"""A draft itself: creating one, finding it by its token, its caps, and what its client is shown of it."""
import hashlib
import re
import secrets
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ....extensions import db
from ....models import RegistrationDraft, utcnow
from ....web.errors import AppError, NotFound, ValidationFailed
from ..register import input_limits, registration_body_limit

# secrets.token_urlsafe(32): 32 random bytes in 43 URL-safe characters. Anything else is no token of ours.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
TEAM_FIELDS = ("pastor_letter", "payment_receipt", "group_photo")
# Canonical row numbers only, as the registration reads them ("player_01_..." is no row).
PLAYER_FIELD_RE = re.compile(r"player_(0|[1-9][0-9]{0,2})_(?:aadhar|subscription)_file")


class DraftNotFound(NotFound):
    """No live draft has this token: unknown, expired, already submitted, or not a token at all."""

    error_code = "DRAFT_NOT_FOUND"

    def __init__(self):
        super().__init__(_("This draft does not exist or has expired. Please attach your documents again."))


class DraftFull(AppError):
    """The draft would hold more files or bytes than its caps allow."""

    status = 413
    error_code = "DRAFT_FULL"


def token_hash(token):
    """The stored form of a token: its SHA-256, so the table alone opens no draft."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create_draft():
    """Start a draft; return (token, draft). The token is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    now = utcnow().replace(microsecond=0)
    draft = RegistrationDraft(token_hash=token_hash(token), folder=uuid.uuid4().hex, created_at=now,
                              expires_at=now + timedelta(hours=current_app.config["DRAFT_LIFETIME_HOURS"]))
    db.session.add(draft)
    db.session.commit()
    return token, draft


def find_draft(token, submitted_too=False):
    """The draft of `token` with its files; raise DraftNotFound unless it is live (or, with `submitted_too`,
    already submitted: a replayed final submit is answered from it)."""
    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        raise DraftNotFound()
    draft = db.session.scalar(select(RegistrationDraft).where(RegistrationDraft.token_hash == token_hash(token))
                              .options(selectinload(RegistrationDraft.files)))
    if draft is None:
        raise DraftNotFound()
    if draft.submitted_at is not None:
        if submitted_too:
            return draft
        raise DraftNotFound()
    if draft.expires_at <= utcnow():
        raise DraftNotFound()
    return draft


def check_field(field):
    """Refuse a name that is not one of the form's file inputs for the tournament's roster size."""
    match = PLAYER_FIELD_RE.fullmatch(field)
    if field in TEAM_FIELDS or (match and int(match.group(1)) < input_limits().max_players):
        return field
    raise ValidationFailed({field[:60]: _("This is not a document of the registration form.")})


def caps():
    """(most files, most bytes) one draft may hold; 0 in the settings means what one registration may hold."""
    config = current_app.config
    return (config["DRAFT_MAX_FILES"] or len(TEAM_FIELDS) + 2 * input_limits().max_players,
            config["DRAFT_MAX_BYTES"] or registration_body_limit())


def check_caps(files, field, size):
    """Refuse a file for `field` of `size` bytes that would take the draft past its caps (a file it replaces
    does not count)."""
    others = [file for file in files if file.field != field]
    max_files, max_bytes = caps()
    if len(others) + 1 > max_files:
        raise DraftFull(_("This draft already holds %(count)s documents, the most it may hold.", count=len(others)),
                        details={"field": field, "max_files": max_files})
    if sum(file.size for file in others) + size > max_bytes:
        raise DraftFull(_("The documents of this draft would exceed %(limit)s MiB in all.",
                          limit=max_bytes // (1024 * 1024)), details={"field": field, "max_bytes": max_bytes})


def describe_file(file):
    """What a client sees of a draft's file."""
    return {"field": file.field, "filename": file.filename, "size": file.size, "content_type": file.content_type}


def describe(token, draft):
    """The draft as its client sees it: token, expiry (ISO 8601, UTC) and files by field."""
    return {"draft": {"token": token, "expires_at": draft.expires_at.replace(microsecond=0).isoformat(),
                      "files": {file.field: describe_file(file) for file in draft.files}}}
