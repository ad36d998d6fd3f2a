"""Hard deletion of a team: only a user holding the Document deletion permission (the Admin role) may delete one
holding documents (personal data), and its stored files go with it through the storage backend, queued while
storage is down; audited as `team.deleted`."""
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


# (permission, resource): the Admin role holds every permission; FAB's role editor may grant this one to another
# role. Organisers' role patterns (app/security.py) name only can_read and can_write, so they lack it.
DELETE_DOCUMENTS = ("can_delete", "Document")


def may_delete_documents():
    """True when the signed-in user holds DELETE_DOCUMENTS: deleting a team's documents destroys personal data and
    its evidence for good."""
    return current_app.appbuilder.sm.has_access(*DELETE_DOCUMENTS)


def delete_team(team_id):
    """Delete a team with its players and documents in one transaction, then its stored files; return
    TeamDeleted. Refused (403) when the team has documents and the signed-in user may not delete documents, and
    (409) while it plays a match."""
    code, released = run_in_transaction(lambda: _delete_rows(team_id))
    deleted, queued = delete_released(released)
    return TeamDeleted(code, deleted, queued)


def _delete_rows(team_id):
    """The transaction's work: the checks, the rows, the queued files and the audit event."""
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound("No team has this id.")
    documents = list(team.documents)
    if documents and not may_delete_documents():
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
