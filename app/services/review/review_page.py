"""What the organiser's per-team review page shows: each document beside its owner, and the queue around it."""
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Team
from ...web.errors import NotFound
from .decisions import allowed_actions


@dataclass
class ReviewSheet:
    """One team with its team documents, its roster (each player with their documents) and the review state."""

    team: Team
    team_documents: list
    players: list  # [(player, [documents])]
    actions: list
    pending: int
    documents: list = field(default_factory=list)  # every document in page order

    @property
    def problems(self):
        """The documents marked as problems, in page order."""
        return [document for document in self.documents if document.verdict == "problem"]

    @property
    def unreviewed(self):
        """How many documents have no verdict yet."""
        return sum(1 for document in self.documents if document.verdict is None)


def review_sheet(team_id):
    """The review page's data in a fixed number of queries, whatever the roster's size."""
    team = db.session.scalar(select(Team).where(Team.id == team_id)
                             .options(selectinload(Team.players), selectinload(Team.documents)))
    if team is None:
        raise NotFound(f"No team with id {team_id}.")
    by_player = {}
    for document in team.documents:
        by_player.setdefault(document.player_id, []).append(document)
    players = [(player, by_player.get(player.id, [])) for player in team.players]
    sheet = ReviewSheet(team, by_player.get(None, []), players, allowed_actions(team), pending_count())
    sheet.documents = sheet.team_documents + [document for _, documents in players for document in documents]
    return sheet


def pending_count():
    """How many teams wait for a decision."""
    return db.session.scalar(select(func.count()).select_from(Team).where(Team.status == "pending"))


def next_in_queue(after=None):
    """The id of the pending team to review next, in one query: the oldest after `after` (a Team) in queue order,
    else the oldest other than `after`; None when the queue holds nothing else."""
    queue = select(Team.id).where(Team.status == "pending")
    if after is not None:
        later = or_(Team.created_at > after.created_at,
                    and_(Team.created_at == after.created_at, Team.id > after.id))
        queue = queue.where(Team.id != after.id).order_by(case((later, 0), else_=1))
    return db.session.scalar(queue.order_by(Team.created_at, Team.id).limit(1))
