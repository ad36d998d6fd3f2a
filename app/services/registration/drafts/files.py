"""A draft's documents: each checked like the registration's own, stored privately, replaced or removed.

An upload is one request per document, 25 of them per registration, so its statements are few and built once:
one to find the live draft (with the early look at its caps and the field's player limit), then in the
recording transaction one to lock the draft and one insert that checks the caps itself; the draft's files are
read only when that insert adds nothing (a replacement, or a full draft).
"""
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, exists, func, insert, select, update

from ....extensions import db
from ....models import utcnow
from ....web.errors import ValidationFailed
from ...core.transactions import CommitUnconfirmed, run_in_transaction
from ...documents.removal import Released, delete_released, queue_selected
from ...documents.storage import StorageError, get_storage
from ...documents.uploads import discard
from ..register import UploadUnavailable
from ..validators import FieldError, page_message, read_upload
from .store import DRAFT_TABLE, FILE_TABLE, DraftNotFound, caps, check_caps, check_field, live_draft

# A write first, so SQLite takes its lock at once; on PostgreSQL the row lock lasts until the commit.
LOCK = (update(DRAFT_TABLE).where(DRAFT_TABLE.c.id == bindparam("draft_id"), DRAFT_TABLE.c.submitted_at.is_(None),
                                  DRAFT_TABLE.c.expires_at > bindparam("now"))
        .values(folder=DRAFT_TABLE.c.folder))
FILES = select(FILE_TABLE.c.id, FILE_TABLE.c.field, FILE_TABLE.c.size).where(
    FILE_TABLE.c.draft_id == bindparam("draft_id"))
NEW_FILE = ("draft_id", "field", "backend", "storage_key", "private", "content_type", "extension", "size", "sha256",
            "filename", "created_at")


def _add_within_caps():
    """INSERT a file's row only if its field holds none yet and the draft's caps leave room for it: run under the
    draft's lock, a new statement (so it sees every upload committed before the lock was granted), it is the caps
    check and the insert in one round trip. Its values are bound as `new_<column>`."""
    in_draft = FILE_TABLE.c.draft_id == bindparam("new_draft_id")
    values = select(*(bindparam(f"new_{name}", type_=FILE_TABLE.c[name].type) for name in NEW_FILE)).where(
        ~exists().where(in_draft, FILE_TABLE.c.field == bindparam("new_field")),
        select(func.count()).select_from(FILE_TABLE).where(in_draft).scalar_subquery() < bindparam("max_files"),
        select(func.coalesce(func.sum(FILE_TABLE.c.size), 0)).where(in_draft).scalar_subquery() + bindparam("new_size")
        <= bindparam("max_bytes"))
    return insert(FILE_TABLE).from_select(NEW_FILE, values)


ADD_WITHIN_CAPS = _add_within_caps()
# The values to write come with each execution: their keys name the columns.
REPLACE = update(FILE_TABLE).where(FILE_TABLE.c.id == bindparam("file_id"))
FORGET = delete(FILE_TABLE).where(FILE_TABLE.c.id == bindparam("file_id"))


def put_file(token, field, file):
    """Check `file` as the registration would, store it under the draft's `field` (replacing and then deleting
    any earlier file there) and return what the client sees of it. Nothing is stored when it is refused."""
    check_field(field)
    draft = live_draft(token, field)
    check_field(field, draft.max_players)
    upload = _read(field, file)
    # Early, so a full draft costs no upload; checked again under the lock.
    check_caps(field, upload.size, draft.other_files, draft.other_bytes, draft.max_players)
    storage = get_storage()
    key = f"drafts/{draft.folder}/{field}-{secrets.token_hex(4)}.{upload.extension}"
    try:
        stored = storage.save(key, upload.data, upload.content_type, True)
    except StorageError as error:
        raise UploadUnavailable(_("Document upload is unavailable right now. Please try again shortly.")) from error
    try:
        released = run_in_transaction(lambda: _record(draft, upload, stored))
    except CommitUnconfirmed:
        # A row may name the file now; keep it (as the registration does). Its draft's sweep deletes it.
        raise
    except BaseException:
        discard(storage, [stored])
        raise
    if released is not None:
        delete_released(released, storage)
    return {"field": field, "filename": upload.original_name[:255], "size": upload.size,
            "content_type": upload.content_type}


def remove_file(token, field):
    """Remove the draft's file for `field`, if it holds one, and delete it from storage."""
    check_field(field)
    draft = live_draft(token, field)
    released = run_in_transaction(lambda: _forget(draft.id, field))
    if released is not None:
        delete_released(released)


def _read(field, file):
    """The upload, checked by the registration's own rules; a refusal names the field, in the page's language."""
    max_bytes = current_app.config["MAX_FILE_BYTES"]
    try:
        upload = read_upload(field, file, max_bytes)
    except FieldError as error:
        raise ValidationFailed({field: page_message(error)}, error.code) from error
    if upload is None:
        raise ValidationFailed({field: _("Choose a file to upload.")})
    return upload


def _lock(draft_id):
    """Lock the live draft's row for this transaction; DraftNotFound once it is not live."""
    if not db.session.execute(LOCK, {"draft_id": draft_id, "now": utcnow()}).rowcount:
        raise DraftNotFound()


def _record(draft, upload, stored):
    """In one transaction: record the stored file under its field; queue the file it replaces for deletion.
    Returns what was Released, or None when no file was replaced."""
    _lock(draft.id)
    values = {"draft_id": draft.id, "field": upload.field, "backend": stored.backend, "storage_key": stored.key,
              "private": stored.private, "content_type": upload.content_type, "extension": upload.extension,
              "size": upload.size, "sha256": upload.sha256, "filename": upload.original_name[:255],
              "created_at": utcnow()}
    max_files, max_bytes = caps(draft.max_players)
    added = db.session.execute(ADD_WITHIN_CAPS, {**{f"new_{name}": value for name, value in values.items()},
                                                 "max_files": max_files, "max_bytes": max_bytes}).rowcount
    if added:
        return None
    # Not added: the field holds a file already, or the caps refuse this one. The files tell which (still under
    # the lock, so parallel uploads cannot pass the caps together).
    files = db.session.execute(FILES, {"draft_id": draft.id}).all()
    others = [file for file in files if file.field != upload.field]
    check_caps(upload.field, upload.size, len(others), sum(file.size for file in others), draft.max_players)
    old = next(file for file in files if file.field == upload.field)  # the caps allow it, so the field was held
    del values["draft_id"], values["field"]
    released = _release(old.id)
    db.session.execute(REPLACE, {"file_id": old.id, **values})
    return released


def _forget(draft_id, field):
    """In one transaction: drop the draft's row for `field` and queue its file for deletion; return what was
    Released, or None when the field held no file."""
    _lock(draft_id)
    old = next((file for file in db.session.execute(FILES, {"draft_id": draft_id}) if file.field == field), None)
    if old is None:
        return None
    released = _release(old.id)
    db.session.execute(FORGET, {"file_id": old.id})
    return released


def _release(file_id):
    """Queue the deletion of the stored file a draft's row names, before that row lets go of it (same transaction);
    a draft's file has no previews to drop."""
    return Released(queue_selected(FILE_TABLE, FILE_TABLE.c.id == file_id))
