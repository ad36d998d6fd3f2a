"""The tournament's one row of editable settings."""
from sqlalchemy import Boolean, CheckConstraint, Column, Date, Integer, String

from flask_appbuilder import Model

from .base import UTCDateTime, utcnow


class Tournament(Model):
    """Name, dates, venue, registration window and the team-size and slot rules."""

    __tablename__ = "tournament"
    __table_args__ = (
        CheckConstraint("min_players >= 1 AND max_players >= min_players", name="ck_tournament_players"),
        CheckConstraint("church_slot_limit >= 1", name="ck_tournament_slot_limit"),
        CheckConstraint("overs_per_innings BETWEEN 1 AND 50", name="ck_tournament_overs"),
    )

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False, default="ICCT26")
    starts_on = Column(Date)
    ends_on = Column(Date)
    venue = Column(String(200))
    registration_opens_at = Column(UTCDateTime)
    registration_closes_at = Column(UTCDateTime)
    registration_closed = Column(Boolean, nullable=False, default=False)
    min_players = Column(Integer, nullable=False, default=11)
    max_players = Column(Integer, nullable=False, default=15)
    church_slot_limit = Column(Integer, nullable=False, default=2)
    overs_per_innings = Column(Integer, nullable=False, default=10)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    def registration_open(self, now=None):
        """True when registration is inside its window and not closed by an organiser."""
        now = now or utcnow()
        if self.registration_closed:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        if self.registration_closes_at and now >= self.registration_closes_at:
            return False
        return True

    def __repr__(self):
        return self.name
