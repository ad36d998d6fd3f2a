"""Figures for the organisers' dashboard: teams by status, registrations per day, church slots, outbox health."""
from collections import Counter
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ...extensions import db
from ...models import TEAM_STATUSES, Church, OutboxEmail, Team, utcnow
from ..churches.rules import slot_usage
from ..core.bootstrap import ensure_tournament


def status_counts():
    """{status: number of teams}, every status listed."""
    counts = dict(db.session.execute(select(Team.status, func.count()).group_by(Team.status)).all())
    return {status: counts.get(status, 0) for status in TEAM_STATUSES}


def registrations_per_day(timezone="Asia/Kolkata"):
    """[(date, registrations)] in the tournament's local time, oldest first."""
    zone = ZoneInfo(timezone)
    days = Counter(moment.astimezone(zone).date() for moment in db.session.scalars(select(Team.created_at)))
    return sorted(days.items())


def church_slots():
    """[(church, used, limit)] for every church with a team holding a slot, fullest first."""
    default = ensure_tournament().church_slot_limit
    usage = slot_usage()
    churches = db.session.scalars(select(Church).where(Church.id.in_(list(usage)))) if usage else []
    rows = [(church.name, usage[church.id], church.effective_limit(default)) for church in churches]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


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
