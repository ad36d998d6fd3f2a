"""The team state machine: confirm, reject, withdraw and reopen, each validated, audited and emailed."""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import SLOT_HOLDING, Team, utcnow
from ...web.errors import AppError, Conflict, NotFound, ValidationFailed
from ..audit import events as audit
from ..core.bootstrap import ensure_tournament
from ..core.transactions import run_in_transaction
from ..mail import outbox
from ..registration.register import church_full
from ..status.emails import rejection_context
from ..waitlist import offers as waitlist
from ..waitlist.slots import church_slots, lock_church

MAX_REASON = 500


@dataclass(frozen=True)
class Transition:
    """One organiser decision: the states it starts from, the state it leads to, its event and email."""

    action: str
    sources: tuple
    target: str
    verb: str

    @property
    def event(self):
        """The audit event name, e.g. `team.confirmed`."""
        return f"team.{self.verb}"


TRANSITIONS = {t.action: t for t in (
    Transition("confirm", ("pending",), "confirmed", "confirmed"),
    Transition("reject", ("pending",), "rejected", "rejected"),
    Transition("withdraw", ("pending", "confirmed"), "withdrawn", "withdrawn"),
    Transition("reopen", ("rejected",), "pending", "reopened"),
)}


@dataclass
class BulkResult:
    """What a bulk decision applied and what it skipped, with the reason for each skip."""

    applied: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    applied_ids: list = field(default_factory=list)


def decide(team_id, action, reason=None, actor=None):
    """Apply `action` to a team in one transaction (row locked), audit it and queue its email; return the team."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationFailed({"action": f"Unknown action {action!r}"})
    reason = " ".join((reason or "").split()) or None
    if action == "reject" and not reason:
        raise ValidationFailed({"reason": "A reason is required to reject a team."})
    if reason and len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": f"The reason must be at most {MAX_REASON} characters."})
    try:
        return run_in_transaction(lambda: _apply(team_id, transition, reason, actor))
    except IntegrityError as error:
        # A registration committed between our check and our write; the partial unique indexes caught it.
        raise uniqueness_conflict(str(error.orig)) from error


def decide_many(team_ids, action, reason=None, actor=None):
    """Apply `action` to each team on its own; return a BulkResult of applied codes and (code, message) skips."""
    result = BulkResult()
    for team_id in team_ids:
        try:
            team = decide(team_id, action, reason, actor)
            result.applied.append(team.code)
            result.applied_ids.append(team.id)
        except AppError as error:
            team = db.session.get(Team, team_id)
            result.skipped.append((team.code if team else str(team_id), error.message))
    return result


def check_unique(team):
    """Refuse (409) a team whose name key or captain email another slot-holding team already has."""
    # The team being changed must not be flushed by the checks themselves, or the unique index fires first.
    with db.session.no_autoflush:
        active = select(Team.id).where(Team.status.in_(SLOT_HOLDING), Team.id != team.id)
        if db.session.scalar(active.where(Team.name_key == team.name_key)):
            raise uniqueness_conflict("uq_team_active_name", team)
        if db.session.scalar(active.where(Team.captain_email == team.captain_email)):
            raise uniqueness_conflict("uq_team_active_captain_email", team)


def move(team_id, action, reason=None, actor=None):
    """Apply `action` to a team inside the caller's transaction, with every check `decide` makes; return the team.

    For a change that carries a transition with it, such as a captain's replacement documents reopening a team.
    """
    return _apply(team_id, TRANSITIONS[action], reason, actor)


def allowed_actions(team):
    """The actions that may be applied to `team` in its current state."""
    return [t.action for t in TRANSITIONS.values() if team.status in t.sources]


def _apply(team_id, transition, reason, actor):
    """Lock the team, check the move, change it and record the audit event and email with it."""
    team = db.session.scalar(select(Team).where(Team.id == team_id).with_for_update(of=Team)
                             .execution_options(populate_existing=True))
    if team is None:
        raise NotFound(f"No team with id {team_id}.")
    if team.status not in transition.sources:
        raise Conflict(f"Team {team.code} is {team.status}; it cannot be {transition.verb}.",
                       details={"status": team.status, "action": transition.action,
                                "allowed": allowed_actions(team)})
    if transition.target in SLOT_HOLDING and not team.holds_slot:
        _check_slot(team)
    previous = team.status
    team.status = transition.target
    team.rejection_reason = reason if transition.action == "reject" else None
    team.decided_at = None if transition.target == "pending" else utcnow()
    db.session.flush()
    audit.record(transition.event, team=team, from_status=previous, to_status=team.status, reason=reason,
                 actor=actor)
    outbox.queue_team_email(team, transition.verb, **_email_context(team, transition, reason))
    if previous in SLOT_HOLDING and not team.holds_slot:
        waitlist.slot_freed(team.church_id, actor)  # same transaction: the freed slot is offered or stays free
    return team


def _check_slot(team):
    """A team taking a slot again must fit its church's limit (slots held by open waiting-list offers are taken)
    and keep name and captain email unique."""
    church = lock_church(team.church_id)
    slots = church_slots(church)
    if not slots.free:
        raise church_full(church.name, slots.teams, slots.held, slots.limit)
    check_unique(team)


def uniqueness_conflict(text, team=None):
    """Map a clash on one of the partial unique indexes to its documented error code."""
    if "captain_email" in text:
        return Conflict("This captain's email already has an active team.", "DUPLICATE_CAPTAIN",
                        details={"field": "captain_email"})
    name = f" named {team.name!r}" if team else ""
    return Conflict(f"Another active team{name} is already registered.", "DUPLICATE_TEAM",
                    details={"field": "team_name"})


def _email_context(team, transition, reason):
    """What the email needs, frozen at decision time: the roster for a confirmation, the reason for a refusal."""
    context = {"church": team.church.name, "reason": reason}
    if transition.action == "reject":
        # The documents to replace, and a new status link to replace them through (the old one is unreadable).
        context.update(rejection_context(team))
    if transition.action == "confirm":
        tournament = ensure_tournament()
        context.update(
            players=[{"code": p.code, "name": p.name, "role": p.role or ""} for p in team.players],
            tournament=tournament.name, venue=tournament.venue or "",
            starts_on=tournament.starts_on.isoformat() if tournament.starts_on else "")
    return context
