"""Read models for the public: church availability and the team directory, in a fixed number of queries."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Church, Team
from ..churches.rules import slot_holders
from ..core.bootstrap import current_tournament
from .cache import read_cache


def church_availability():
    """Every verified church with its slot use and whether it is full, plus a summary; shared, so never modify it.

    Asked on every visit to the form and by the React frontend: cached per process (read_cache), and built
    with one aggregate query when the cache is cold.
    """
    return read_cache().get_or_build("church_availability", _church_availability)


def _church_availability():
    default_limit = current_tournament().church_slot_limit
    used, held = slot_holders()  # a slot offered to the waiting list is taken until used or expired
    # Churches that registrations created stay off public lists until an organiser verifies them: anyone can
    # type a name, and the public lists should hold only real churches (their teams still fill their slots).
    rows = db.session.execute(
        select(Church.name, func.coalesce(Church.slot_limit, default_limit), func.coalesce(used.c.teams, 0),
               func.coalesce(held.c.offers, 0))
        .outerjoin(used, used.c.church_id == Church.id).outerjoin(held, held.c.church_id == Church.id)
        .where(Church.verified.is_(True)).order_by(Church.name))
    churches = [{"church_name": name, "team_count": count, "slots_held": offers, "slot_limit": limit,
                 "slots_left": max(0, limit - count - offers), "locked": count + offers >= limit}
                for name, limit, count, offers in rows]
    locked = sum(1 for church in churches if church["locked"])
    return {"churches": churches, "summary": {"total_churches": len(churches), "locked_churches": locked,
                                              "available_churches": len(churches) - locked}}


def team_page(statuses, page=1, page_size=25):
    """One page of teams with their church and players (two queries whatever the size), and the total."""
    query = select(Team).where(Team.status.in_(statuses))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    teams = db.session.scalars(query.options(selectinload(Team.players)).order_by(Team.code)
                               .offset((page - 1) * page_size).limit(page_size)).all()
    return teams, total


def find_team(code):
    """The team with this code (case-insensitive), with church and players, or None."""
    return db.session.scalar(select(Team).where(func.upper(Team.code) == code.upper())
                             .options(selectinload(Team.players), selectinload(Team.documents)))


def public_team(team):
    """The fields anyone may see: code, name, church, status, player names and roles."""
    return {"team_id": team.code, "team_name": team.name, "church_name": team.church.name, "status": team.status,
            "player_count": len(team.players),
            "players": [{"player_id": p.code, "name": p.name, "role": p.role} for p in team.players]}


def organiser_team(team, with_documents=False):
    """Public fields plus contacts (and document metadata) for organisers."""
    data = public_team(team)
    data.update({
        "registered_at": team.created_at.isoformat(), "rejection_reason": team.rejection_reason,
        "captain": {"name": team.captain_name, "phone": team.captain_phone, "email": team.captain_email,
                    "whatsapp": team.captain_whatsapp},
        "vice_captain": {"name": team.vice_name, "phone": team.vice_phone, "email": team.vice_email,
                         "whatsapp": team.vice_whatsapp},
    })
    if with_documents:
        data["documents"] = [{"id": d.id, "kind": d.kind, "player_id": d.player.code if d.player else None,
                              "content_type": d.content_type, "size": d.size, "url": f"/documents/{d.id}"}
                             for d in team.documents]
    return data
