"""Match-day check-in: which players of the two teams were present at a match."""
from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import relationship

from flask_appbuilder import Model

from .base import UTCDateTime, utcnow


class MatchCheckin(Model):
    """One player ticked present for one match; no row means not (yet) present."""

    __tablename__ = "match_checkin"
    __table_args__ = (UniqueConstraint("match_id", "player_id", name="uq_match_checkin_player"),)

    id = Column(Integer, primary_key=True)
    match_id = Column(Integer, ForeignKey("match.id", ondelete="CASCADE"), nullable=False, index=True)
    match = relationship("Match")
    player_id = Column(Integer, ForeignKey("player.id", ondelete="CASCADE"), nullable=False, index=True)
    player = relationship("Player")
    checked_by = Column(String(120), nullable=False)
    checked_at = Column(UTCDateTime, nullable=False, default=utcnow)

    def __repr__(self):
        return f"match {self.match_id} player {self.player_id}"
