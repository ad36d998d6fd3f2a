"""A church's waiting list: teams that asked for a slot while the church was full, first come first served."""
from flask_appbuilder import Model
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import relationship

from .base import UTCDateTime, utcnow

WAITING_STATUSES = ("waiting", "offered", "registered", "expired", "removed")
WAITING_ACTIVE = ("waiting", "offered")
_ACTIVE = text("status IN ('waiting', 'offered')")


class WaitingEntry(Model):
    """One team waiting for a slot at a church; an open offer holds a freed slot for it until it expires."""

    __tablename__ = "waiting_entry"
    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'offered', 'registered', 'expired', 'removed')",
                        name="ck_waiting_entry_status"),
        CheckConstraint("status != 'offered' OR (offer_token_hash IS NOT NULL AND offer_expires_at IS NOT NULL)",
                        name="ck_waiting_entry_offer"),
        # One active entry per captain email and church; a closed entry lets the captain join again.
        Index("uq_waiting_entry_active_captain", "church_id", "captain_email", unique=True,
              sqlite_where=_ACTIVE, postgresql_where=_ACTIVE),
        Index("ix_waiting_entry_church_status", "church_id", "status", "id"),
        Index("ix_waiting_entry_offer_expires", "status", "offer_expires_at"),
    )

    id = Column(Integer, primary_key=True)
    church_id = Column(Integer, ForeignKey("church.id", ondelete="RESTRICT"), nullable=False)
    church = relationship("Church", lazy="joined")
    team_name = Column(String(80), nullable=False)
    captain_name = Column(String(50), nullable=False)
    captain_email = Column(String(254), nullable=False)
    captain_phone = Column(String(10), nullable=False)
    language = Column(String(5), nullable=False, default="en")
    status = Column(String(16), nullable=False, default="waiting")
    # SHA-256 of the offer link's token: the link itself is only in the captain's email.
    offer_token_hash = Column(String(64), unique=True)
    offered_at = Column(UTCDateTime)
    offer_expires_at = Column(UTCDateTime)
    team_id = Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), index=True)
    team = relationship("Team")
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    closed_at = Column(UTCDateTime)

    @property
    def active(self):
        """True while the entry waits or holds an offer."""
        return self.status in WAITING_ACTIVE

    def __repr__(self):
        return f"{self.team_name} ({self.status})"
