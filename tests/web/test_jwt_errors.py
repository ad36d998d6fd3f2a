"""Every unusable bearer token is a 401 UNAUTHORIZED in the shared error shape, never a 422 or a 500."""
from datetime import timedelta

import jwt
import pytest
import requests
from flask_jwt_extended import create_access_token, create_refresh_token

from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import auth, bearer


def assert_unauthorized(response):
    """401 UNAUTHORIZED in the shared error shape, naming the bearer scheme, with no decoder text."""
    assert response.status_code == 401, response.text[:300]
    body = response.json()
    assert body["success"] is False and body["error_code"] == "UNAUTHORIZED" and body["request_id"], body
    assert "segments" not in body["message"] and "padding" not in body["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("token", ["abc", "a.b.c", "Zm9v.YmFy.YmF6", ""])
def test_a_malformed_bearer_token_is_a_401(live_server, token):
    """Garbage after 'Bearer' is an unusable credential, not a validation failure of the request."""
    assert_unauthorized(requests.get(f"{live_server.url}/api/v1/team/", headers=auth(token), timeout=10))


def test_a_token_signed_with_another_key_is_a_401(live_server, app):
    """A well-formed token whose signature does not match."""
    with app.app_context():
        token = create_access_token(identity="1")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(claims, "another-signing-key-of-32-bytes-or-more", algorithm="HS256")
    assert_unauthorized(requests.get(f"{live_server.url}/api/v1/team/", headers=auth(forged), timeout=10))


def test_an_expired_token_is_a_401(live_server, app):
    """A token past its expiry (issued already expired, so no test waits for the clock)."""
    with app.app_context():
        token = create_access_token(identity="1", expires_delta=timedelta(seconds=-5))
    assert_unauthorized(requests.get(f"{live_server.url}/api/v1/team/", headers=auth(token), timeout=10))


def test_the_wrong_kind_of_token_is_a_401(live_server):
    """A refresh token on a resource, or an access token on /security/refresh."""
    tokens = bearer(live_server.url, "admin", ADMIN_PASSWORD, refresh=True)
    assert_unauthorized(requests.get(f"{live_server.url}/api/v1/team/", headers=auth(tokens["refresh_token"]),
                                     timeout=10))
    assert_unauthorized(requests.post(f"{live_server.url}/api/v1/security/refresh",
                                      headers=auth(tokens["access_token"]), timeout=10))


def test_a_token_without_credential_stamp_is_a_401(live_server, app):
    """A token minted without the password fingerprint (say, before this release) must sign in again."""
    with app.app_context():
        access, refresh = create_access_token(identity="1"), create_refresh_token(identity="1")
    assert_unauthorized(requests.get(f"{live_server.url}/api/v1/team/", headers=auth(access), timeout=10))
    assert_unauthorized(requests.post(f"{live_server.url}/api/v1/security/refresh", headers=auth(refresh),
                                      timeout=10))


def test_a_token_of_a_deactivated_user_is_a_401(live_server, app, make_user):
    """Deactivating a user stops their tokens at once."""
    username, password = make_user("Organiser")
    token = bearer(live_server.url, username, password)["access_token"]
    assert requests.get(f"{live_server.url}/api/v1/team/", headers=auth(token), timeout=10).status_code == 200
    with app.app_context():
        sm = app.appbuilder.sm
        user = sm.find_user(username=username)
        user.active = False
        sm.update_user(user)
    assert_unauthorized(requests.get(f"{live_server.url}/api/v1/team/", headers=auth(token), timeout=10))


def test_a_login_body_without_provider_still_signs_in(live_server):
    """FAB documents `provider` as optional; our only provider is the database."""
    response = requests.post(f"{live_server.url}/api/v1/security/login", timeout=10,
                             json={"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 200 and response.json()["access_token"]
