"""Letting go of stored files: the one path by which a document's file goes, whether its row is deleted (team
deletion, the post-tournament purge) or pointed at a new file (a captain's replacement).

The deletion is queued in the transaction that lets go of the file, the file deleted after the commit (what
storage refuses stays queued for the sweep), and the previews no document shows any more are dropped.
"""
import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import insert, literal, select

from ...extensions import db
from ...models import Document, PendingDeletion, Team, utcnow
from ...web.deadline import deadline
from ..audit.events import record
from ..core.bootstrap import ensure_tournament
from . import uploads
from .previews import drop_all_previews, drop_previews
from .storage import StorageError, get_storage

log = logging.getLogger("app.documents")


@dataclass(frozen=True)
class Released:
    """Stored files let go of in a transaction: their deletion queue entries and the hashes of their bytes."""

    entry_ids: tuple = ()
    digests: frozenset = frozenset()


def queue_selected(table, condition):
    """Queue, in the caller's transaction, the deletion of the stored files named by `table`'s rows matching
    `condition` (any table with backend, storage_key, content_type and private columns); return the entries' ids.

    One INSERT ... SELECT whatever the number of files, so the queue names exactly what the rows named.
    """
    queued = PendingDeletion.__table__
    files = select(table.c.backend, table.c.storage_key, table.c.content_type, table.c.private, literal(0),
                   literal(utcnow(), PendingDeletion.created_at.type)).where(condition)
    statement = insert(queued).from_select(
        ["backend", "storage_key", "content_type", "private", "attempts", "created_at"], files)
    return tuple(db.session.scalars(statement.returning(queued.c.id)))


def queue_files_of(documents):
    """Queue the deletion of the files the documents name now, in the caller's transaction, before they are
    pointed at new files; return what was Released.

    Once the transaction commits no old file can outlive its row unnoticed, because the queue names it; if it
    fails, the queue entries go with it.
    """
    if not documents:
        return Released()
    ids = queue_selected(Document.__table__, Document.id.in_([document.id for document in documents]))
    return Released(ids, frozenset(document.sha256 for document in documents))


def queue_removal(documents):
    """Delete the documents' rows and queue their stored files for deletion, in the caller's transaction;
    return what was Released (handed to `delete_released` once committed)."""
    released = queue_files_of(documents)
    owners = set()
    for document in documents:
        db.session.delete(document)
        owners.update(owner for owner in (document.team, document.player) if owner is not None)
    # Flushed now, and the owners' lists reloaded: a team deleted next would otherwise cascade to these
    # documents again, and its DELETE would find them gone.
    db.session.flush()
    for owner in owners:
        db.session.expire(owner, ["documents"])
    return released


def delete_released(released, storage=None):
    """After the commit: drop the previews no document shows any more, delete each queued file now and drop
    its entry; a file storage cannot delete now (down, or the request's time is up) stays queued for the sweep.
    Return (deleted, deferred)."""
    _drop_unused_previews(released.digests)
    if not released.entry_ids:
        return 0, 0
    storage = storage or get_storage()
    entries = db.session.scalars(select(PendingDeletion).where(PendingDeletion.id.in_(released.entry_ids))
                                 .order_by(PendingDeletion.id)).all()
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
    released = queue_removal(documents)
    record(event, team=team, details={**(details or {}), "documents": len(released.entry_ids)})
    db.session.commit()
    return delete_released(released)


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
