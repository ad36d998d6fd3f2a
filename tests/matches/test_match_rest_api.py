"""The /api/v1/match workflow endpoints: permissions, state refusals and validation in the shared error shape."""
import pytest

from tests.test_roles import assert_error_shape


@pytest.fixture
def pair(make_team):
    """Two confirmed teams."""
    return make_team("Immanuel Eagles"), make_team("Trinity Tigers")


@pytest.fixture
def scorer(token_for):
    """JWT headers of a Scorer."""
    return token_for("Scorer")


def post(client, path, body, headers):
    """POST a JSON body to /api/v1/match/<path>."""
    return client.post(f"/api/v1/match/{path}", json=body, headers=headers)


@pytest.mark.parametrize("step", ["start", "innings", "finish", "abandon", "correct"])
def test_anonymous_and_viewer_cannot_write(client, token_for, pair, make_match, step):
    """401 without a token, 403 for a Viewer, both in the error shape."""
    match_id = make_match(*pair)
    assert_error_shape(post(client, f"{match_id}/{step}", {}, {}), 401, "UNAUTHORIZED")
    assert_error_shape(post(client, f"{match_id}/{step}", {}, token_for("Viewer")), 403, "FORBIDDEN")


def test_scorer_runs_a_match_through_the_api(client, scorer, pair, make_match):
    """Start, both innings, finish: the answer carries the schedule view of the match."""
    one, two = pair
    match_id = make_match(one, two)
    response = post(client, f"{match_id}/start", {"toss_winner_id": two, "toss_choice": "bowl",
                                                  "scorecard_url": "https://cricheroes.in/scorecard/1"}, scorer)
    assert response.status_code == 200, response.json
    assert response.json["result"]["status"] == "live"
    assert response.json["result"]["toss_winner"] == "Trinity Tigers"
    assert post(client, f"{match_id}/innings", {"batting_team_id": one, "runs": 165, "wickets": 8,
                                                "overs": "10"}, scorer).status_code == 200
    assert post(client, f"{match_id}/innings", {"batting_team_id": two, "runs": 166, "wickets": 5,
                                                "overs": 9.4}, scorer).status_code == 200
    done = post(client, f"{match_id}/finish", {}, scorer)
    assert done.status_code == 200, done.json
    assert done.json["result"]["result"] == {"winner": "Trinity Tigers", "margin": 5, "marginType": "wickets",
                                             "wonByBattingFirst": False}


def test_wrong_state_is_409_and_bad_scores_422(client, scorer, pair, make_match):
    """Finishing a scheduled match conflicts; impossible overs name their field."""
    match_id = make_match(*pair)
    assert_error_shape(post(client, f"{match_id}/finish", {}, scorer), 409, "CONFLICT")
    post(client, f"{match_id}/start", {"toss_winner_id": pair[0], "toss_choice": "bat"}, scorer)
    response = post(client, f"{match_id}/innings", {"batting_team_id": pair[0], "runs": 1000, "wickets": 3,
                                                    "overs": "4.6"}, scorer)
    assert_error_shape(response, 422, "VALIDATION_FAILED")
    assert set(response.json["details"]["fields"]) == {"runs", "overs"}
    assert_error_shape(post(client, "424242/start", {}, scorer), 404, "NOT_FOUND")
    bad_body = client.post(f"/api/v1/match/{match_id}/finish", data="nope", headers=scorer)
    assert_error_shape(bad_body, 400, "VALIDATION_FAILED")


def test_inconsistent_finish_is_refused(client, scorer, pair, make_match):
    """A claimed winner that the scores contradict is a 422 naming winner_id."""
    one, two = pair
    match_id = make_match(one, two)
    post(client, f"{match_id}/start", {"toss_winner_id": one, "toss_choice": "bat"}, scorer)
    post(client, f"{match_id}/innings", {"batting_team_id": one, "runs": 120, "wickets": 4, "overs": "10"}, scorer)
    post(client, f"{match_id}/innings", {"batting_team_id": two, "runs": 100, "wickets": 10, "overs": "9"}, scorer)
    response = post(client, f"{match_id}/finish", {"outcome": "win", "winner_id": two}, scorer)
    assert_error_shape(response, 422, "VALIDATION_FAILED")
    assert response.json["details"]["field"] == "winner_id"


def test_abandon_and_correct_over_the_api(client, scorer, pair, make_match):
    """Abandon needs a reason; a completed match is corrected, never edited or deleted."""
    one, two = pair
    abandoned = make_match(one, two)
    assert_error_shape(post(client, f"{abandoned}/abandon", {}, scorer), 422, "VALIDATION_FAILED")
    assert post(client, f"{abandoned}/abandon", {"reason": "Rain"}, scorer).json["result"]["status"] == "abandoned"
    match_id = make_match(one, two)
    post(client, f"{match_id}/start", {"toss_winner_id": one, "toss_choice": "bat"}, scorer)
    post(client, f"{match_id}/innings", {"batting_team_id": one, "runs": 90, "wickets": 10, "overs": "8"}, scorer)
    post(client, f"{match_id}/innings", {"batting_team_id": two, "runs": 85, "wickets": 10, "overs": "9"}, scorer)
    assert post(client, f"{match_id}/finish", {}, scorer).status_code == 200
    assert_error_shape(client.put(f"/api/v1/match/{match_id}", json={"venue": "Elsewhere"}, headers=scorer),
                       409, "CONFLICT")
    assert_error_shape(client.delete(f"/api/v1/match/{match_id}", headers=scorer), 409, "CONFLICT")
    corrected = post(client, f"{match_id}/correct", {
        "reason": "Wrong total", "first_runs": 90, "first_wickets": 10, "first_overs": "8",
        "second_runs": 91, "second_wickets": 6, "second_overs": "9"}, scorer)
    assert corrected.status_code == 200, corrected.json
    assert corrected.json["result"]["result"]["winner"] == "Trinity Tigers"


@pytest.mark.parametrize("change, status, field", [
    ({}, 201, None),
    ({"team2": "SAME"}, 422, "team2_id"),
    ({"team2": "PENDING"}, 422, "team2_id"),
    ({"match_number": 1}, 409, "match_number"),
    ({"venue": ""}, 422, "venue"),
])
def test_creating_through_the_rest_api_uses_the_rules(client, token_for, make_team, pair, make_match, change, status,
                                                      field):
    """POST /api/v1/match/ answers 201, 409 or 422, never 500."""
    make_match(*pair)
    specials = {"SAME": pair[0], "PENDING": make_team("Pending Panthers", status="pending")}
    body = {"round_label": "League", "round_number": 1, "match_number": 9, "group_name": "Group A",
            "team1": pair[0], "team2": pair[1], "venue": "CSI Ground", "scheduled_at": "2026-01-11T10:00:00+05:30"}
    body.update({k: specials.get(v, v) for k, v in change.items()})
    response = client.post("/api/v1/match/", json=body, headers=token_for("Organiser"))
    if status == 201:
        assert response.status_code == 201, response.json
        shown = client.get(f"/api/v1/match/{response.json['id']}", headers=token_for("Viewer")).json["result"]
        assert shown["status"] == "scheduled" and shown["scheduled_at"].startswith("2026-01-11T04:30")
    else:
        code = "CONFLICT" if status == 409 else "VALIDATION_FAILED"
        assert_error_shape(response, status, code)
        assert response.json["details"]["field"] == field


def test_workflow_is_documented_in_openapi(client, token_for):
    """Each step appears in the OpenAPI spec with its request schema."""
    spec = client.get("/api/v1/_openapi", headers=token_for("Admin")).json
    for step, schema in [("start", "MatchStartSchema"), ("innings", "MatchInningsSchema"),
                         ("finish", "MatchFinishSchema"), ("abandon", "MatchAbandonSchema"),
                         ("correct", "MatchCorrectSchema")]:
        path = next(path for path in spec["paths"] if path.endswith(f"/match/{{pk}}/{step}"))
        operation = spec["paths"][path]["post"]
        assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(schema)
        assert schema in spec["components"]["schemas"]
