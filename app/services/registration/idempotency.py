"""Idempotency-Key handling: a finished request replays, a running one refuses, a different body is refused."""
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, g
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from ...extensions import db
from ...models import IdempotencyRecord, utcnow
from ...web.deadline import time_left
from ...web.errors import AppError, ValidationFailed
from .digests import digest_of_stream

log = logging.getLogger("app.idempotency")
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Replay:
    """The stored outcome of the first request under a key."""

    status: int
    body: dict


@dataclass
class Claim:
    """This request's hold on its key: the record it inserted, and whether its outcome is stored yet."""

    key: str
    record_id: int
    stored: bool = False


def fingerprint(form, files):
    """Hash of a multipart request's fields and file contents, independent of part order."""
    digest = hashlib.sha256()
    for name in sorted(form.keys()):
        for value in form.getlist(name):
            digest.update(f"f:{name}={value}\0".encode())
    for name in sorted(files.keys()):
        for storage in files.getlist(name):
            # The validator needs each file's digest for its row too: taken once, it serves both.
            digest.update(f"b:{name}:{storage.filename}:{digest_of_stream(storage.stream)}\0".encode())
    return digest.hexdigest()


def begin(key, request_fingerprint):
    """Claim `key` for this request (returns None), or return the Replay of a finished one, or refuse."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed({"Idempotency-Key": f"Idempotency-Key must be 1–{MAX_KEY_LENGTH} printable characters"})
    now = utcnow()
    # An expired record no longer holds its key. A running one expires with its owner's request: by then the
    # owner either stored its outcome with its registration or never will (should its COMMIT still be in
    # flight, the row lock it holds makes this DELETE wait for that COMMIT and then spare the finished record).
    db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.key == key,
                                                       IdempotencyRecord.expires_at <= now))
    record = IdempotencyRecord(key=key, fingerprint=request_fingerprint, state="running", created_at=now,
                               expires_at=now + timedelta(seconds=_seconds_left()))
    db.session.add(record)
    try:
        db.session.flush()
        claim = Claim(key, record.id)
        db.session.commit()
        g.idempotency_claim = claim
        return None
    except IntegrityError:
        db.session.rollback()
    record = db.session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == key))
    if record is None:
        raise AppError("Please retry the request.", "IDEMPOTENCY_IN_PROGRESS", 409)
    if record.fingerprint != request_fingerprint:
        raise AppError("This Idempotency-Key was already used for a different request.", "IDEMPOTENCY_KEY_REUSED",
                       422, {"header": "Idempotency-Key"})
    if record.state == "running":
        raise _in_progress()
    return Replay(record.response_status, json.loads(record.response_body))


def store_outcome(status, body):
    """Inside the work's transaction: store this request's outcome under its key, if it claimed one, so the
    outcome commits with the work. Refused when the key was taken over after this request's time ran out."""
    claim = g.get("idempotency_claim")
    if claim is None:
        return
    if not db.session.execute(_complete(claim.key, claim.record_id, status, body)).rowcount:
        raise _in_progress()
    claim.stored = True


def finish(key, status, body):
    """Store the outcome under the key unless the work's transaction stored it; a 5xx releases the key instead
    so the client may retry. Only this request's own record is touched, and a database that is down leaves it
    to expire with this request: the reply stands either way."""
    claim = g.pop("idempotency_claim", None)
    if claim is None or (claim.stored and status < 300):
        return
    db.session.rollback()
    try:
        mine = (key, claim.record_id)
        db.session.execute(_release(*mine) if status >= 500 else _complete(*mine, status, body))
        db.session.commit()
    except DBAPIError:
        db.session.rollback()
        log.warning("idempotency outcome not stored",
                    extra={"event": "idempotency.unfinished", "reply_status": status})


def _seconds_left():
    """How long this request may still run."""
    left = time_left()
    return current_app.config["REQUEST_TIMEOUT"] if left is None else left


def _in_progress():
    return AppError("A request with this Idempotency-Key is still being processed.", "IDEMPOTENCY_IN_PROGRESS",
                    409, {"header": "Idempotency-Key"})


def _complete(key, record_id, status, body):
    """Mark the record this request inserted under `key` done with its outcome, kept for the replay window;
    a no-op once another request took the key over."""
    table = IdempotencyRecord.__table__
    expires_at = utcnow() + timedelta(hours=current_app.config["IDEMPOTENCY_TTL_HOURS"])
    return (update(table).where(table.c.key == key, table.c.id == record_id, table.c.state == "running")
            .values(state="done", response_status=status, response_body=json.dumps(body), expires_at=expires_at))


def _release(key, record_id):
    """Delete the record this request inserted under `key` while it is still running. On PostgreSQL a record
    locked by a transaction still committing is left alone (that COMMIT decides it) rather than waited for."""
    table = IdempotencyRecord.__table__
    mine = select(table.c.id).where(table.c.key == key, table.c.id == record_id, table.c.state == "running")
    return delete(table).where(table.c.id.in_(mine.with_for_update(skip_locked=True)))
