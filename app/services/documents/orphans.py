"""Files in local storage that no row names (a process killed between writing them and its commit), deleted."""
import logging

from sqlalchemy import select, union_all

from ...extensions import db
from ...models import Document, DraftFile, PendingDeletion

log = logging.getLogger("app.uploads")
DEFAULT_AGE_SECONDS = 3600  # far longer than any request, so a file whose row is about to commit is never taken


def sweep_orphan_files(storage, older_than=DEFAULT_AGE_SECONDS):
    """Delete every stored file older than `older_than` seconds that no document, draft file or queued deletion
    names; return how many. Backends that cannot list their files (Cloudinary) are left alone: 0."""
    if not hasattr(storage, "stored_files"):
        return 0
    names = union_all(*(select(model.storage_key).where(model.backend == storage.name)
                        for model in (Document, DraftFile, PendingDeletion)))
    files = list(storage.stored_files(older_than))  # listed before the names are read: a later row only keeps more
    named = set(db.session.execute(names).scalars())
    deleted = 0
    for key, private in files:
        if key not in named:
            storage.delete_file(key, private)
            deleted += 1
    if deleted:
        log.warning("files no row names deleted", extra={"event": "storage.orphans_deleted", "count": deleted})
    return deleted
