"""A draft itself: creating one, finding it by its token, its caps, and what its client is shown of it."""
import re
import uuid
from collections import namedtuple
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, insert, select

from ....extensions import db
from ....models import DraftFile, RegistrationDraft, Tournament, utcnow
from ....web.errors import AppError, NotFound, ValidationFailed
from ...core.tokens import looks_like_token, new_token, token_hash
from ..register import input_limits, registration_body_limit
from ..validators import format_size

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


# A draft as its services read it: `files` are rows naming each file's field, where it is stored, its type,
# extension, size, digest and filename.
Draft = namedtuple("Draft", "id submitted_at expires_at files")
DRAFT_TABLE, FILE_TABLE = RegistrationDraft.__table__, DraftFile.__table__
# The draft of a token hash and its files, one row per file (one row of NULLs for an empty draft), in one statement.
FILE_COLUMNS = ("id", "field", "backend", "storage_key", "content_type", "private", "extension", "size", "sha256",
                "filename")
WITH_FILES = (select(DRAFT_TABLE.c.id.label("draft_id"), DRAFT_TABLE.c.submitted_at, DRAFT_TABLE.c.expires_at,
                     *(FILE_TABLE.c[name] for name in FILE_COLUMNS))
              .select_from(DRAFT_TABLE.outerjoin(FILE_TABLE, FILE_TABLE.c.draft_id == DRAFT_TABLE.c.id))
              .where(DRAFT_TABLE.c.token_hash == bindparam("token_hash")).order_by(FILE_TABLE.c.id))


def create_draft():
    """Start a draft; return (token, draft). The token is shown once and never stored."""
    token = new_token()
    now = utcnow().replace(microsecond=0)
    expires_at = now + timedelta(hours=current_app.config["DRAFT_LIFETIME_HOURS"])
    added = db.session.execute(insert(DRAFT_TABLE).values(token_hash=token_hash(token), folder=uuid.uuid4().hex,
                                                      created_at=now, expires_at=expires_at))
    db.session.commit()
    return token, Draft(added.inserted_primary_key[0], None, expires_at, [])


def find_draft(token, submitted_too=False):
    """The draft of `token` with its files; raise DraftNotFound unless it is live (or, with `submitted_too`,
    already submitted: a replayed final submit is answered from it)."""
    if not looks_like_token(token):
        raise DraftNotFound()
    rows = db.session.execute(WITH_FILES, {"token_hash": token_hash(token)}).all()
    if not rows:
        raise DraftNotFound()
    first = rows[0]
    draft = Draft(first.draft_id, first.submitted_at, first.expires_at, [row for row in rows if row.id is not None])
    if draft.submitted_at is not None:
        if submitted_too:
            return draft
        raise DraftNotFound()
    if draft.expires_at <= utcnow():
        raise DraftNotFound()
    return draft


def _live_draft_query():
    """The live draft of a token hash, what its files other than `field` hold, and the tournament's roster size.

    One statement, built once: an upload runs it first, and the draft, the early look at its caps and the
    field's player limit each cost a round trip of their own before (with the ORM's loading on top).
    """
    others = (FILE_TABLE.c.draft_id == DRAFT_TABLE.c.id, FILE_TABLE.c.field != bindparam("field"))
    return (select(DRAFT_TABLE.c.id, DRAFT_TABLE.c.folder,
                   select(func.count()).select_from(FILE_TABLE).where(*others).scalar_subquery().label("other_files"),
                   select(func.coalesce(func.sum(FILE_TABLE.c.size), 0)).where(*others).scalar_subquery()
                   .label("other_bytes"),
                   # The same row current_tournament() reads: the first settings row.
                   select(Tournament.__table__.c.max_players).order_by(Tournament.__table__.c.id).limit(1)
                   .scalar_subquery().label("max_players"))
            .where(DRAFT_TABLE.c.token_hash == bindparam("token_hash"), DRAFT_TABLE.c.submitted_at.is_(None),
                   DRAFT_TABLE.c.expires_at > bindparam("now")))


LIVE_DRAFT = _live_draft_query()
LiveDraft = namedtuple("LiveDraft", "id folder other_files other_bytes max_players")


def live_draft(token, field):
    """The live draft of `token` as (id, folder, other_files, other_bytes, max_players): its files other than
    `field` counted and summed, for an early look at its caps; raise DraftNotFound unless it is live."""
    if not looks_like_token(token):
        raise DraftNotFound()
    row = db.session.execute(LIVE_DRAFT, {"token_hash": token_hash(token), "field": field,
                                          "now": utcnow()}).one_or_none()
    if row is None:
        raise DraftNotFound()
    draft = LiveDraft(*row)
    if draft.max_players is None:  # no settings row yet: the usual read creates it
        draft = draft._replace(max_players=input_limits().max_players)
    return draft


def check_field(field, max_players=None):
    """Refuse a name that is not one of the form's file inputs (for a roster of `max_players`, when given; else
    only the name's shape is checked)."""
    match = PLAYER_FIELD_RE.fullmatch(field)
    if field in TEAM_FIELDS or (match and (max_players is None or int(match.group(1)) < max_players)):
        return field
    raise ValidationFailed({field[:60]: _("This is not a document of the registration form.")})


def caps(max_players):
    """(most files, most bytes) one draft may hold with a roster of `max_players`; 0 in the settings means what
    one registration may hold."""
    config = current_app.config
    return (config["DRAFT_MAX_FILES"] or len(TEAM_FIELDS) + 2 * max_players,
            config["DRAFT_MAX_BYTES"] or registration_body_limit(max_players))


def check_caps(field, size, other_files, other_bytes, max_players):
    """Refuse a file for `field` of `size` bytes that would take the draft past its caps, given what its other
    files hold (`other_files` files of `other_bytes` in all; a file it replaces does not count)."""
    max_files, max_bytes = caps(max_players)
    if other_files + 1 > max_files:
        raise DraftFull(_("This draft already holds %(count)s documents, the most it may hold.", count=other_files),
                        details={"field": field, "max_files": max_files})
    if other_bytes + size > max_bytes:
        raise DraftFull(_("The documents of this draft would exceed %(limit)s in all.", limit=format_size(max_bytes)),
                        details={"field": field, "max_bytes": max_bytes})


def describe_file(file):
    """What a client sees of a draft's file."""
    return {"field": file.field, "filename": file.filename, "size": file.size, "content_type": file.content_type}


def describe(token, draft):
    """The draft as its client sees it: token, expiry (ISO 8601, UTC) and files by field."""
    return {"draft": {"token": token, "expires_at": draft.expires_at.replace(microsecond=0).isoformat(),
                      "files": {file.field: describe_file(file) for file in draft.files}}}
