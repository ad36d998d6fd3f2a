"""Confirmed teams and scheduled matches inserted for match tests, without the registration workflow."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from app.extensions import db
from app.models import Church, Team, name_key

KICK_OFF = datetime(2026, 1, 10, 4, 0, tzinfo=timezone.utc)


def insert_team(app, number, name=None, status="confirmed"):
    """Insert a Church-linked team with valid contacts (code ICCT-<number>) and return its id."""
    name = name or f"Team {chr(64 + number)}"
    with app.app_context():
        church = db.session.scalars(select(Church).order_by(Church.id).offset(number - 1).limit(1)).one()
        team = Team(code=f"ICCT-{number:03d}", name=name, name_key=name_key(name), church=church, status=status,
                    rejection_reason="Not eligible" if status == "rejected" else None,
                    captain_name=f"Captain {name}", captain_phone=f"98765{number:05d}",
                    captain_email=f"captain{number}@example.org", vice_name=f"Vice {name}",
                    vice_phone=f"91234{number:05d}", vice_email=f"vice{number}@example.org")
        db.session.add(team)
        db.session.commit()
        team_id = team.id
        db.session.remove()
    return team_id


def schedule_match(app, number, team1, team2, round_number=1, group="Group A", overs_limit=10, **extra):
    """Schedule match `number` through the service, an hour apart from the first kick-off; return its id."""
    from app.services.matches.fixtures import create_match

    data = {"round_label": "League", "round_number": round_number, "match_number": number, "group_name": group,
            "team1_id": team1, "team2_id": team2, "venue": "CSI Ground, Coimbatore",
            "scheduled_at": KICK_OFF + timedelta(hours=number), "overs_limit": overs_limit, **extra}
    with app.app_context():
        match_id = create_match(data).id
        db.session.remove()
    return match_id


def record_result(client, match_id, toss):
    """Post a whole result through the one form on a signed-in `client`: the toss winner bats, scores 120/6 and
    wins by 2 runs."""
    data = {"toss_winner_id": toss, "toss_choice": "bat", "result_type": "normal", "first_runs": "120",
            "first_wickets": "6", "first_overs": "10", "second_runs": "118", "second_wickets": "9",
            "second_overs": "10"}
    response = client.post(f"/matchmodelview/result/{match_id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
