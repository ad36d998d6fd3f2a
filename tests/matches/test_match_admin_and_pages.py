"""Admin workflow forms, the fixture generator and the public schedule, match and standings pages."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Match


@pytest.fixture
def pair(make_team):
    """Two confirmed teams."""
    return make_team("Immanuel Eagles"), make_team("Trinity Tigers")


@pytest.fixture
def scorer(login, make_user):
    """The test client signed in as a Scorer."""
    return login(*make_user("Scorer"))


def test_scorer_starts_a_match_then_records_its_result_in_one_form(scorer, in_app, pair, make_match):
    """Show page offers the forms a status allows; start keeps the toss, the one form completes the match."""
    one, two = pair
    match_id = make_match(one, two)
    show = scorer.get(f"/matchmodelview/show/{match_id}").get_data(as_text=True)
    assert 'id="step-start"' in show and 'id="step-abandon"' in show and 'id="step-result"' in show
    assert 'id="step-finish"' not in show and 'id="step-innings"' not in show
    assert scorer.get(f"/matchmodelview/start/{match_id}").status_code == 200
    response = scorer.post(f"/matchmodelview/start/{match_id}", data={"toss_winner_id": one, "toss_choice": "bat"})
    assert response.status_code == 302
    form = scorer.get(f"/matchmodelview/result/{match_id}").get_data(as_text=True)
    assert f'<option value="{one}" selected>' in form and '<option value="bat" selected>' in form
    assert scorer.post(f"/matchmodelview/result/{match_id}", data={
        "toss_winner_id": one, "toss_choice": "bat", "result_type": "normal", "first_runs": "80",
        "first_wickets": "10", "first_overs": "9.2", "second_runs": "81", "second_wickets": "3",
        "second_overs": "8"}).status_code == 302
    status, winner, actors = in_app(lambda: (
        db.session.get(Match, match_id).status, db.session.get(Match, match_id).winner_id,
        set(db.session.scalars(select(AuditEvent.actor).where(AuditEvent.event != "match.created")))))
    assert (status, winner, actors) == ("completed", two, {"scorer-user"})
    show = scorer.get(f"/matchmodelview/show/{match_id}").get_data(as_text=True)
    assert 'id="step-result"' in show and 'id="step-start"' not in show
    refused = scorer.get(f"/matchmodelview/start/{match_id}", follow_redirects=True)
    assert "cannot take this step" in refused.get_data(as_text=True)


def test_viewer_cannot_open_workflow_forms(client, login, make_user, pair, make_match):
    """The forms need Match can_write."""
    match_id = make_match(*pair)
    login(*make_user("Viewer"))
    response = client.post(f"/matchmodelview/start/{match_id}", data={"toss_winner_id": pair[0],
                                                                     "toss_choice": "bat"})
    assert response.status_code in (302, 403)
    assert client.get(f"/api/schedule/matches/{match_id}").json["data"]["status"] == "scheduled"


def test_admin_add_form_refuses_unconfirmed_team(login, make_user, make_team, pair, in_app):
    """The add form goes through the scheduling rules and reports the field."""
    organiser = login(*make_user("Organiser"))
    pending = make_team("Pending Panthers", status="pending")
    response = organiser.post("/matchmodelview/add", follow_redirects=True, data={
        "round_label": "League", "round_number": "1", "match_number": "1", "team1": str(pair[0]),
        "team2": str(pending), "venue": "CSI Ground", "scheduled_at": "2026-01-10 09:30:00", "overs_limit": "10"})
    assert response.status_code == 200
    assert in_app(lambda: db.session.scalar(select(Match.id))) is None


def test_fixture_generator_previews_then_creates_a_round_robin(login, make_user, make_team, in_app):
    """Four teams give six matches, numbered on, spaced by the interval, created only on confirmation."""
    organiser = login(*make_user("Organiser"))
    teams = [make_team(name) for name in ("Alpha", "Bravo", "Charlie", "Delta")]
    form = {"group_name": "Group A", "round_label": "League", "round_number": "1", "venue": "CSI Ground",
            "first_start": "2026-01-10T08:00", "interval_minutes": "90", "team_ids": [str(t) for t in teams]}
    preview = organiser.post("/fixtures/", data={**form, "action": "preview"})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and len(re.findall(r"<tr><td>\d+</td>", page)) == 6
    assert in_app(lambda: db.session.scalars(select(Match)).all()) == []
    created = organiser.post("/fixtures/", data={**form, "action": "create"})
    assert created.status_code == 302
    rows = in_app(lambda: [(m.match_number, m.team1_id, m.team2_id, m.scheduled_at.isoformat(), m.group_name)
                           for m in db.session.scalars(select(Match).order_by(Match.match_number))])
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    pairs = {frozenset(r[1:3]) for r in rows}
    assert len(pairs) == 6 and all(len(p) == 2 for p in pairs)
    assert rows[0][3] == "2026-01-10T02:30:00+00:00" and rows[1][3] == "2026-01-10T04:00:00+00:00"
    assert {r[4] for r in rows} == {"Group A"}
    refused = organiser.post("/fixtures/", data={**form, "team_ids": [str(teams[0])], "action": "create"})
    assert "Pick at least two confirmed teams" in refused.get_data(as_text=True)


def test_public_pages_show_scores_result_and_standings(client, make_team, make_match, play):
    """Schedule sections, the match page's score lines, toss and result, and the standings table."""
    one, two = make_team("Immanuel Eagles"), make_team("Trinity Tigers")
    done, upcoming = make_match(one, two), make_match(two, one)
    play(done, two, "bowl", (one, 165, 8, "10"), (two, 166, 5, "9.4"))
    schedule = client.get("/schedule").get_data(as_text=True)
    assert 'id="upcoming"' in schedule and 'id="live"' in schedule and 'id="completed"' in schedule
    assert "Trinity Tigers won by 5 wickets" in schedule
    page = client.get(f"/matches/{done}").get_data(as_text=True)
    assert "165/8 (10 ov)" in page and "166/5 (9.4 ov)" in page
    assert "Trinity Tigers won the toss and chose to bowl" in page
    assert client.get(f"/matches/{upcoming}").status_code == 200
    assert client.get("/matches/424242").status_code == 404
    standings = client.get("/standings").get_data(as_text=True)
    assert "Group A" in standings and "+0.672" in standings and "-0.672" in standings
