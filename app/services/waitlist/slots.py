"""A church's slots as the waiting list sees them: teams holding one, open offers holding one, and the limit."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ...extensions import db
from ...models import SLOT_HOLDING, Church, Team, WaitingEntry
from ..core.bootstrap import current_tournament


@dataclass(frozen=True)
class Slots:
    """A church's slot limit, the teams holding a slot and the slots held by open offers."""

    limit: int
    teams: int
    held: int

    @property
    def free(self):
        """Slots neither a team nor an open offer holds."""
        return max(0, self.limit - self.teams - self.held)


def lock_church(church_id):
    """Lock the church row for this transaction: offers, expiries and registrations of one church queue on it."""
    return db.session.scalar(select(Church).where(Church.id == church_id).with_for_update()
                             .execution_options(populate_existing=True))


def church_slots(church):
    """The church's Slots, read in one statement."""
    teams = select(func.count()).select_from(Team).where(Team.church_id == church.id, Team.status.in_(SLOT_HOLDING))
    held = select(func.count()).select_from(WaitingEntry).where(WaitingEntry.church_id == church.id,
                                                                WaitingEntry.status == "offered")
    used, offered = db.session.execute(select(teams.scalar_subquery(), held.scalar_subquery())).one()
    return Slots(church.effective_limit(current_tournament().church_slot_limit), used, offered)
