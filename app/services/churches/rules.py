"""Church rules: the seeded list, name normalisation, uniqueness and slot availability."""
from pathlib import Path

from sqlalchemy import func, select
from wtforms.validators import ValidationError

from ...extensions import db
from ...models import SLOT_HOLDING, Church, Team, WaitingEntry, name_key
from ...web.errors import Conflict
from ..registration.validators import FieldError, validate_church_name

CHURCH_LIST = Path(__file__).resolve().parents[2] / "churches.txt"


def church_names(path=CHURCH_LIST):
    """Return the church names of the seed list, in file order, skipping blanks."""
    return [" ".join(line.split()) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_churches(path=CHURCH_LIST):
    """Insert every listed church that is not there yet; return how many were added."""
    existing = set(db.session.scalars(select(Church.name_key)))
    added = 0
    for name in church_names(path):
        if name_key(name) not in existing:
            church = Church(verified=True)
            church.set_name(name)
            db.session.add(church)
            existing.add(church.name_key)
            added += 1
    db.session.commit()
    return added


def find_church(name):
    """Return the church whose name has the same key (case, spacing and look-alikes folded), or None."""
    return db.session.scalar(select(Church).where(Church.name_key == name_key(name)))


def church_name_problem(_form, field):
    """WTForms validator: the registration form's church-name rule, shown beside the admin form's field."""
    try:
        validate_church_name(field.data or "")
    except FieldError as error:
        raise ValidationError(error.message) from error


def prepare_church(church):
    """Check a church added or edited in the admin UI or API by the registration form's name rule, and refuse a
    name another church already has, look-alikes included."""
    try:
        church.set_name(validate_church_name(church.name or ""))
    except FieldError as error:
        raise Conflict(error.message, "VALIDATION_FAILED", 422,
                       {"field": "name", "fields": {"name": error.message}}) from error
    clash = db.session.scalar(select(Church.id).where(Church.name_key == church.name_key, Church.id != church.id))
    if clash:
        raise Conflict(f"A church named {church.name!r} already exists", details={"field": "name"})


def slot_holders():
    """Two subqueries grouped by church_id: `teams` holding a slot, and `offers`, slots its waiting list's open
    offers hold until they are used or expire. What takes a church's slots, for queries over many churches."""
    teams = (select(Team.church_id, func.count().label("teams")).where(Team.status.in_(SLOT_HOLDING))
             .group_by(Team.church_id).subquery())
    offers = (select(WaitingEntry.church_id, func.count().label("offers")).where(WaitingEntry.status == "offered")
              .group_by(WaitingEntry.church_id).subquery())
    return teams, offers


def slot_usage():
    """Return {church_id: (teams holding a slot, slots held by open offers)} of every church with either, in one
    query."""
    teams, offers = slot_holders()
    rows = db.session.execute(
        select(Church.id, func.coalesce(teams.c.teams, 0), func.coalesce(offers.c.offers, 0))
        .outerjoin(teams, teams.c.church_id == Church.id).outerjoin(offers, offers.c.church_id == Church.id)
        .where((teams.c.teams.is_not(None)) | (offers.c.offers.is_not(None))))
    return {church_id: (held_by_teams, held_by_offers) for church_id, held_by_teams, held_by_offers in rows}
