"""Decisions through the admin actions and the REST API, with the same rules and permissions."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from tests.review.test_review_service import ALLOWED, REFUSED


def _post_action(client, action, team_id, reason="Receipt is unreadable"):
    """Run a FAB action on the list page; reject goes through its reason form."""
    response = client.post("/teammodelview/action_post", data={"action": action, "rowid": [str(team_id)]})
    if action == "reject":
        assert response.status_code == 302 and "/teammodelview/reject" in response.headers["Location"]
        form_url = response.headers["Location"]
        assert b"ICCT-9" in client.get(form_url).data
        response = client.post(form_url, data={"ids": str(team_id), "reason": reason})
    return response


@pytest.mark.parametrize("start, action, end", ALLOWED)
def test_admin_action_applies_transition(client, organiser, make_team, team_state, start, action, end):
    """The list-page action changes the state and reports it."""
    team_id = make_team(status=start)
    response = _post_action(client, action, team_id)
    assert response.status_code == 302
    assert team_state(team_id)[0] == end
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{action.capitalize()}: ICCT-901" in page


@pytest.mark.parametrize("start, action", REFUSED)
def test_admin_action_refuses_invalid_transition(client, organiser, make_team, team_state, start, action):
    """An invalid move is skipped with its reason shown."""
    team_id = make_team(status=start)
    response = _post_action(client, action, team_id)
    assert team_state(team_id)[0] == start
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Skipped" in page and f"is {start}" in page


def test_single_action_from_the_show_page(client, organiser, make_team, team_state):
    """The show page posts to /action/<name>/<pk>."""
    team_id = make_team()
    assert client.post(f"/teammodelview/action/confirm/{team_id}").status_code == 302
    assert team_state(team_id)[0] == "confirmed"


def test_reject_form_refuses_an_empty_reason(client, organiser, make_team, team_state):
    """The form stays with an error and the team stays pending."""
    team_id = make_team()
    response = client.post(f"/teammodelview/reject?ids={team_id}", data={"ids": str(team_id), "reason": " "})
    assert response.status_code == 200 and b"reject-form" in response.data
    assert team_state(team_id)[0] == "pending"


def test_bulk_admin_action_on_a_mixed_selection(client, organiser, make_team, team_state):
    """Pending teams are confirmed; the confirmed and rejected ones are skipped and named."""
    ids = [make_team(), make_team(), make_team(status="confirmed"), make_team(status="rejected")]
    response = client.post("/teammodelview/action_post", data={"action": "confirm", "rowid": [str(i) for i in ids]})
    assert [team_state(i)[0] for i in ids] == ["confirmed", "confirmed", "confirmed", "rejected"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Confirm: ICCT-901, ICCT-902" in page
    assert "Skipped ICCT-903" in page and "Skipped ICCT-904" in page


def test_bulk_reject_with_one_reason(client, organiser, make_team, team_state, app):
    """Several teams rejected at once all carry the reason, and each gets its audit event."""
    ids = [make_team(), make_team()]
    response = client.post("/teammodelview/reject", data={"ids": ",".join(map(str, ids)), "reason": "Late fee"})
    assert response.status_code == 302
    assert [team_state(i) for i in ids] == [("rejected", "Late fee")] * 2
    with app.app_context():
        events = db.session.scalars(select(AuditEvent.event).where(AuditEvent.team_id.in_(ids))).all()
    assert events == ["team.rejected", "team.rejected"]


@pytest.mark.parametrize("role", ["Viewer", "Scorer", None])
def test_admin_actions_refused_without_team_write(client, make_user, login, make_team, team_state, role):
    """Viewers, scorers and anonymous visitors change nothing, by action or reject form."""
    if role:
        login(*make_user(role))
    team_id = make_team()
    for response in (client.post("/teammodelview/action_post", data={"action": "confirm", "rowid": [team_id]}),
                     client.post(f"/teammodelview/action/withdraw/{team_id}"),
                     client.post("/teammodelview/reject", data={"ids": str(team_id), "reason": "x"}),
                     client.post("/reviewqueuemodelview/action_post", data={"action": "reject", "rowid": [team_id]})):
        assert response.status_code in (302, 403)
        assert not response.headers.get("Location", "").split("?")[0].endswith("/reject")
    assert team_state(team_id)[0] == "pending"


def test_review_queue_lists_pending_teams_oldest_first(client, organiser, make_team):
    """Only teams awaiting a decision, in registration order, with the actions available."""
    make_team(), make_team(status="confirmed"), make_team()
    page = client.get("/reviewqueuemodelview/list/").get_data(as_text=True)
    assert "ICCT-901" in page and "ICCT-903" in page and "ICCT-902" not in page
    assert page.index("ICCT-901") < page.index("ICCT-903")
    assert "Confirm" in page and "Reject" in page


def test_team_list_search_by_phone_and_filter_by_status(client, organiser, make_team):
    """FAB's filters find teams by captain phone, status and code."""
    make_team(), make_team(status="rejected")
    by_status = client.get("/teammodelview/list/?_flt_0_status=rejected").get_data(as_text=True)
    assert "ICCT-902" in by_status and "ICCT-901" not in by_status
    by_phone = client.get("/teammodelview/list/?_flt_0_captain_phone=9876543210").get_data(as_text=True)
    assert "ICCT-901" in by_phone and "ICCT-902" in by_phone


@pytest.mark.parametrize("start, action, end", ALLOWED)
def test_rest_decision(client, token_for, make_team, start, action, end):
    """POST /api/v1/team/<id>/<action> answers the new state."""
    team_id = make_team(status=start)
    response = client.post(f"/api/v1/team/{team_id}/{action}", json={"reason": "Receipt unreadable"},
                           headers=token_for("Organiser"))
    assert response.status_code == 200, response.json
    assert response.json["success"] is True and response.json["status"] == end


@pytest.mark.parametrize("start, action", REFUSED)
def test_rest_refused_decision_is_a_409(client, token_for, make_team, team_state, start, action):
    """An invalid move answers 409 CONFLICT in the shared error shape."""
    team_id = make_team(status=start)
    response = client.post(f"/api/v1/team/{team_id}/{action}", json={"reason": "x"}, headers=token_for("Organiser"))
    assert response.status_code == 409 and response.json["error_code"] == "CONFLICT"
    assert response.json["details"]["status"] == start
    assert team_state(team_id)[0] == start


def test_rest_reject_without_reason_is_a_422(client, token_for, make_team):
    """The reason is required, also when the body is missing."""
    team_id = make_team()
    headers = token_for("Organiser")
    for kwargs in ({"json": {}}, {"json": {"reason": 5}}, {}):
        response = client.post(f"/api/v1/team/{team_id}/reject", headers=headers, **kwargs)
        assert response.status_code == 422 and response.json["details"]["field"] == "reason"


def test_rest_reopen_into_a_full_church(client, token_for, make_team):
    """The church limit refusal carries its code and the text the frontend matches."""
    rejected = make_team(status="rejected", church="CSI Full Church")
    make_team(church="CSI Full Church"), make_team(church="CSI Full Church")
    response = client.post(f"/api/v1/team/{rejected}/reopen", headers=token_for("Organiser"))
    assert response.status_code == 409 and response.json["error_code"] == "CHURCH_LIMIT_REACHED"
    assert "Maximum 2 teams" in response.json["message"]


@pytest.mark.parametrize("role, status", [("Viewer", 403), ("Scorer", 403), (None, 401)])
def test_rest_decisions_need_team_write(client, token_for, make_team, team_state, role, status):
    """Without Team write, every decision endpoint refuses."""
    team_id = make_team()
    headers = token_for(role) if role else {}
    for action in ("confirm", "reject", "withdraw", "reopen"):
        response = client.post(f"/api/v1/team/{team_id}/{action}", json={"reason": "x"}, headers=headers)
        assert response.status_code == status and response.json["success"] is False
    assert team_state(team_id)[0] == "pending"


def test_decisions_are_in_the_openapi_spec(client, token_for):
    """The four endpoints are documented with the Team tag."""
    spec = client.get("/api/v1/_openapi", headers=token_for("Admin")).json
    for action in ("confirm", "reject", "withdraw", "reopen"):
        assert "post" in spec["paths"][f"/api/v1/team/{{pk}}/{action}"]
    assert "reason" in str(spec["paths"]["/api/v1/team/{pk}/reject"]["post"]["requestBody"])


def test_editing_a_team_keeps_names_unique(client, token_for, make_team, app):
    """A rename updates the uniqueness key; taking another active team's name is a 409 DUPLICATE_TEAM."""
    first, second = make_team(), make_team()
    headers = token_for("Organiser")
    renamed = client.put(f"/api/v1/team/{first}", json={"name": "  Royal   Strikers "}, headers=headers)
    assert renamed.status_code == 200, renamed.json
    clash = client.put(f"/api/v1/team/{second}", json={"name": "royal strikers"}, headers=headers)
    assert clash.status_code == 409 and clash.json["error_code"] == "DUPLICATE_TEAM"
    with app.app_context():
        from app.models import Team

        assert (db.session.get(Team, first).name, db.session.get(Team, first).name_key) == ("Royal Strikers",
                                                                                          "royal strikers")
