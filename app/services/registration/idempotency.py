"""Idempotency-Key handling: a finished request replays, a running one refuses, a different body is refused."""
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import IdempotencyRecord, utcnow
from ...web.errors import AppError, ValidationFailed

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Replay:
    """The stored outcome of the first request under a key."""

    status: int
    body: dict


def fingerprint(form, files):
    """Hash of a multipart request's fields and file contents, independent of part order."""
    digest = hashlib.sha256()
    for name in sorted(form.keys()):
        for value in form.getlist(name):
            digest.update(f"f:{name}={value}\0".encode())
    for name in sorted(files.keys()):
        for storage in files.getlist(name):
            content = hashlib.sha256()
            for chunk in iter(lambda: storage.stream.read(1024 * 1024), b""):
                content.update(chunk)
            storage.stream.seek(0)
            digest.update(f"b:{name}:{storage.filename}:{content.hexdigest()}\0".encode())
    return digest.hexdigest()


def begin(key, request_fingerprint):
    """Claim `key` for this request (returns None), or return the Replay of a finished one, or refuse."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed({"Idempotency-Key": f"Idempotency-Key must be 1–{MAX_KEY_LENGTH} printable characters"})
    now = utcnow()
    stale_running = now - timedelta(seconds=2 * current_app.config["REQUEST_TIMEOUT"])
    # Expired records and runs abandoned by a crashed process no longer hold their key.
    db.session.execute(delete(IdempotencyRecord).where(
        IdempotencyRecord.key == key,
        (IdempotencyRecord.expires_at <= now)
        | ((IdempotencyRecord.state == "running") & (IdempotencyRecord.created_at <= stale_running))))
    ttl = timedelta(hours=current_app.config["IDEMPOTENCY_TTL_HOURS"])
    db.session.add(IdempotencyRecord(key=key, fingerprint=request_fingerprint, state="running", created_at=now,
                                     expires_at=now + ttl))
    try:
        db.session.commit()
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
        raise AppError("A request with this Idempotency-Key is still being processed.", "IDEMPOTENCY_IN_PROGRESS",
                       409, {"header": "Idempotency-Key"})
    return Replay(record.response_status, json.loads(record.response_body))


def finish(key, status, body):
    """Store the outcome under the key; a 5xx releases the key instead so the client may retry."""
    db.session.rollback()
    if status >= 500:
        db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.key == key,
                                                           IdempotencyRecord.state == "running"))
    else:
        db.session.execute(update(IdempotencyRecord).where(IdempotencyRecord.key == key).values(
            state="done", response_status=status, response_body=json.dumps(body)))
    db.session.commit()
