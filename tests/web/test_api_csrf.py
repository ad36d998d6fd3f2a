"""A signed-in browser session writes to /api/v1 only with its CSRF token; bearer-token clients are unaffected."""
import re

import pytest
import requests

from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import auth, bearer, signed_in
from tests.support.review_factories import make_team, team_state  # noqa: F401  -- shared fixtures

FOREIGN = {"Origin": "https://evil.example"}




@pytest.fixture
def admin_session(csrf_server):
    """The admin signed in through the login form: (requests session, CSRF token)."""
    return signed_in(csrf_server.url, "admin", ADMIN_PASSWORD)


def assert_forbidden(response):
    """403 FORBIDDEN in the shared error shape."""
    assert response.status_code == 403, response.text[:300]
    body = response.json()
    assert body["success"] is False and body["error_code"] == "FORBIDDEN" and body["request_id"], body


def team_name(csrf_server, team_id):
    """The team's stored name, read with a bearer token."""
    token = bearer(csrf_server.url, "admin", ADMIN_PASSWORD)["access_token"]
    response = requests.get(f"{csrf_server.url}/api/v1/team/{team_id}", headers=auth(token), timeout=10)
    return response.json()["result"]["name"]


def test_form_encoded_withdraw_from_a_foreign_page_is_refused(csrf_server, admin_session, make_team, team_state):
    """A cross-site form post riding on the admin's cookie withdraws nothing."""
    session, _token = admin_session
    team_id = make_team()
    response = session.post(f"{csrf_server.url}/api/v1/team/{team_id}/withdraw", data={"x": "1"}, headers=FOREIGN,
                            timeout=10)
    assert_forbidden(response)
    assert team_state(team_id)[0] == "pending"


def test_json_edit_with_the_session_but_no_token_is_refused(csrf_server, admin_session, make_team):
    """A script's JSON PUT with the cookie and no CSRF header changes nothing."""
    session, _token = admin_session
    team_id = make_team(name="Original Name")
    response = session.put(f"{csrf_server.url}/api/v1/team/{team_id}", json={"name": "Hijacked Name"}, headers=FOREIGN,
                           timeout=10)
    assert_forbidden(response)
    assert team_name(csrf_server, team_id) == "Original Name"


def test_a_bearer_token_beside_the_session_needs_the_csrf_header_too(csrf_server, admin_session, make_team, team_state):
    """FAB acts as the session user whenever one is signed in, so a bearer token does not excuse the cookie."""
    session, _token = admin_session
    team_id = make_team()
    token = bearer(csrf_server.url, "admin", ADMIN_PASSWORD)["access_token"]
    response = session.post(f"{csrf_server.url}/api/v1/team/{team_id}/withdraw", headers=auth(token), timeout=10)
    assert_forbidden(response)
    assert team_state(team_id)[0] == "pending"


def test_session_writes_with_the_csrf_header_go_through(csrf_server, admin_session, make_team, team_state):
    """Our own pages send the token: the same withdraw and edit succeed."""
    session, token = admin_session
    team_id, other_id = make_team(), make_team(name="Original Name")
    headers = {"X-CSRFToken": token}
    withdrawn = session.post(f"{csrf_server.url}/api/v1/team/{team_id}/withdraw", headers=headers, timeout=10)
    assert withdrawn.status_code == 200, withdrawn.text[:300]
    assert team_state(team_id)[0] == "withdrawn"
    edited = session.put(f"{csrf_server.url}/api/v1/team/{other_id}", json={"name": "Renamed Team"}, headers=headers,
                         timeout=10)
    assert edited.status_code == 200, edited.text[:300]
    assert team_name(csrf_server, other_id) == "Renamed Team"


def test_session_reads_need_no_token(csrf_server, admin_session):
    """GET stays as it was (the Swagger UI's "Try it out" on reads rides on the session)."""
    session, _token = admin_session
    assert session.get(f"{csrf_server.url}/api/v1/team/", timeout=10).status_code == 200


def test_bearer_only_clients_are_unaffected(csrf_server, make_team, team_state):
    """A REST client with only a bearer token needs no CSRF token."""
    team_id = make_team()
    token = bearer(csrf_server.url, "admin", ADMIN_PASSWORD)["access_token"]
    response = requests.post(f"{csrf_server.url}/api/v1/team/{team_id}/withdraw", headers={**auth(token), **FOREIGN},
                             timeout=10)
    assert response.status_code == 200, response.text[:300]
    assert team_state(team_id)[0] == "withdrawn"


def test_the_swagger_page_hands_its_csrf_token_to_the_ui(csrf_server, admin_session):
    """The signed-in Swagger UI adds X-CSRFToken to its writes, so "Try it out" works there too."""
    session, _token = admin_session
    page = session.get(f"{csrf_server.url}/swagger/v1", timeout=10)
    assert page.status_code == 200
    assert re.search(r'data-csrf-token="[^"]+"', page.text) and "X-CSRFToken" in page.text
