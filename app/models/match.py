"""Scheduled matches, their innings and their results."""
from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import relationship

from flask_appbuilder import Model

from .base import UTCDateTime, utcnow

MATCH_STATUSES = ("scheduled", "live", "completed", "abandoned")


class Match(Model):
    """One fixture between two teams, from schedule to result."""

    __tablename__ = "match"
    __table_args__ = (
        UniqueConstraint("round_number", "match_number", name="uq_match_round_number"),
        CheckConstraint("team1_id != team2_id", name="ck_match_two_teams"),
        CheckConstraint("status IN ('scheduled', 'live', 'completed', 'abandoned')", name="ck_match_status"),
        CheckConstraint("toss_choice IS NULL OR toss_choice IN ('bat', 'bowl')", name="ck_match_toss_choice"),
        CheckConstraint("first_runs IS NULL OR first_runs BETWEEN 0 AND 999", name="ck_match_first_runs"),
        CheckConstraint("second_runs IS NULL OR second_runs BETWEEN 0 AND 999", name="ck_match_second_runs"),
        CheckConstraint("first_wickets IS NULL OR first_wickets BETWEEN 0 AND 10", name="ck_match_first_wkts"),
        CheckConstraint("second_wickets IS NULL OR second_wickets BETWEEN 0 AND 10", name="ck_match_second_wkts"),
        CheckConstraint("outcome IS NULL OR outcome IN ('win', 'tie', 'no_result')", name="ck_match_outcome"),
        CheckConstraint("super_first_runs IS NULL OR super_first_runs BETWEEN 0 AND 99",
                        name="ck_match_super_first_runs"),
        CheckConstraint("super_first_wickets IS NULL OR super_first_wickets BETWEEN 0 AND 2",
                        name="ck_match_super_first_wickets"),
        CheckConstraint("super_second_runs IS NULL OR super_second_runs BETWEEN 0 AND 99",
                        name="ck_match_super_second_runs"),
        CheckConstraint("super_second_wickets IS NULL OR super_second_wickets BETWEEN 0 AND 2",
                        name="ck_match_super_second_wickets"),
    )

    id = Column(Integer, primary_key=True)
    round_label = Column(String(60), nullable=False)
    round_number = Column(Integer, nullable=False)
    match_number = Column(Integer, nullable=False)
    group_name = Column(String(30))
    team1_id = Column(Integer, ForeignKey("team.id", ondelete="RESTRICT"), nullable=False, index=True)
    team2_id = Column(Integer, ForeignKey("team.id", ondelete="RESTRICT"), nullable=False, index=True)
    team1 = relationship("Team", foreign_keys=[team1_id], lazy="joined")
    team2 = relationship("Team", foreign_keys=[team2_id], lazy="joined")
    venue = Column(String(200), nullable=False)
    scheduled_at = Column(UTCDateTime, nullable=False)
    status = Column(String(12), nullable=False, default="scheduled")
    overs_limit = Column(Integer, nullable=False, default=10)
    toss_winner_id = Column(Integer, ForeignKey("team.id", ondelete="RESTRICT"))
    toss_choice = Column(String(4))
    started_at = Column(UTCDateTime)
    ended_at = Column(UTCDateTime)
    scorecard_url = Column(String(500))
    first_batting_id = Column(Integer, ForeignKey("team.id", ondelete="RESTRICT"))
    first_runs = Column(Integer)
    first_wickets = Column(Integer)
    first_balls = Column(Integer)
    second_batting_id = Column(Integer, ForeignKey("team.id", ondelete="RESTRICT"))
    second_runs = Column(Integer)
    second_wickets = Column(Integer)
    second_balls = Column(Integer)
    outcome = Column(String(10))
    winner_id = Column(Integer, ForeignKey("team.id", ondelete="RESTRICT"))
    margin = Column(Integer)
    margin_type = Column(String(8))
    # A tie settled by a super over; the side that batted second in the match bats first in it.
    super_first_runs = Column(Integer)
    super_first_wickets = Column(Integer)
    super_second_runs = Column(Integer)
    super_second_wickets = Column(Integer)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    # Human readouts for the admin list and show pages and the REST API; the wording lives in the matches service.
    @property
    def fixture(self):
        """"Team A vs Team B"."""
        from ..services.matches.sentences import fixture_title
        return fixture_title(self)

    @property
    def result_sentence(self):
        """"Wesley Warriors won by 2 runs", "No result", ...; empty until there is a result."""
        from ..services.matches.sentences import result_sentence
        return result_sentence(self)

    @property
    def result_type(self):
        """normal, no_result, super_over or abandoned; None while the match has no result."""
        from ..services.matches.readouts import result_type_of
        return result_type_of(self)

    @property
    def toss_summary(self):
        """"Trinity Tigers won the toss and chose to bowl", or empty."""
        from ..services.matches.sentences import toss_sentence
        return toss_sentence(self)

    @property
    def first_innings_summary(self):
        """"Immanuel Eagles 165/8 (10 ov)", or empty."""
        from ..services.matches.sentences import innings_line
        return innings_line(self, "first")

    @property
    def second_innings_summary(self):
        """"Trinity Tigers 166/5 (9.4 ov)", or empty."""
        from ..services.matches.sentences import innings_line
        return innings_line(self, "second")

    @property
    def super_over_summary(self):
        """Both sides' super-over scores, or empty."""
        from ..services.matches.sentences import super_over_line
        return super_over_line(self)

    def __repr__(self):
        return f"{self.round_label} #{self.match_number}"
