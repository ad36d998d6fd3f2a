"""Joining a full church's waiting list: the captain's details checked by the registration's own field rules."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...lazy_text import _l
from ...models import LANGUAGES, WAITING_ACTIVE, WaitingEntry, name_key
from ...models.church import Church
from ...web.errors import Conflict, ValidationFailed
from ..audit import events as audit
from ..core.transactions import run_in_transaction
from ..registration.register import check_open
from ..registration.validators import (
    FieldError,
    validate_email,
    validate_person_name,
    validate_phone,
    validate_team_name,
)
from .slots import church_slots, lock_church


class ChurchNotFull(Conflict):
    """The church still has a free slot: the captain should simply register."""


class AlreadyWaiting(Conflict):
    """This captain's email already waits on this church's list."""


@dataclass(frozen=True)
class JoinRequest:
    """A checked request to join a church's waiting list."""

    church_id: int
    church_name: str
    team_name: str
    captain_name: str
    captain_email: str
    captain_phone: str
    language: str


def parse_join(form):
    """Check the join form (church, team name, captain's name, email and phone, language); raise ValidationFailed
    naming every bad field."""
    fields, values = {}, {}
    for name, rule in (("team_name", validate_team_name), ("captain_name", validate_person_name),
                       ("captain_email", validate_email), ("captain_phone", validate_phone)):
        try:
            values[name] = rule((form.get(name) or "").strip())
        except FieldError as error:
            fields[name] = error.message
    church = db.session.scalar(select(Church).where(Church.name_key == name_key(form.get("church_name") or "")))
    if church is None:
        fields["church_name"] = _l("Choose a church from the list.")
    if fields:
        raise ValidationFailed(fields)
    language = form.get("language") if form.get("language") in LANGUAGES else "en"
    return JoinRequest(church.id, church.name, language=language, **values)


def join(request):
    """Put a team on its church's waiting list; return (entry, its place in the line). Refused when registration
    is closed, the church has a free slot, or the captain's email already waits there."""
    check_open()
    try:
        return run_in_transaction(lambda: _join(request))
    except IntegrityError as error:  # the same captain joined a moment ago; the partial unique index caught it
        raise _already_waiting(request) from error


def _join(request):
    church = lock_church(request.church_id)
    slots = church_slots(church)
    if slots.free:
        raise ChurchNotFull(_l("%(church)s still has a free slot: register your team instead.", church=church.name),
                            details={"field": "church_name", "free": slots.free})
    if db.session.scalar(select(WaitingEntry.id).where(WaitingEntry.church_id == church.id,
                                                       WaitingEntry.captain_email == request.captain_email,
                                                       WaitingEntry.status.in_(WAITING_ACTIVE))):
        raise _already_waiting(request)
    entry = WaitingEntry(church_id=church.id, team_name=request.team_name, captain_name=request.captain_name,
                         captain_email=request.captain_email, captain_phone=request.captain_phone,
                         language=request.language, status="waiting")
    db.session.add(entry)
    db.session.flush()
    place = place_in_line(entry)
    audit.record("waitlist.joined", to_status="waiting",
                 details={"entry": entry.id, "church": church.name, "team_name": entry.team_name, "place": place})
    return entry, place


def _already_waiting(request):
    return AlreadyWaiting(_l("This captain's email is already on the waiting list of %(church)s.",
                             church=request.church_name), details={"field": "captain_email"})


def place_in_line(entry):
    """1 for the first active entry of its church, and so on (first come, first served)."""
    return db.session.scalar(select(func.count()).select_from(WaitingEntry).where(
        WaitingEntry.church_id == entry.church_id, WaitingEntry.status.in_(WAITING_ACTIVE),
        WaitingEntry.id <= entry.id))
