"""A decision is audited with the name of whoever made it, whether signed in by session or by bearer token."""
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from tests.support.form_login import auth, bearer, signed_in


def actors(app, team_id, event):
    """The actors of a team's audit events of one kind."""
    with app.app_context():
        found = db.session.scalars(select(AuditEvent.actor).where(AuditEvent.team_id == team_id,
                                                                   AuditEvent.event == event)).all()
        db.session.remove()
    return found


def test_a_decision_made_with_a_bearer_token_names_its_user(live_server, app, make_user, make_team):
    """POST /api/v1/team/<id>/confirm with a JWT is audited as the organiser, not as "public"."""
    username, password = make_user("Organiser")
    team_id = make_team()
    token = bearer(live_server.url, username, password)["access_token"]
    response = requests.post(f"{live_server.url}/api/v1/team/{team_id}/confirm", headers=auth(token), timeout=10)
    assert response.status_code == 200, response.text[:300]
    assert actors(app, team_id, "team.confirmed") == [username]


def test_a_decision_made_in_a_session_names_its_user(live_server, app, make_user, make_team):
    """The same through the signed-in session (CSRF is off on the test app)."""
    username, password = make_user("Organiser")
    team_id = make_team()
    session, _token = signed_in(live_server.url, username, password)
    response = session.post(f"{live_server.url}/api/v1/team/{team_id}/withdraw", timeout=10)
    assert response.status_code == 200, response.text[:300]
    assert actors(app, team_id, "team.withdrawn") == [username]
