"""Parallel, bounded document uploads before the registration transaction, and their compensation."""
import logging
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import current_app
from sqlalchemy import delete, exists

from ...extensions import db
from ...models import Document, PendingDeletion
from ...web.deadline import deadline, time_left, timed_out
from .storage import StorageError, StorageUnavailable

log = logging.getLogger("app.uploads")
SWEEP_CHECK_SECONDS = 30.0
_next_sweep_check = weakref.WeakKeyDictionary()  # storage backend -> monotonic time of its next check


def _upload_pool():
    """The app's shared upload threads: starting threads per request costs more than the uploads themselves."""
    return _upload_pool_of(current_app)


def _upload_pool_of(app):
    """The upload threads of `app`, created on first use."""
    pool = app.extensions.get("upload_pool")
    if pool is None:
        pool = app.extensions.setdefault(
            "upload_pool", ThreadPoolExecutor(max_workers=app.config["UPLOAD_CONCURRENCY"],
                                              thread_name_prefix="upload"))
    return pool


def upload_all(storage, items):
    """Save every (key, UploadedFile) pair: in parallel (bounded by UPLOAD_CONCURRENCY across the process)
    when the backend gains from it, else one after another; on any failure delete what was saved and re-raise."""
    if not storage.concurrent_uploads:
        return _upload_in_turn(storage, items)
    saved, failures = [], []
    if storage.health().get("breaker", "closed") != "closed":
        # A half-open breaker admits one trial call: send one file alone so the rest are not refused.
        key, upload = items[0]
        saved.append(storage.save(key, upload.data, upload.content_type, True))
        items = items[1:]
    pool = _upload_pool()
    futures = [pool.submit(storage.save, key, upload.data, upload.content_type, True) for key, upload in items]
    for future in futures:
        try:
            saved.append(future.result(timeout=time_left()))
        except StorageError as error:
            failures.append(error)
        except FutureTimeout:
            _abandon(storage, futures, saved)
            raise timed_out() from None
    if failures:
        discard(storage, saved)
        unavailable = next((f for f in failures if isinstance(f, StorageUnavailable)), None)
        raise unavailable or failures[0]
    return saved


def _upload_in_turn(storage, items):
    """Save them all in this thread (the backend's `save_all`: for files, one sync for the lot); on any failure,
    or when the request's time is up, nothing stays saved and the error is re-raised."""
    until = deadline()

    def in_time():
        if until is not None and time.monotonic() >= until:
            raise timed_out()

    return storage.save_all([(key, upload.data, upload.content_type, True) for key, upload in items], in_time)


def _abandon(storage, futures, saved):
    """Give up on a batch: cancel queued uploads, delete finished ones, and have running ones delete their
    file as soon as they finish."""
    app = current_app._get_current_object()

    def succeeded(future):
        return not future.cancelled() and future.exception() is None

    def cleanup(future):
        if succeeded(future):
            _discard_in(app, storage, [future.result()])

    # Deleting is itself an outbound call, so it happens on the upload threads, after the reply.
    pool = _upload_pool_of(app)
    pool.submit(lambda: _discard_in(app, storage, saved))
    for future in futures:
        if not future.cancel():
            future.add_done_callback(lambda done: pool.submit(cleanup, done))


def _discard_in(app, storage, stored_objects):
    """`discard` from a worker thread, inside an app context."""
    with app.app_context():
        discard(storage, stored_objects)


def discard(storage, stored_objects):
    """Delete uploaded objects; those that cannot be deleted now are recorded for a later sweep."""
    leftovers = []
    for obj in stored_objects:
        try:
            storage.delete(obj.key, obj.private, obj.content_type)
        except StorageError as error:
            leftovers.append((obj, str(error)[:500]))
    if leftovers:
        for obj, error in leftovers:
            db.session.add(PendingDeletion(backend=obj.backend, storage_key=obj.key, content_type=obj.content_type,
                                           private=obj.private, attempts=1, last_error=error))
        db.session.commit()
        mark_sweep_due(storage)
        log.warning("uploads queued for deletion", extra={"event": "storage.deletion_queued",
                                                           "count": len(leftovers)})


def mark_sweep_due(storage):
    """This process knows there are queued deletions: the next registration that reaches storage sweeps at once."""
    _next_sweep_check[storage] = 0.0


def sweep_if_pending(storage):
    """Sweep queued deletions for this backend when there are any.

    Looked for at most every SWEEP_CHECK_SECONDS, not on every registration: the query was one of the
    request's round trips, and deletions queued by another instance can wait that long (or for `sweep-uploads`).
    """
    now = time.monotonic()
    if now < _next_sweep_check.get(storage, 0.0):
        return
    _next_sweep_check[storage] = now + SWEEP_CHECK_SECONDS
    if db.session.query(PendingDeletion.id).filter_by(backend=storage.name).first() is not None:
        sweep_pending_deletions(storage)


def sweep_pending_deletions(storage, limit=200):
    """Retry queued deletions; return how many were deleted. A file that a stored document row names is never
    deleted: its entry was queued in error and is dropped."""
    queued, documents = PendingDeletion.__table__, Document.__table__
    named = exists().where(documents.c.backend == queued.c.backend, documents.c.storage_key == queued.c.storage_key)
    db.session.execute(delete(queued).where(queued.c.backend == storage.name, named))
    deleted = 0
    rows = db.session.query(PendingDeletion).filter_by(backend=storage.name).limit(limit).all()
    for row in rows:
        try:
            storage.delete(row.storage_key, row.private, row.content_type)
            db.session.delete(row)
            deleted += 1
        except StorageError as error:
            row.attempts += 1
            row.last_error = str(error)[:500]
    db.session.commit()
    return deleted
