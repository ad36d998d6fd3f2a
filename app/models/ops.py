"""Operational records: audit events, the mail outbox, idempotency, the code counter and pending deletions."""
from sqlalchemy import JSON, Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import relationship

from flask_appbuilder import Model

from .base import UTCDateTime, utcnow


class AuditEvent(Model):
    """Who did what, when, to which team or match; never edited."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_name_created", "event", "created_at"),)

    id = Column(Integer, primary_key=True)
    event = Column(String(60), nullable=False)
    actor = Column(String(120), nullable=False, default="public")
    team_id = Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), index=True)
    team = relationship("Team")
    match_id = Column(Integer, ForeignKey("match.id", ondelete="SET NULL"), index=True)
    from_status = Column(String(16))
    to_status = Column(String(16))
    reason = Column(Text)
    request_id = Column(String(64))
    details = Column(JSON)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    def __repr__(self):
        return f"{self.event} by {self.actor}"


class OutboxEmail(Model):
    """An email queued in the same transaction as the change it reports."""

    __tablename__ = "outbox_email"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="ck_outbox_status"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id = Column(Integer, primary_key=True)
    template = Column(String(40), nullable=False)
    language = Column(String(5), nullable=False, default="en")
    recipients = Column(JSON, nullable=False)
    context = Column(JSON, nullable=False)
    team_id = Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), index=True)
    team = relationship("Team")
    status = Column(String(10), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    last_error = Column(Text)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    claimed_until = Column(UTCDateTime)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    sent_at = Column(UTCDateTime)

    def __repr__(self):
        return f"{self.template} #{self.id}"


class IdempotencyRecord(Model):
    """A finished or running request under an Idempotency-Key, bound to a fingerprint of its body."""

    __tablename__ = "idempotency_record"
    __table_args__ = (CheckConstraint("state IN ('running', 'done')", name="ck_idempotency_state"),)

    id = Column(Integer, primary_key=True)
    key = Column(String(255), nullable=False, unique=True)
    fingerprint = Column(String(64), nullable=False)
    state = Column(String(8), nullable=False, default="running")
    response_status = Column(Integer)
    response_body = Column(Text)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    # When the record stops holding its key: while running, the end of its request's time (a retry may then
    # take the key over); once done, the end of the replay window.
    expires_at = Column(UTCDateTime, nullable=False, index=True)


class CodeCounter(Model):
    """The next number of a gapless code sequence, locked while a registration commits."""

    __tablename__ = "code_counter"

    name = Column(String(30), primary_key=True)
    next_value = Column(Integer, nullable=False, default=1)


class PendingDeletion(Model):
    """A stored file that must be deleted but could not be yet, because storage was down."""

    __tablename__ = "pending_deletion"

    id = Column(Integer, primary_key=True)
    backend = Column(String(16), nullable=False)
    storage_key = Column(String(255), nullable=False)
    content_type = Column(String(40), nullable=False)
    private = Column(Boolean, nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    last_error = Column(Text)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
