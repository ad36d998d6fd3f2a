"""Organiser access to uploaded documents: download names, a team's zip, and the post-tournament purge."""
import io
import logging
import zipfile
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import Document, PendingDeletion, Team
from ..audit.events import record
from ..core.bootstrap import ensure_tournament
from .storage import StorageUnavailable, get_storage

log = logging.getLogger("app.documents")
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def download_name(document):
    """`<team code>_<player code>_<kind>.<ext>`, or `<team code>_<kind>.<ext>` for a team document."""
    extension = EXTENSIONS.get(document.content_type, "bin")
    owner = f"{document.team.code}_{document.player.code}" if document.player else document.team.code
    return f"{owner}_{document.kind}.{extension}"


def read_document(document):
    """The document's bytes from storage."""
    return get_storage().open(document.storage_key, private=document.private, content_type=document.content_type)


def signed_url(document, expires_in):
    """A short-lived signed URL when the backend can give one (Cloudinary), else None (serve it ourselves)."""
    storage = get_storage()
    if document.private:
        return storage.private_url(document.storage_key, document.content_type, expires_in)
    return storage.public_url(document.storage_key, document.content_type)


def team_documents_zip(team):
    """A zip of every document of `team`, each under its download name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in team.documents:
            archive.writestr(download_name(document), read_document(document))
    return buffer.getvalue()


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
    if not apply:
        return plan
    from .previews import drop_all_previews  # previews read documents through this module

    storage = get_storage()
    # A preview is as personal as its document, and some may show files replaced long ago: all go.
    drop_all_previews()
    for document in plan.documents:
        try:
            storage.delete(document.storage_key, True, document.content_type)
            plan.deleted += 1
        except StorageUnavailable as error:
            # The row goes now; the file is remembered and deleted once storage answers again.
            db.session.add(PendingDeletion(backend=document.backend, storage_key=document.storage_key,
                                           content_type=document.content_type, private=True,
                                           last_error=str(error)[:1000]))
            plan.deferred += 1
        db.session.delete(document)
    record("documents.purged",
           details={"deleted": plan.deleted, "deferred": plan.deferred, "bytes": plan.total_bytes})
    db.session.commit()
    return plan
