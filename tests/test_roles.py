"""Roles see and may change exactly what they should, in the admin UI and the REST API alike."""
import pytest

from tests.conftest import ADMIN_PASSWORD


def assert_error_shape(response, status, code):
    """The JSON body is the one error shape, with the request id of the response."""
    assert response.status_code == status, response.data[:300]
    body = response.json
    assert body["success"] is False and body["error_code"] == code
    assert body["message"] and isinstance(body["details"], dict)
    assert body["request_id"] == response.headers["X-Request-ID"]


def test_anonymous_api_request_is_refused_in_the_error_shape(client):
    """No token: 401 UNAUTHORIZED, not FAB's bare message."""
    assert_error_shape(client.get("/api/v1/team/"), 401, "UNAUTHORIZED")


def test_anonymous_admin_page_redirects_to_login(client):
    """The generated admin pages need a signed-in user."""
    response = client.get("/teammodelview/list/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_bad_password_gets_no_token(client):
    """A wrong password is refused with 401 in the error shape."""
    response = client.post("/api/v1/security/login",
                           json={"username": "admin", "password": "wrong", "provider": "db"})
    assert_error_shape(response, 401, "UNAUTHORIZED")


@pytest.mark.parametrize("role, path, status", [
    ("Viewer", "/api/v1/team/", 403),
    ("Viewer", "/api/v1/team_directory/", 200),
    ("Viewer", "/api/v1/church/", 200),
    ("Viewer", "/api/v1/match/", 200),
    ("Viewer", "/api/v1/player/", 403),
    ("Scorer", "/api/v1/team/", 403),
    ("Scorer", "/api/v1/match/", 200),
    ("Organiser", "/api/v1/team/", 200),
    ("Organiser", "/api/v1/player/", 200),
    ("Admin", "/api/v1/team/", 200),
])
def test_api_read_permissions(client, token_for, role, path, status):
    """Each role reads exactly its resources."""
    response = client.get(path, headers=token_for(role))
    if status == 403:
        assert_error_shape(response, 403, "FORBIDDEN")
    else:
        assert response.status_code == status


@pytest.mark.parametrize("role, status", [("Viewer", 403), ("Scorer", 403), ("Organiser", 201), ("Admin", 201)])
def test_api_write_permissions_on_churches(client, token_for, role, status):
    """Only organisers and admins add churches."""
    response = client.post("/api/v1/church/", json={"name": f"CSI Test Church {role}", "verified": True},
                           headers=token_for(role))
    assert response.status_code == status, response.json


def test_viewer_directory_has_no_contacts(client, token_for):
    """The team directory never carries contact columns."""
    headers = token_for("Viewer")
    assert client.get("/api/v1/team_directory/_info", headers=headers).status_code == 200
    body = client.get("/api/v1/team_directory/", headers=headers).json
    assert not any("phone" in column or "email" in column for column in body["list_columns"])


def test_duplicate_church_name_is_a_409_not_a_500(client, token_for):
    """A unique clash through the REST API answers 409 CONFLICT in the shared shape."""
    headers = token_for("Organiser")
    response = client.post("/api/v1/church/", json={"name": "csi  immanuel church COIMBATORE"}, headers=headers)
    assert_error_shape(response, 409, "CONFLICT")


def test_invalid_church_payload_reports_fields(client, token_for):
    """A schema refusal names the failing field."""
    response = client.post("/api/v1/church/", json={"name": "CSI Church", "slot_limit": "many"},
                           headers=token_for("Organiser"))
    assert_error_shape(response, 422, "VALIDATION_FAILED")
    assert "slot_limit" in response.json["details"]["fields"]


@pytest.mark.parametrize("role, path, allowed", [
    ("Viewer", "/teamdirectorymodelview/list/", True),
    ("Viewer", "/teammodelview/list/", False),
    ("Viewer", "/documentmodelview/list/", False),
    ("Viewer", "/outboxemailmodelview/list/", False),
    ("Scorer", "/matchmodelview/list/", True),
    ("Scorer", "/teammodelview/list/", False),
    ("Organiser", "/teammodelview/list/", True),
    ("Organiser", "/documentmodelview/list/", True),
    ("Organiser", "/auditeventmodelview/list/", True),
    ("Organiser", "/users/list/", False),
    ("Admin", "/users/list/", True),
])
def test_admin_ui_permissions(client, make_user, login, role, path, allowed):
    """The UI grants the same resources as the API."""
    if role == "Admin":
        login()
    else:
        login(*make_user(role))
    response = client.get(path)
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert path not in response.headers.get("Location", "")


def test_admin_login_and_jwt_round_trip_over_http(live_server):
    """Over real HTTP: the login form signs the admin in, and a JWT reads the API."""
    import requests

    session = requests.Session()
    page = session.get(f"{live_server.url}/login/", timeout=10)
    assert page.status_code == 200
    response = session.post(f"{live_server.url}/login/", timeout=10, allow_redirects=False,
                            data={"username": "admin", "password": ADMIN_PASSWORD,
                                  "csrf_token": _csrf(page.text)})
    assert response.status_code == 302
    assert session.get(f"{live_server.url}/teammodelview/list/", timeout=10).status_code == 200
    token = requests.post(f"{live_server.url}/api/v1/security/login", timeout=10,
                          json={"username": "admin", "password": ADMIN_PASSWORD, "provider": "db",
                                "refresh": True}).json()
    listing = requests.get(f"{live_server.url}/api/v1/church/?q=(page_size:100)", timeout=10,
                           headers={"Authorization": f"Bearer {token['access_token']}"})
    assert listing.status_code == 200 and listing.json()["count"] == 82
    refreshed = requests.post(f"{live_server.url}/api/v1/security/refresh", timeout=10,
                              headers={"Authorization": f"Bearer {token['refresh_token']}"})
    assert refreshed.status_code == 200 and refreshed.json()["access_token"]


def _csrf(html):
    """Pull the CSRF token out of a rendered form (empty when CSRF is off in tests)."""
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else ""
