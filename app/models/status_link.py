"""The captain's private status link: one per team, kept only as a hash of its token."""
from flask_appbuilder import Model
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from .base import UTCDateTime, utcnow


class TeamStatusLink(Model):
    """The hash of the token in a team's status link; a new link replaces the hash, so the old one stops working."""

    __tablename__ = "team_status_link"

    id = Column(Integer, primary_key=True)
    team_id = Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False, unique=True)
    team = relationship("Team")
    # SHA-256 of the token, hex: the token itself is never stored, so a copy of the database opens no page.
    token_hash = Column(String(64), nullable=False, unique=True)
    issued_at = Column(UTCDateTime, nullable=False, default=utcnow)
    issued_by = Column(String(120), nullable=False, default="public")

    def __repr__(self):
        return f"status link of team {self.team_id}"
