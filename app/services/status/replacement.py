"""A captain replaces the documents an organiser marked as problems: the only change the status page can make.

Like a registration, the slow part (checking and storing the files) runs before one short transaction, which
swaps each document row to its new file, clears its verdict, brings a rejected team back to the review queue
(through the team state machine, so the church's slot limit holds), queues the old files' deletion and audits it
all. The old files go by the documents' one removal path: deleted once that transaction is committed, left queued
for the sweep when storage refuses; on any failure before it, the new files are deleted instead.
"""
import logging
import re
import uuid
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import Document, Team, TeamStatusLink
from ...web.errors import Conflict, NotFound, ValidationFailed
from ..audit import events as audit
from ..core.transactions import CommitUnconfirmed, run_in_transaction
from ..documents.removal import delete_released, queue_files_of
from ..documents.storage import StorageError, get_storage
from ..documents.uploads import discard, sweep_if_pending, upload_all
from ..registration.register import UploadUnavailable
from ..core.tokens import looks_like_token, token_hash
from ..registration.validators import FieldError, page_message, read_upload
from ..review import decisions
from ..review.document_verdicts import problem_documents

log = logging.getLogger("app.status")
ACTOR = "captain"
FIELD_PREFIX = "document_"
_FIELD_RE = re.compile(r"document_([1-9][0-9]{0,9})")
FORM_FIELDS = frozenset({"csrf_token"})  # the only text a replacement form sends
REPLACEABLE_STATUSES = ("pending", "rejected", "confirmed")


@dataclass
class TeamStatus:
    """What the status page shows: the team (church loaded) and its documents marked as problems."""

    team: Team
    problems: list = field(default_factory=list)

    @property
    def can_replace(self):
        """Whether the page offers replacement uploads."""
        return bool(self.problems) and self.team.status in REPLACEABLE_STATUSES


@dataclass
class Replaced:
    """The outcome of a replacement: the team afterwards, the documents replaced, whether it was re-queued."""

    team: Team
    documents: list
    requeued: bool


def field_name(document):
    """The form field that carries a document's replacement."""
    return f"{FIELD_PREFIX}{document.id}"


def status_for(token):
    """The team and problem documents behind a status link, or None for an unknown or revoked token.

    Two statements whatever the team's size: the team with its church, then its problems with their players.
    """
    if not looks_like_token(token):
        return None
    team = db.session.scalar(select(Team).join(TeamStatusLink, TeamStatusLink.team_id == Team.id)
                             .where(TeamStatusLink.token_hash == token_hash(token)))
    if team is None:
        return None
    return TeamStatus(team, problem_documents(team.id))


def replace_documents(token, form, files, max_bytes):
    """Replace the problem documents whose files are in `files` (fields `document_<id>`); return a Replaced.

    Refuses, changing nothing, a form that sends any other field or a file for a document that is not one of
    this team's problems; NotFound for a token that opens no page.
    """
    status = status_for(token)
    if status is None:
        raise NotFound(_("Nothing was found at this address."))
    uploads = _read_uploads(status, form, files, max_bytes)
    if status.team.status not in REPLACEABLE_STATUSES:
        raise Conflict(_("This registration is closed, so its documents can no longer be replaced."))
    storage = get_storage()
    prefix = f"replacements/{uuid.uuid4().hex}"
    items = [(f"{prefix}/{document_id}.{upload.extension}", upload) for document_id, upload in uploads.items()]
    try:
        stored = upload_all(storage, items)
    except StorageError as error:
        raise UploadUnavailable(_("Document upload is unavailable right now. Please try again shortly.")) from error
    sweep_if_pending(storage)
    new_files = {document_id: obj for document_id, obj in zip(uploads, stored)}
    team_id = status.team.id
    try:
        outcome, released = run_in_transaction(lambda: _commit(team_id, uploads, new_files))
    except CommitUnconfirmed:
        # As in a registration: the new files may be the stored ones now, so they stay; if the change was
        # stored, so was the old files' queued deletion, and the sweep deletes them.
        log.error("replacement outcome unknown", extra={"event": "documents.replace_unconfirmed",
                                                        "storage_prefix": prefix})
        raise
    except BaseException:
        discard(storage, stored)
        raise
    delete_released(released, storage)
    return outcome


def _read_uploads(status, form, files, max_bytes):
    """{document id: UploadedFile} from the form, checked by the registration's file rules; ValidationFailed
    naming every refused field (anything but the problem documents' files is refused)."""
    errors, uploads = {}, {}
    problems = {document.id for document in status.problems}
    for name in form:
        if name not in FORM_FIELDS:
            errors[name] = _("Only replacement files can be sent from this page; nothing else can be changed here.")
    for name in files:
        match = _FIELD_RE.fullmatch(name)
        if match is None or int(match.group(1)) not in problems:
            errors[name] = _("This document is not marked as a problem, so it cannot be replaced.")
            continue
        if len(files.getlist(name)) > 1:
            errors[name] = _("Choose one file for each document.")
            continue
        try:
            upload = read_upload(name, files.get(name), max_bytes)
        except FieldError as error:
            errors[name] = page_message(error)
            continue
        if upload is not None:
            uploads[int(match.group(1))] = upload
    if not uploads and not errors:
        errors["form"] = _("Choose a new file for at least one of the documents below.")
    if errors:
        raise ValidationFailed(errors, message=_("Nothing was replaced. Please correct the highlighted fields."))
    return uploads


def _commit(team_id, uploads, new_files):
    """Lock the team, re-check each document is still its problem, swap the files, re-queue, audit.

    Returns (Replaced, the old files Released, to delete once committed).
    """
    team = db.session.scalar(select(Team).where(Team.id == team_id).with_for_update(of=Team)
                             .execution_options(populate_existing=True))
    if team is None or team.status not in REPLACEABLE_STATUSES:
        raise Conflict(_("This registration is closed, so its documents can no longer be replaced."))
    documents = list(db.session.scalars(select(Document).where(Document.id.in_(list(uploads)))
                                        .with_for_update(of=Document).execution_options(populate_existing=True)))
    if len(documents) != len(uploads) or any(d.team_id != team.id or d.verdict != "problem" for d in documents):
        raise Conflict(_("The organisers changed this team's documents meanwhile. Please open the page again."))
    released = queue_files_of(documents)  # before the rows name the new files
    replaced = []
    for document in documents:
        upload, new = uploads[document.id], new_files[document.id]
        details = {"document_id": document.id, "kind": document.kind,
                   "player": document.player.code if document.player else None,
                   "from_sha256": document.sha256, "to_sha256": upload.sha256, "note": document.verdict_note}
        document.backend, document.storage_key, document.private = new.backend, new.key, new.private
        document.content_type, document.size, document.sha256 = upload.content_type, upload.size, upload.sha256
        document.verdict = document.verdict_note = document.verdict_by = document.verdict_at = None
        audit.record("document.replaced", team=team, actor=ACTOR, details=details)
        replaced.append(document)
    db.session.flush()
    requeued = team.status == "rejected"
    if requeued:
        # The state machine's own reopen: its slot and uniqueness checks, audit event and email.
        team = decisions.move(team.id, "reopen", actor=ACTOR)
    return Replaced(team, replaced, requeued), released
