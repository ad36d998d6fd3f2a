"""Offering freed slots: first come first served per church, one private link per offer, expiry to the next in line.

Every step runs inside the caller's transaction or its own, under the church row's lock, so two slots freed at
once never offer the same entry twice and a registration never takes a slot an offer holds.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ...display import ZONED, local_time
from ...extensions import db
from ...lazy_text import _l
from ...models import WAITING_ACTIVE, WaitingEntry, utcnow
from ...web.errors import AppError, Conflict, NotFound
from ..audit import events as audit
from ..core.public_urls import public_url
from ..core.tokens import looks_like_token, new_token, token_hash
from ..core.transactions import run_in_transaction
from ..mail import outbox
from .slots import church_slots, lock_church

OFFER_PATH = "/register/offer/"


class OfferUnavailable(AppError):
    """An offer link that is unknown, expired, already used or withdrawn; `reason` says which."""

    def __init__(self, reason, message, status):
        super().__init__(message, {"unknown": "NOT_FOUND"}.get(reason, "CONFLICT"), status, {"reason": reason})
        self.reason = reason


def slot_freed(church_id, actor=None):
    """A team of this church left its slot (rejected, withdrawn): offer free slots to the first in line, in the
    caller's transaction."""
    return offer_free_slots(lock_church(church_id), actor)


def offer_free_slots(church, actor=None):
    """Offer each slot of the (locked) church that neither a team nor an open offer holds to the next waiting
    entries, oldest first; return the entries offered."""
    free = church_slots(church).free
    if not free:
        return []
    entries = db.session.scalars(select(WaitingEntry).where(WaitingEntry.church_id == church.id,
                                                            WaitingEntry.status == "waiting")
                                 .order_by(WaitingEntry.id).limit(free)).all()
    for entry in entries:
        _offer(entry, church, actor)
    return entries


def offer_to(entry_id, actor=None):
    """An organiser offers a slot to this entry, ahead of its turn: a free slot if there is one, else the slot of
    the church's latest open offer, whose entry goes back to waiting in its place. Return the entry."""
    try:
        return run_in_transaction(lambda: _offer_to(entry_id, actor))
    except IntegrityError as error:  # an expired entry whose captain has since joined the list again
        raise Conflict(_l("This captain is on the church's waiting list again under a newer entry: offer that one."),
                       details={"field": "captain_email"}) from error


def _offer_to(entry_id, actor):
    entry = _entry(entry_id)
    church = lock_church(entry.church_id)
    entry = _entry(entry_id, lock=True)
    if entry.status not in ("waiting", "expired"):
        raise Conflict(_l("%(team)s is %(status)s; only a waiting or expired entry can be offered a slot.",
                          team=entry.team_name, status=entry.status), details={"status": entry.status})
    if not church_slots(church).free:
        other = db.session.scalar(select(WaitingEntry).where(WaitingEntry.church_id == church.id,
                                                             WaitingEntry.status == "offered")
                                  .order_by(WaitingEntry.offered_at.desc(), WaitingEntry.id.desc())
                                  .with_for_update(of=WaitingEntry))
        if other is None:
            raise Conflict(_l("%(church)s has no free slot: every slot is held by a team.", church=church.name),
                           details={"church": church.name})
        other.status, other.offered_at, other.offer_expires_at = "waiting", None, None
        audit.record("waitlist.offer_withdrawn", from_status="offered", to_status="waiting", actor=actor,
                     details={"entry": other.id, "church": church.name, "team_name": other.team_name,
                              "in_favour_of": entry.id})
    _offer(entry, church, actor)
    return entry


def _offer(entry, church, actor):
    """Open an offer for the entry: a new token (stored hashed), the deadline, the audit event and the email."""
    token = new_token()
    now = utcnow()
    previous = entry.status
    entry.status, entry.offer_token_hash = "offered", token_hash(token)
    entry.offered_at = now
    entry.offer_expires_at = now + timedelta(hours=int(current_app.config.get("WAITLIST_OFFER_HOURS", 48)))
    entry.closed_at = None
    db.session.flush()
    audit.record("waitlist.offered", from_status=previous, to_status="offered", actor=actor,
                 details={"entry": entry.id, "church": church.name, "team_name": entry.team_name,
                          "expires_at": entry.offer_expires_at.isoformat()})
    # The link is in the email only; the outbox row must hold it until it is sent.
    outbox.queue_email("waitlist_offer", entry.language, [entry.captain_email], team_name=entry.team_name,
                       captain_name=entry.captain_name, church=church.name, link=offer_link(token, entry.language),
                       expires=local_time(entry.offer_expires_at, ZONED, entry.language),
                       hours=int(current_app.config.get("WAITLIST_OFFER_HOURS", 48)))


def offer_link(token, language="en"):
    """The absolute address of an offer, opening in the captain's language (`_l_` picks a page's language)."""
    return public_url(f"{OFFER_PATH}{token}?_l_={language}")


def remove_entry(entry_id, actor=None):
    """An organiser takes an entry off the list; a slot its open offer held goes to the next in line."""
    return run_in_transaction(lambda: _remove(entry_id, actor))


def _remove(entry_id, actor):
    entry = _entry(entry_id)
    church = lock_church(entry.church_id)
    entry = _entry(entry_id, lock=True)
    if entry.status not in WAITING_ACTIVE:
        raise Conflict(_l("%(team)s is %(status)s; it is no longer on the list.", team=entry.team_name,
                          status=entry.status), details={"status": entry.status})
    previous = entry.status
    entry.status, entry.closed_at = "removed", utcnow()
    db.session.flush()
    audit.record("waitlist.removed", from_status=previous, to_status="removed", actor=actor,
                 details={"entry": entry.id, "church": church.name, "team_name": entry.team_name})
    if previous == "offered":
        offer_free_slots(church, actor)
    return entry


def expire_offers(now=None):
    """Close every offer past its deadline and pass its slot to the next in line; return how many expired."""
    now = now or utcnow()
    churches = db.session.scalars(select(WaitingEntry.church_id).where(
        WaitingEntry.status == "offered", WaitingEntry.offer_expires_at <= now).distinct()).all()
    db.session.rollback()
    return sum(run_in_transaction(lambda church_id=church_id: _expire(church_id, now)) for church_id in churches)


def _expire(church_id, now):
    """Close the church's lapsed offers that are still open and offer their slots on; return how many closed."""
    church = lock_church(church_id)
    due = db.session.execute(select(WaitingEntry.id, WaitingEntry.team_name).where(
        WaitingEntry.church_id == church_id, WaitingEntry.status == "offered", WaitingEntry.offer_expires_at <= now)
        .order_by(WaitingEntry.id).with_for_update(of=WaitingEntry)).all()
    expired = 0
    for entry_id, team_name in due:
        # Closed only if still open: where rows cannot be locked (SQLite), a sweep in another process may have
        # closed it since it was read, and then that sweep offers the slot, not this one.
        closed = db.session.execute(update(WaitingEntry).where(WaitingEntry.id == entry_id,
                                                               WaitingEntry.status == "offered")
                                    .values(status="expired", closed_at=now)
                                    .execution_options(synchronize_session=False)).rowcount
        if closed:
            expired += 1
            audit.record("waitlist.offer_expired", from_status="offered", to_status="expired",
                         details={"entry": entry_id, "church": church.name, "team_name": team_name})
    if expired:
        offer_free_slots(church)
    return expired


def open_offer(token):
    """The entry whose open offer this token is; OfferUnavailable (unknown, expired, used, withdrawn) otherwise."""
    entry = None
    if looks_like_token(token):  # a string of another shape is no offer: the database is not asked
        entry = db.session.scalar(select(WaitingEntry).where(WaitingEntry.offer_token_hash == token_hash(token)))
    if entry is None:
        raise OfferUnavailable("unknown", _l("This offer link is not valid."), 404)
    if entry.status == "registered":
        raise OfferUnavailable("used", _l("This offer has already been used to register a team."), 409)
    if entry.status == "expired" or (entry.status == "offered" and entry.offer_expires_at <= utcnow()):
        raise _expired()
    if entry.status != "offered":
        raise OfferUnavailable("closed", _l("This offer is no longer open."), 409)
    return entry


def close_offer(entry_id, team):
    """In the registration's transaction: mark the entry registered with its team, if its offer is still open
    (else the registration fails with it, so a slot is never taken on a lapsed offer)."""
    now = utcnow()
    closed = db.session.execute(update(WaitingEntry).where(
        WaitingEntry.id == entry_id, WaitingEntry.status == "offered", WaitingEntry.offer_expires_at > now)
        .values(status="registered", team_id=team.id, closed_at=now)
        .execution_options(synchronize_session=False))
    if closed.rowcount != 1:
        raise _expired()
    audit.insert_for_team("waitlist.registered", team, to_status="registered", details={"entry": entry_id})


def _expired():
    return OfferUnavailable("expired", _l("This offer has expired."), 410)


def _entry(entry_id, lock=False):
    query = select(WaitingEntry).where(WaitingEntry.id == entry_id).execution_options(populate_existing=True)
    entry = db.session.scalar(query.with_for_update(of=WaitingEntry) if lock else query)
    if entry is None:
        raise NotFound(_l("No waiting-list entry with id %(id)s.", id=entry_id))
    return entry
