"""Figures for the organisers' dashboard: teams by status, registrations per day, church slots, documents
awaiting review, matches by status and outbox health; each a fixed number of queries however many teams."""
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from ...extensions import db
from ...models import MATCH_STATUSES, TEAM_STATUSES, Church, Document, Match, OutboxEmail, Team, utcnow
from ..churches.rules import slot_usage
from ..core.bootstrap import ensure_tournament

QUEUE_SHOWN = 8  # pending teams charted one by one; the rest are counted
CHURCHES_SHOWN = 12  # fullest churches charted; the rest are counted


@dataclass(frozen=True)
class ChurchSlots:
    """A church's slot use."""

    id: int
    name: str
    teams: int
    offers: int  # slots held by the church's open waiting-list offers
    limit: int

    @property
    def used(self):
        """Slots taken, as the registration counts them: by teams and by open offers."""
        return self.teams + self.offers


@dataclass(frozen=True)
class QueuedTeam:
    """A pending team and how many documents it asks an organiser to look at."""

    id: int
    code: str
    name: str
    documents: int


@dataclass(frozen=True)
class ReviewBacklog:
    """The oldest pending teams with their documents, and the totals over every pending team."""

    teams: list
    pending_teams: int
    documents: int


def status_counts():
    """{status: number of teams}, every status listed."""
    counts = dict(db.session.execute(select(Team.status, func.count()).group_by(Team.status)).all())
    return {status: counts.get(status, 0) for status in TEAM_STATUSES}


def registrations_per_day(zone):
    """[(date, registrations)] in the tournament's time zone `zone` (a tzinfo), oldest first."""
    days = Counter(moment.astimezone(zone).date() for moment in db.session.scalars(select(Team.created_at)))
    return sorted(days.items())


def church_slots(shown=CHURCHES_SHOWN):
    """([ChurchSlots] of the `shown` fullest churches with a slot taken by a team or an open waiting-list offer, how
    many such churches, how many of them are full)."""
    default = ensure_tournament().church_slot_limit
    usage = slot_usage()
    churches = db.session.scalars(select(Church).where(Church.id.in_(list(usage)))) if usage else []
    rows = sorted((ChurchSlots(church.id, church.name, *usage[church.id], church.effective_limit(default))
                   for church in churches), key=lambda row: (-row.used / max(row.limit, 1), -row.used, row.name))
    return rows[:shown], len(rows), sum(row.used >= row.limit for row in rows)


def review_backlog(shown=QUEUE_SHOWN):
    """ReviewBacklog: the oldest `shown` pending teams with their document counts, and the totals."""
    per_team = (select(Team.id, Team.code, Team.name, func.count(Document.id))
                .outerjoin(Document, Document.team_id == Team.id).where(Team.status == "pending")
                .group_by(Team.id, Team.code, Team.name, Team.created_at).order_by(Team.created_at, Team.id)
                .limit(shown))
    teams = [QueuedTeam(*row) for row in db.session.execute(per_team)]
    pending, documents = db.session.execute(
        select(func.count(func.distinct(Team.id)), func.count(Document.id))
        .select_from(Team).outerjoin(Document, Document.team_id == Team.id).where(Team.status == "pending")).one()
    return ReviewBacklog(teams, pending, documents)


def match_status_counts():
    """{status: number of matches}, every status listed."""
    counts = dict(db.session.execute(select(Match.status, func.count()).group_by(Match.status)).all())
    return {status: counts.get(status, 0) for status in MATCH_STATUSES}


def outbox_health(sender=None):
    """Emails by status, the age in minutes of the oldest unsent one, and the sender's breaker state."""
    counts = dict(db.session.execute(select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)).all())
    oldest = db.session.scalar(select(func.min(OutboxEmail.created_at))
                               .where(OutboxEmail.status.in_(("pending", "sending"))))
    return {
        "counts": {status: counts.get(status, 0) for status in ("pending", "sending", "sent", "failed")},
        "oldest_unsent_minutes": int((utcnow() - oldest).total_seconds() // 60) if oldest else None,
        "sender": "running" if sender else "not running in this process",
        "breaker": sender.resilience.state if sender else None,
    }
