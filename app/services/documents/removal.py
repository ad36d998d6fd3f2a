"""Deleting documents: the one path by which a document's stored file and row go, shared by team deletion
and the post-tournament purge."""
import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import Document, PendingDeletion, Team
from ...web.deadline import deadline
from ..audit.events import record
from ..core.bootstrap import ensure_tournament
from . import uploads
from .previews import drop_all_previews, drop_previews
from .storage import StorageError, get_storage

log = logging.getLogger("app.documents")


def queue_removal(documents):
    """Delete the documents' rows and queue their stored files for deletion, in the caller's transaction.

    The files are queued before anything is deleted from storage: if the transaction fails, nothing is lost;
    once it commits, no file can outlive its row unnoticed, because the queue names it.
    """
    entries, owners = [], set()
    for document in documents:
        entries.append(queue_deletion(document))
        db.session.delete(document)
        owners.update(owner for owner in (document.team, document.player) if owner is not None)
    # Flushed now, and the owners' lists reloaded: a team deleted next would otherwise cascade to these
    # documents again, and its DELETE would find them gone.
    db.session.flush()
    for owner in owners:
        db.session.expire(owner, ["documents"])
    return entries


def queue_deletion(stored):
    """Queue the deletion of `stored`'s file (anything naming backend, storage_key, content_type and private: a
    document, a draft's file) in the caller's transaction, the one that lets go of the file; return the entry."""
    entry = PendingDeletion(backend=stored.backend, storage_key=stored.storage_key,
                            content_type=stored.content_type, private=stored.private, attempts=0)
    db.session.add(entry)
    return entry


def delete_queued(entries, storage=None):
    """After the commit: delete each queued file now and drop its entry; a file storage cannot delete now
    (down, or the request's time is up) stays queued for the sweep. Return (deleted, deferred)."""
    storage = storage or get_storage()
    deleted, deferred, until = 0, 0, deadline()
    for entry in entries:
        if until is not None and time.monotonic() >= until:
            deferred += 1
            continue
        try:
            storage.delete(entry.storage_key, entry.private, entry.content_type)
        except StorageError as error:
            entry.attempts += 1
            entry.last_error = str(error)[:500]
            deferred += 1
        else:
            db.session.delete(entry)
            deleted += 1
    db.session.commit()
    if deferred:
        uploads.mark_sweep_due(storage)
        log.warning("document files queued for deletion", extra={"event": "storage.deletion_queued",
                                                                 "count": deferred})
    return deleted, deferred


def remove_documents(documents, event, details=None, team=None):
    """Delete the documents' rows and files in one committed step audited as `event`; return (deleted,
    deferred) file counts."""
    digests = {document.sha256 for document in documents}
    entries = queue_removal(documents)
    record(event, team=team, details={**(details or {}), "documents": len(entries)})
    db.session.commit()
    _drop_unused_previews(digests)
    return delete_queued(entries)


def _drop_unused_previews(digests):
    """A preview is as personal as its document: it goes with the last document showing those bytes."""
    if not digests:
        return
    still_shown = set(db.session.scalars(select(Document.sha256).where(Document.sha256.in_(digests))))
    for digest in digests - still_shown:
        drop_previews(digest)


@dataclass
class PurgePlan:
    """Private documents to delete, and what happened when the purge was applied."""

    documents: list = field(default_factory=list)
    total_bytes: int = 0
    deleted: int = 0
    deferred: int = 0


def tournament_over(today):
    """True once the tournament's last day is past."""
    ends_on = ensure_tournament().ends_on
    return bool(ends_on and today > ends_on)


def purge_private_documents(apply=False):
    """Plan (and with `apply`, carry out) deleting every private document from storage and the database."""
    documents = list(db.session.scalars(select(Document).where(Document.private.is_(True))
                                        .join(Team).order_by(Team.code, Document.id)))
    plan = PurgePlan(documents, sum(document.size for document in documents))
    if apply:
        # A preview is as personal as its document, and some may show files replaced long ago: all go.
        drop_all_previews()
        plan.deleted, plan.deferred = remove_documents(plan.documents, "documents.purged",
                                                       {"bytes": plan.total_bytes})
    return plan
