"""Hard deletion of a team: only an Admin may delete one holding documents (personal data), and its stored
files go with it through the storage backend, queued while storage is down; audited as `team.deleted`."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import or_, select

from ...extensions import db
from ...models import Match, Team
from ...web.errors import AppError, Conflict, NotFound
from ..audit.events import record
from ..core.transactions import run_in_transaction
from ..documents.removal import delete_released, queue_removal


class DeletionRefused(AppError):
    """The signed-in user may not hard-delete this team."""

    status = 403
    error_code = "FORBIDDEN"


@dataclass(frozen=True)
class TeamDeleted:
    """A deleted team's code and what became of its stored files."""

    code: str
    files_deleted: int
    files_queued: int


def may_delete_documents(user):
    """True for an Admin: deleting a team's documents destroys personal data and its evidence for good."""
    admin = current_app.config.get("AUTH_ROLE_ADMIN", "Admin")
    return any(role.name == admin for role in getattr(user, "roles", None) or ())


def delete_team(team_id, user):
    """Delete a team with its players and documents in one transaction, then its stored files; return
    TeamDeleted. Refused (403) for a non-Admin when the team has documents, and (409) while it plays a match."""
    code, released = run_in_transaction(lambda: _delete_rows(team_id, user))
    deleted, queued = delete_released(released)
    return TeamDeleted(code, deleted, queued)


def _delete_rows(team_id, user):
    """The transaction's work: the checks, the rows, the queued files and the audit event."""
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound("No team has this id.")
    documents = list(team.documents)
    if documents and not may_delete_documents(user):
        raise DeletionRefused(
            f"{team.code} has {len(documents)} documents (personal data), so only an Admin can delete it. "
            "Withdraw the team instead: it frees its church slot and keeps its record.",
            details={"documents": len(documents), "instead": "withdraw"})
    if db.session.scalar(select(Match.id).where(or_(Match.team1_id == team.id, Match.team2_id == team.id))
                         .limit(1)) is not None:
        raise Conflict(f"{team.code} plays in a scheduled match. Remove it from its matches, or withdraw it.")
    code = team.code
    released = queue_removal(documents)
    record("team.deleted", from_status=team.status, details={
        "code": code, "name": team.name, "church": team.church.name, "players": len(team.players),
        "documents": len(documents)})
    db.session.delete(team)
    return code, released
