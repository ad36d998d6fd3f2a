"""A draft's documents: each checked like the registration's own, stored privately, replaced or removed."""
import logging
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ....extensions import db
from ....models import DraftFile, PendingDeletion, RegistrationDraft, utcnow
from ....web.errors import ValidationFailed
from ...core.transactions import CommitUnconfirmed, run_in_transaction
from ...documents.storage import StorageError, get_storage
from ...documents.uploads import discard
from ..register import UploadUnavailable
from ..validators import FILE_TOO_LARGE, UNSUPPORTED_FILE_TYPE, FieldError, format_size, read_upload
from .store import DraftNotFound, check_caps, check_field, describe_file, find_draft

log = logging.getLogger("app.drafts")


def put_file(token, field, file):
    """Check `file` as the registration would, store it under the draft's `field` (replacing and then deleting
    any earlier file there) and return what the client sees of it. Nothing is stored when it is refused."""
    check_field(field)
    draft = find_draft(token)
    upload = _read(field, file)
    check_caps(draft.files, field, upload.size)  # early, so a full draft costs no upload; re-checked under lock
    storage = get_storage()
    key = f"drafts/{draft.folder}/{field}-{secrets.token_hex(4)}.{upload.extension}"
    try:
        stored = storage.save(key, upload.data, upload.content_type, True)
    except StorageError as error:
        raise UploadUnavailable(_("Document upload is unavailable right now. Please try again shortly.")) from error
    try:
        shown, replaced = run_in_transaction(lambda: _record(draft.id, upload, stored))
    except CommitUnconfirmed:
        # A row may name the file now; keep it (as the registration does). Its draft's sweep deletes it.
        raise
    except BaseException:
        discard(storage, [stored])
        raise
    _delete_now(storage, replaced)
    return shown


def remove_file(token, field):
    """Remove the draft's file for `field`, if it holds one, and delete it from storage."""
    check_field(field)
    draft = find_draft(token)
    _delete_now(get_storage(), run_in_transaction(lambda: _forget(draft.id, field)))


def _read(field, file):
    """The upload, checked by the registration's own rules; a refusal names the field, in the page's language."""
    max_bytes = current_app.config["MAX_FILE_BYTES"]
    try:
        upload = read_upload(field, file, max_bytes)
    except FieldError as error:
        message = {FILE_TOO_LARGE: _("File is larger than %(limit)s.", limit=format_size(max_bytes)),
                   UNSUPPORTED_FILE_TYPE: _("File must be PNG, JPEG or PDF.")}.get(error.code, error.message)
        raise ValidationFailed({field: message}, error.code) from error
    if upload is None:
        raise ValidationFailed({field: _("Choose a file to upload.")})
    return upload


def _lock(draft_id):
    """Lock the live draft's row for this transaction (a write first, so SQLite takes its lock at once)."""
    table = RegistrationDraft.__table__
    locked = db.session.execute(update(table).where(table.c.id == draft_id, table.c.submitted_at.is_(None),
                                                    table.c.expires_at > utcnow())
                                .values(folder=table.c.folder)).rowcount
    if not locked:
        raise DraftNotFound()


def _record(draft_id, upload, stored):
    """In one transaction: record the stored file under its field; queue the file it replaces for deletion.
    Returns (what the client sees of it, queued deletions)."""
    _lock(draft_id)
    files = db.session.scalars(select(DraftFile).where(DraftFile.draft_id == draft_id)).all()
    check_caps(files, upload.field, upload.size)  # under the lock: parallel uploads cannot pass the caps together
    row = next((file for file in files if file.field == upload.field), None)
    queued = [_queue(row)] if row is not None else []
    if row is None:
        row = DraftFile(draft_id=draft_id, field=upload.field)
        db.session.add(row)
    row.backend, row.storage_key, row.private = stored.backend, stored.key, stored.private
    row.content_type, row.extension, row.size = upload.content_type, upload.extension, upload.size
    row.sha256, row.filename, row.created_at = upload.sha256, upload.original_name[:255], utcnow()
    db.session.flush()
    return describe_file(row), [_plain(pending) for pending in queued]


def _forget(draft_id, field):
    """In one transaction: drop the draft's row for `field` and queue its file for deletion."""
    _lock(draft_id)
    row = db.session.scalar(select(DraftFile).where(DraftFile.draft_id == draft_id, DraftFile.field == field))
    if row is None:
        return []
    queued = _queue(row)
    db.session.delete(row)
    db.session.flush()
    return [_plain(queued)]


def _queue(row):
    """A deletion of the row's stored file, queued in the same transaction that lets go of it, so a crash
    before the file is deleted leaves it to the sweep rather than an orphan."""
    pending = PendingDeletion(backend=row.backend, storage_key=row.storage_key, content_type=row.content_type,
                              private=row.private, attempts=0)
    db.session.add(pending)
    return pending


def _plain(pending):
    """A flushed queue entry as plain values, readable after its commit without reloading it."""
    return {"id": pending.id, "storage_key": pending.storage_key, "private": pending.private,
            "content_type": pending.content_type}


def _delete_now(storage, queued):
    """Delete queued files at once; what storage refuses now stays queued for the sweep."""
    done = []
    for pending in queued:
        try:
            storage.delete(pending["storage_key"], pending["private"], pending["content_type"])
        except StorageError:
            log.warning("draft file queued for deletion", extra={"event": "storage.deletion_queued", "count": 1})
            continue
        done.append(pending["id"])
    if done:
        db.session.execute(delete(PendingDeletion).where(PendingDeletion.id.in_(done)))
        db.session.commit()
