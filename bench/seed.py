"""Seed a database with many confirmed teams and players for the read-path benchmarks."""
import hashlib
from datetime import timedelta

from sqlalchemy import insert, update

from app.extensions import db
from app.models import Church, CodeCounter, Player, Team, name_key, utcnow


def seed_teams(teams=2000, players=25000):
    """Insert `teams` confirmed teams over teams/2 new churches, and `players` players spread evenly."""
    now = utcnow()
    churches = [{"name": f"Bench Church {n:04d}", "name_key": name_key(f"Bench Church {n:04d}"),
                 "verified": True, "created_at": now} for n in range(teams // 2)]
    db.session.execute(insert(Church), churches)
    church_ids = [c.id for c in db.session.query(Church.id).filter(Church.name.like("Bench Church %"))
                  .order_by(Church.name)]
    rows = []
    for n in range(1, teams + 1):
        digest = hashlib.sha1(str(n).encode()).hexdigest()[:6]
        rows.append({"code": f"ICCT-{n:03d}", "name": f"Bench Team {n}", "name_key": f"bench team {n}",
                     "church_id": church_ids[(n - 1) // 2], "status": "confirmed", "language": "en",
                     "captain_name": "Bench Captain", "captain_phone": f"98{n:08d}",
                     "captain_email": f"captain{n}.{digest}@example.org", "vice_name": "Bench Vice",
                     "vice_phone": f"97{n:08d}", "vice_email": f"vice{n}@example.org",
                     "created_at": now - timedelta(minutes=n), "updated_at": now})
    db.session.execute(insert(Team), rows)
    team_ids = {code: id_ for id_, code in db.session.query(Team.id, Team.code)}
    roster = []
    for i in range(players):
        team_number = i % teams + 1
        position = i // teams + 1
        code = f"ICCT-{team_number:03d}"
        roster.append({"team_id": team_ids[code], "code": f"{code}-P{position:02d}", "position": position,
                       "name": f"Player {position} of {team_number}", "name_key": f"player {position} of {team_number}",
                       "role": "Batsman"})
    for start in range(0, len(roster), 5000):
        db.session.execute(insert(Player), roster[start:start + 5000])
    db.session.execute(update(CodeCounter).where(CodeCounter.name == "team").values(next_value=teams + 1))
    db.session.commit()


def confirm_only(database_url, confirmed):
    """Leave the first `confirmed` teams (by id) confirmed and make every other one pending, in another session."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE team SET status = CASE WHEN id IN (SELECT id FROM team ORDER BY id LIMIT :n) "
                                "THEN 'confirmed' ELSE 'pending' END"), {"n": confirmed})
    engine.dispose()
