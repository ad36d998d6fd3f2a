"""Match-day check-in: both rosters with who is present, a tick per player, audited; open until the match ends."""
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Document, MatchCheckin, Player
from ...web.errors import Conflict, NotFound
from ..audit import events as audit
from ..audit.events import current_actor
from ..core.transactions import run_in_transaction
from .workflow import get_match

OPEN_STATUSES = ("scheduled", "live")  # ticks are for the day itself; a finished match's sheet is a record


@dataclass
class Side:
    """One team of the match: its players in roster order, who is present, and each player's identity document."""

    team: object
    players: list
    present: set = field(default_factory=set)
    identity: dict = field(default_factory=dict)  # player id -> Aadhaar Document

    @property
    def count(self):
        """How many of this team's players are ticked present."""
        return sum(1 for player in self.players if player.id in self.present)


@dataclass
class CheckinSheet:
    """The match and its two sides."""

    match: object
    sides: list

    @property
    def open(self):
        """Whether ticks may still change."""
        return self.match.status in OPEN_STATUSES


def checkin_sheet(match_id, with_documents=False):
    """The check-in page's data in a fixed number of queries; identity documents only when asked for."""
    match = get_match(match_id)
    team_ids = (match.team1_id, match.team2_id)
    players = db.session.scalars(select(Player).where(Player.team_id.in_(team_ids))
                                 .order_by(Player.team_id, Player.position)).all()
    present = set(db.session.scalars(select(MatchCheckin.player_id).where(MatchCheckin.match_id == match.id)))
    identity = {}
    if with_documents:
        documents = db.session.scalars(select(Document).where(Document.team_id.in_(team_ids),
                                                              Document.kind == "aadhar",
                                                              Document.player_id.is_not(None))
                                       .order_by(Document.id))
        for document in documents:
            identity.setdefault(document.player_id, document)
    sides = []
    for team in (match.team1, match.team2):
        roster = [player for player in players if player.team_id == team.id]
        sides.append(Side(team, roster, {p.id for p in roster if p.id in present},
                          {p.id: identity[p.id] for p in roster if p.id in identity}))
    return CheckinSheet(match, sides)


def set_present(match_id, player_id, present, actor=None):
    """Tick (or untick) a player of either team as present at the match, audited; return that team's count."""
    actor = actor or current_actor()
    try:
        return run_in_transaction(lambda: _apply(match_id, player_id, bool(present), actor))
    except IntegrityError:  # the same tick arrived twice at once (two phones): it is stored, which was asked
        db.session.rollback()
        return _count(match_id, db.session.get(Player, player_id).team_id)


def _apply(match_id, player_id, present, actor):
    """Check the match is open and the player plays in it, then add or remove the tick with its audit event."""
    match = get_match(match_id)
    if match.status not in OPEN_STATUSES:
        raise Conflict(f"Match {match_id} is {match.status}; check-in is closed.", details={"status": match.status})
    player = db.session.get(Player, player_id)
    if player is None or player.team_id not in (match.team1_id, match.team2_id):
        raise NotFound(f"Player {player_id} does not play in match {match_id}.")
    existing = db.session.scalar(select(MatchCheckin.id).where(MatchCheckin.match_id == match_id,
                                                               MatchCheckin.player_id == player_id))
    if present and existing is None:
        db.session.add(MatchCheckin(match_id=match_id, player_id=player_id, checked_by=actor))
    elif not present and existing is not None:
        db.session.execute(delete(MatchCheckin).where(MatchCheckin.id == existing))
    else:
        return _count(match_id, player.team_id)  # already so: nothing to record
    db.session.flush()
    audit.record("match.checked_in" if present else "match.checkin_undone", match=match, team=player.team,
                 actor=actor, details={"player": player.code})
    return _count(match_id, player.team_id)


def _count(match_id, team_id):
    """How many players of the team are ticked present at the match."""
    return db.session.scalar(select(func.count()).select_from(MatchCheckin)
                             .join(Player, MatchCheckin.player_id == Player.id)
                             .where(MatchCheckin.match_id == match_id, Player.team_id == team_id))
