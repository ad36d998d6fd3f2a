"""The one result form: a whole result in one post, refusals next to their fields with nothing stored, and the
result sentence in the admin list and show page, the public schedule and match page, and the REST and compat APIs."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Match


@pytest.fixture
def pair(make_team):
    """Two confirmed teams."""
    return make_team("Wesley Warriors"), make_team("Trinity Tigers")


@pytest.fixture
def organiser(login, make_user):
    """The test client signed in as an Organiser."""
    return login(*make_user("Organiser"))


def whole_result(toss, choice="bat", first=("120", "6", "10"), second=("118", "9", "10"), **extra):
    """The one form's fields: toss, both innings as (runs, wickets, overs), result type and any extras."""
    data = {"toss_winner_id": str(toss), "toss_choice": choice, "result_type": "normal"}
    for slot, innings in (("first", first), ("second", second)):
        if innings:
            data.update(zip((f"{slot}_runs", f"{slot}_wickets", f"{slot}_overs"), innings))
    return {**data, **extra}


def stored(in_app, match_id):
    """What the database holds for the match, and how many audit events it has beyond its creation."""
    def read():
        match = db.session.get(Match, match_id)
        events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.event != "match.created"))
        return {"status": match.status, "toss": match.toss_winner_id, "first_runs": match.first_runs,
                "second_runs": match.second_runs, "outcome": match.outcome, "winner": match.winner_id,
                "super": match.super_first_runs, "events": events}
    return in_app(read)


def field_error(page, field):
    """The message the form shows next to `field`, or None."""
    found = re.search(rf'<span class="help-block" id="{field}-error">([^<]*)</span>', page)
    return found.group(1) if found else None


def test_one_form_records_a_whole_result_and_the_sentence_shows_everywhere(organiser, client, in_app, pair,
                                                                          make_match, token_for):
    """Scheduled → completed in one post; the sentence and team names in every list and page."""
    warriors, tigers = pair
    match_id = make_match(warriors, tigers)
    form = organiser.get(f"/matchmodelview/result/{match_id}")
    page = form.get_data(as_text=True)
    assert form.status_code == 200
    for name in ("toss_winner_id", "toss_choice", "first_runs", "first_wickets", "first_overs", "second_runs",
                 "second_wickets", "second_overs", "result_type", "super_first_runs", "super_second_runs"):
        assert f'id="{name}"' in page, name
    response = organiser.post(f"/matchmodelview/result/{match_id}", data=whole_result(
        warriors, "bat", scorecard_url="https://cricheroes.in/scorecard/7"))
    assert response.status_code == 302
    assert stored(in_app, match_id) == {"status": "completed", "toss": warriors, "first_runs": 120,
                                        "second_runs": 118, "outcome": "win", "winner": warriors, "super": None,
                                        "events": 1}
    sentence = "Wesley Warriors won by 2 runs"
    listing = organiser.get("/matchmodelview/list/").get_data(as_text=True)
    assert sentence in listing and "Wesley Warriors vs Trinity Tigers" in listing
    show = organiser.get(f"/matchmodelview/show/{match_id}").get_data(as_text=True)
    assert sentence in show and "Wesley Warriors won the toss and chose to bat" in show
    assert "Wesley Warriors 120/6 (10 ov)" in show and "Trinity Tigers 118/9 (10 ov)" in show
    assert "Winner Id" not in show and "First Balls" not in show
    assert sentence in client.get("/schedule").get_data(as_text=True)
    assert sentence in client.get(f"/matches/{match_id}").get_data(as_text=True)
    rest = client.get("/api/v1/match/", headers=token_for("Viewer")).json["result"]
    assert [(row["result_sentence"], row["result_type"]) for row in rest] == [(sentence, "normal")]
    compat = client.get(f"/api/schedule/matches/{match_id}").json["data"]["result"]
    assert compat == {"winner": "Wesley Warriors", "margin": 2, "marginType": "runs", "wonByBattingFirst": True}


REFUSALS = [
    pytest.param(dict(first_wickets="11", first_overs="9.7"),
                 {"first_wickets": "First innings wickets must be a whole number from 0 to 10",
                  "first_overs": "An over has only 6 balls"}, id="impossible-innings"),
    pytest.param(dict(toss_winner_id="", toss_choice=""),
                 {"toss_winner_id": "Choose the team that won the toss",
                  "toss_choice": "Choose whether the toss winner chose to bat or to bowl"}, id="no-toss"),
    pytest.param(dict(first_overs="12"), {"first_overs": "First innings: overs cannot be more than the 10-over limit"},
                 id="over-the-limit"),
    pytest.param(dict(second_runs="100", second_wickets="4", second_overs="8"),
                 {"second_overs": "The chase was not all out"}, id="unfinished-chase"),
    pytest.param(dict(second_runs="130", second_wickets="2", second_overs="9"),
                 {"second_runs": "ended when the target of 121 was reached"}, id="chase-past-the-target"),
    pytest.param(dict(result_type="super_over", super_first_runs="10", super_first_wickets="0",
                      super_second_runs="6", super_second_wickets="2"),
                 {"result_type": "A super over is played only after a tie"}, id="super-over-without-a-tie"),
    pytest.param(dict(second_runs="120", second_wickets="9", super_first_runs="10"),
                 {"super_first_runs": "Super over scores belong only to a tie settled by a super over"},
                 id="super-over-scores-on-a-normal-result"),
    pytest.param(dict(second_runs="120", second_wickets="9", result_type="super_over", super_first_runs="8",
                      super_first_wickets="1", super_second_runs="8", super_second_wickets="1"),
                 {"super_second_runs": "The super over is level too"}, id="level-super-over"),
    pytest.param(dict(second_runs="120", second_wickets="9", result_type="super_over", super_first_runs="8",
                      super_first_wickets="3"),
                 {"super_first_wickets": "The super-over wickets of the side batting first in it must be a whole "
                                         "number from 0 to 2",
                  "super_second_runs": "Enter the super-over runs of the other side"}, id="super-over-incomplete"),
    pytest.param(dict(result_type="abandoned", reason=""), {"reason": "Reason is required"}, id="abandon-no-reason"),
    pytest.param(dict(result_type="draw"), {"result_type": "Choose normal or no_result or super_over or abandoned"},
                 id="unknown-result-type"),
    pytest.param(dict(second_runs="", second_wickets="", second_overs=""),
                 {"second_runs": "Enter both innings, or record the match as a no result"}, id="one-innings-only"),
]


@pytest.mark.parametrize("change, messages", REFUSALS)
def test_form_refuses_invalid_combinations_next_to_the_fields(organiser, in_app, pair, make_match, change,
                                                              messages):
    """Each refusal re-renders the form with the message beside its field, keeps the typed values, stores nothing."""
    warriors, _tigers = pair
    match_id = make_match(*pair)
    before = stored(in_app, match_id)
    response = organiser.post(f"/matchmodelview/result/{match_id}", data=whole_result(warriors, **change))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was saved" in page
    for field, message in messages.items():
        assert message in (field_error(page, field) or ""), (field, field_error(page, field))
    assert stored(in_app, match_id) == before


def test_super_over_no_result_abandon_and_correction(organiser, client, in_app, pair, make_match, token_for):
    """A tie settled by a super over counts as a win; a no result and an abandonment read as such; a correction
    needs a reason and is audited with both versions."""
    warriors, tigers = pair
    tie, rained, called_off = make_match(warriors, tigers), make_match(tigers, warriors), make_match(warriors, tigers)
    # Tigers bat second in the match, so they bat first in the super over.
    assert organiser.post(f"/matchmodelview/result/{tie}", data=whole_result(
        warriors, second=("120", "8", "10"), result_type="super_over", super_first_runs="9",
        super_first_wickets="1", super_second_runs="12", super_second_wickets="0")).status_code == 302
    assert organiser.post(f"/matchmodelview/result/{rained}", data=whole_result(
        tigers, first=("60", "2", "5"), second=None, result_type="no_result")).status_code == 302
    assert organiser.post(f"/matchmodelview/result/{called_off}", data={
        "result_type": "abandoned", "reason": "Waterlogged ground"}).status_code == 302
    assert stored(in_app, tie)["winner"] == warriors and stored(in_app, tie)["super"] == 9
    schedule = client.get("/schedule").get_data(as_text=True)
    for sentence in ("Wesley Warriors won the super over", "No result", "Match abandoned"):
        assert sentence in schedule
    match_page = client.get(f"/matches/{tie}").get_data(as_text=True)
    assert "Super over: Trinity Tigers 9/1, Wesley Warriors 12/0" in match_page
    rest = {row["id"]: (row["result_type"], row["result_sentence"])
            for row in client.get("/api/v1/match/", headers=token_for("Viewer")).json["result"]}
    assert rest == {tie: ("super_over", "Wesley Warriors won the super over"), rained: ("no_result", "No result"),
                    called_off: ("abandoned", "Match abandoned")}
    assert client.get(f"/api/schedule/matches/{tie}").json["data"]["result"]["marginType"] == "super_over"
    standings = client.get("/api/standings").json["data"][0]["rows"]
    assert {row["team"]: (row["won"], row["no_result"], row["points"]) for row in standings} == {
        "Wesley Warriors": (1, 1, 3), "Trinity Tigers": (0, 1, 1)}

    unexplained = organiser.post(f"/matchmodelview/result/{tie}", data=whole_result(warriors))
    assert field_error(unexplained.get_data(as_text=True), "reason") == "Reason is required."
    assert organiser.post(f"/matchmodelview/result/{tie}", data=whole_result(
        warriors, reason="Scorer misread the last over")).status_code == 302
    assert stored(in_app, tie)["super"] is None
    corrected = in_app(lambda: db.session.scalars(select(AuditEvent).where(
        AuditEvent.event == "match.corrected")).one())
    assert corrected.reason == "Scorer misread the last over"
    assert "Wesley Warriors won by 2 runs" in client.get("/schedule").get_data(as_text=True)


def test_rest_records_a_whole_result_in_one_call(client, token_for, in_app, pair, make_match):
    """POST /api/v1/match/<id>/result takes the same fields and refuses with the shared error shape."""
    warriors, tigers = pair
    match_id = make_match(warriors, tigers)
    scorer = token_for("Scorer")
    refused = client.post(f"/api/v1/match/{match_id}/result", headers=scorer,
                          json={"result_type": "super_over", "toss_winner_id": tigers, "toss_choice": "bowl"})
    assert refused.status_code == 422
    assert set(refused.json["details"]["fields"]) >= {"super_first_runs", "super_second_runs"}
    assert stored(in_app, match_id)["status"] == "scheduled"
    done = client.post(f"/api/v1/match/{match_id}/result", headers=scorer, json={
        "result_type": "normal", "toss_winner_id": tigers, "toss_choice": "bowl", "first_runs": 90,
        "first_wickets": 10, "first_overs": "9.1", "second_runs": 91, "second_wickets": 6, "second_overs": "9"})
    assert done.status_code == 200, done.json
    assert done.json["result"]["result"]["winner"] == "Trinity Tigers"
    shown = client.get(f"/api/v1/match/{match_id}", headers=scorer).json["result"]
    assert shown["result_sentence"] == "Trinity Tigers won by 4 wickets" and shown["super_first_runs"] is None


def test_refusal_in_tamil_shows_the_tamil_message_beside_the_field(organiser, in_app, pair, make_match):
    """An organiser using the Tamil admin sees the field message in Tamil, its label translated too."""
    warriors, _tigers = pair
    match_id = make_match(*pair)
    before = stored(in_app, match_id)
    response = organiser.post(f"/matchmodelview/result/{match_id}?_l_=ta",
                              data=whole_result(warriors, first=("many", "6", "10"), toss_choice=""))
    page = response.get_data(as_text=True)
    runs = field_error(page, "first_runs") or ""
    assert "முதல் இன்னிங்ஸ் ரன்கள்" in runs and "முழு எண்ணாக இருக்க வேண்டும்" in runs, runs
    assert "டாஸ் வென்ற அணி" in (field_error(page, "toss_choice") or "")
    assert "must be a whole number" not in page
    assert stored(in_app, match_id) == before
