"""Registration drafts: documents a captain uploads one by one before the final submit, under a secret token."""
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import relationship

from flask_appbuilder import Model

from .base import UTCDateTime, utcnow


class RegistrationDraft(Model):
    """A registration in the making: its token (stored only hashed), lifetime and, once submitted, its team."""

    __tablename__ = "registration_draft"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    # The storage folder of the draft's files: random, so no key reveals the token or another draft's folder.
    folder = Column(String(32), nullable=False, unique=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = Column(UTCDateTime, nullable=False, index=True)
    # Set in the registration's own transaction: the draft is spent, and a replayed submit answers with this team.
    team_id = Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), index=True)
    submitted_at = Column(UTCDateTime)
    files = relationship("DraftFile", back_populates="draft", order_by="DraftFile.id",
                         cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self):
        return f"draft {self.id}"


class DraftFile(Model):
    """One checked document stored for a draft, under the form field it will fill."""

    __tablename__ = "draft_file"
    __table_args__ = (
        UniqueConstraint("draft_id", "field", name="uq_draft_file_field"),
        UniqueConstraint("backend", "storage_key", name="uq_draft_file_storage_key"),
        CheckConstraint("size >= 0", name="ck_draft_file_size"),
        Index("ix_draft_file_draft", "draft_id"),
    )

    id = Column(Integer, primary_key=True)
    draft_id = Column(Integer, ForeignKey("registration_draft.id", ondelete="CASCADE"), nullable=False)
    draft = relationship("RegistrationDraft", back_populates="files")
    field = Column(String(40), nullable=False)
    backend = Column(String(16), nullable=False)
    storage_key = Column(String(255), nullable=False)
    content_type = Column(String(40), nullable=False)
    extension = Column(String(8), nullable=False)
    size = Column(Integer, nullable=False)
    sha256 = Column(String(64), nullable=False)
    filename = Column(String(255), nullable=False, default="")
    private = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    def __repr__(self):
        return f"{self.field} {self.storage_key}"
