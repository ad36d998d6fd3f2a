"""Teams, their players and their documents."""
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import relationship

from flask_appbuilder import Model

from ..text import KEY_ROOM
from .base import UTCDateTime, utcnow

TEAM_STATUSES = ("pending", "confirmed", "rejected", "withdrawn")
SLOT_HOLDING = ("pending", "confirmed")
PLAYER_ROLES = ("Batsman", "Bowler", "All-Rounder", "Wicket-Keeper")
DOCUMENT_KINDS = ("pastor_letter", "payment_receipt", "group_photo", "aadhar", "subscription")
DOCUMENT_VERDICTS = ("ok", "problem")  # NULL: not reviewed yet
_HOLDS_SLOT = text("status IN ('pending', 'confirmed')")


class Team(Model):
    """A registered team; holds a church slot while pending or confirmed."""

    __tablename__ = "team"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'confirmed', 'rejected', 'withdrawn')", name="ck_team_status"),
        CheckConstraint("status != 'rejected' OR rejection_reason IS NOT NULL", name="ck_team_rejection_reason"),
        # Names and captain emails are unique only among teams that hold a slot, so a rejected
        # team's name can be reused; a partial index states that in the database itself.
        Index("uq_team_active_name", "name_key", unique=True,
              sqlite_where=_HOLDS_SLOT, postgresql_where=_HOLDS_SLOT),
        Index("uq_team_active_captain_email", "captain_email", unique=True,
              sqlite_where=_HOLDS_SLOT, postgresql_where=_HOLDS_SLOT),
        Index("ix_team_church_status", "church_id", "status"),
        Index("ix_team_status_created", "status", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    code = Column(String(16), nullable=False, unique=True)
    name = Column(String(80), nullable=False)
    name_key = Column(String(KEY_ROOM * 80), nullable=False)
    church_id = Column(Integer, ForeignKey("church.id", ondelete="RESTRICT"), nullable=False)
    church = relationship("Church", lazy="joined")
    status = Column(String(16), nullable=False, default="pending")
    rejection_reason = Column(Text)
    language = Column(String(5), nullable=False, default="en")
    captain_name = Column(String(50), nullable=False)
    captain_phone = Column(String(10), nullable=False)
    captain_email = Column(String(254), nullable=False)
    captain_whatsapp = Column(String(10))
    vice_name = Column(String(50), nullable=False)
    vice_phone = Column(String(10), nullable=False)
    vice_email = Column(String(254), nullable=False)
    vice_whatsapp = Column(String(10))
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    decided_at = Column(UTCDateTime)
    players = relationship("Player", back_populates="team", order_by="Player.position",
                           cascade="all, delete-orphan", passive_deletes=True)
    documents = relationship("Document", back_populates="team", order_by="Document.id",
                             cascade="all, delete-orphan", passive_deletes=True)

    @property
    def holds_slot(self):
        """True while the team uses one of its church's slots."""
        return self.status in SLOT_HOLDING

    def __repr__(self):
        return f"{self.code} {self.name}"


class Player(Model):
    """A player on a team's roster, in registration order."""

    __tablename__ = "player"
    __table_args__ = (
        UniqueConstraint("team_id", "name_key", name="uq_player_team_name"),
        UniqueConstraint("team_id", "position", name="uq_player_team_position"),
        CheckConstraint("role IS NULL OR role IN ('Batsman', 'Bowler', 'All-Rounder', 'Wicket-Keeper')",
                        name="ck_player_role"),
    )

    id = Column(Integer, primary_key=True)
    team_id = Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False, index=True)
    team = relationship("Team", back_populates="players")
    code = Column(String(24), nullable=False, unique=True)
    position = Column(Integer, nullable=False)
    name = Column(String(50), nullable=False)
    name_key = Column(String(KEY_ROOM * 50), nullable=False)
    role = Column(String(16))
    documents = relationship("Document", back_populates="player", order_by="Document.id",
                             passive_deletes=True)

    def __repr__(self):
        return f"{self.code} {self.name}"


class Document(Model):
    """An uploaded file: where it is stored, what it is and whether it is personal data."""

    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint("kind IN ('pastor_letter', 'payment_receipt', 'group_photo', 'aadhar', 'subscription')",
                        name="ck_document_kind"),
        CheckConstraint("size >= 0", name="ck_document_size"),
        UniqueConstraint("backend", "storage_key", name="uq_document_storage_key"),
        CheckConstraint("verdict IS NULL OR verdict IN ('ok', 'problem')", name="ck_document_verdict"),
    )

    id = Column(Integer, primary_key=True)
    team_id = Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False, index=True)
    team = relationship("Team", back_populates="documents")
    player_id = Column(Integer, ForeignKey("player.id", ondelete="CASCADE"), index=True)
    player = relationship("Player", back_populates="documents")
    kind = Column(String(20), nullable=False)
    backend = Column(String(16), nullable=False)
    storage_key = Column(String(255), nullable=False)
    content_type = Column(String(40), nullable=False)
    size = Column(Integer, nullable=False)
    sha256 = Column(String(64), nullable=False)
    private = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    # The organiser's verdict on this file: NULL until reviewed; a problem's note tells the captain what is wrong.
    verdict = Column(String(10))
    verdict_note = Column(Text)
    verdict_by = Column(String(120))
    verdict_at = Column(UTCDateTime)

    def __repr__(self):
        return f"{self.kind} {self.storage_key}"
