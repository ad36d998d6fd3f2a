"""Sweeping expired drafts: their files are queued for deletion and the drafts go, in one transaction."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, insert, literal, select

from ....extensions import db
from ....models import DraftFile, PendingDeletion, RegistrationDraft, utcnow


def sweep_expired_drafts():
    """Delete every draft past its lifetime, queueing its files' deletion (the upload sweep then deletes them);
    return how many drafts went.

    A draft is left alone for two request times after it expires, so a final submit or an upload that found it
    live has finished (committed or refused) before its files are taken away.
    """
    now = utcnow()
    cutoff = now - timedelta(seconds=2 * current_app.config["REQUEST_TIMEOUT"])
    drafts, files, queued = RegistrationDraft.__table__, DraftFile.__table__, PendingDeletion.__table__
    expired = select(drafts.c.id).where(drafts.c.expires_at <= cutoff)
    db.session.execute(insert(queued).from_select(
        ["backend", "storage_key", "content_type", "private", "attempts", "created_at"],
        select(files.c.backend, files.c.storage_key, files.c.content_type, files.c.private, literal(0),
               literal(now, PendingDeletion.created_at.type)).where(files.c.draft_id.in_(expired))))
    db.session.execute(delete(files).where(files.c.draft_id.in_(expired)))
    count = db.session.execute(delete(drafts).where(drafts.c.expires_at <= cutoff)).rowcount
    db.session.commit()
    return count
