"""A password change or reset signs out every earlier session and token; the own change asks for the current one."""
import pytest
import requests

from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import auth, bearer, csrf_token, signed_in
from tests.support.live_server import LiveServer

NEW_PASSWORD = "new-password-2"




@pytest.fixture
def organiser(make_user):
    """An organiser's (username, password)."""
    return make_user("Organiser")


def change_own_password(csrf_server, session, current, new=NEW_PASSWORD):
    """Post the own-password form as the signed-in session does; return the response."""
    page = session.get(f"{csrf_server.url}/resetmypassword/form", timeout=10)
    assert page.status_code == 200, page.text[:300]
    return session.post(f"{csrf_server.url}/resetmypassword/form", allow_redirects=False, timeout=10,
                        data={"current_password": current, "password": new, "conf_password": new,
                              "csrf_token": csrf_token(page.text)})


def is_signed_in(csrf_server, session):
    """True when the session still reaches an admin list; a signed-out one is sent to the login page."""
    response = session.get(f"{csrf_server.url}/teammodelview/list/", allow_redirects=False, timeout=10)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200, response.status_code
    return True


def assert_unauthorized(response):
    """401 UNAUTHORIZED in the shared error shape."""
    assert response.status_code == 401, response.text[:300]
    body = response.json()
    assert body["success"] is False and body["error_code"] == "UNAUTHORIZED" and body["request_id"], body


def assert_revoked(csrf_server, session, tokens):
    """The session is signed out, and neither the access nor the refresh token works any more."""
    assert not is_signed_in(csrf_server, session)
    assert_unauthorized(session.get(f"{csrf_server.url}/api/v1/team/", timeout=10))
    assert_unauthorized(requests.get(f"{csrf_server.url}/api/v1/team/", headers=auth(tokens["access_token"]),
                                     timeout=10))
    assert_unauthorized(requests.post(f"{csrf_server.url}/api/v1/security/refresh", timeout=10,
                                      headers=auth(tokens["refresh_token"])))


def test_the_own_password_form_asks_for_the_current_password(csrf_server, organiser):
    """The form shows a current-password field; a wrong one is refused and changes nothing."""
    username, password = organiser
    session, _token = signed_in(csrf_server.url, username, password)
    assert 'name="current_password"' in session.get(f"{csrf_server.url}/resetmypassword/form", timeout=10).text
    refused = change_own_password(csrf_server, session, current="not-my-password")
    assert refused.status_code == 200 and "current password is not correct" in refused.text
    assert is_signed_in(csrf_server, session)
    bearer(csrf_server.url, username, password)  # the old password still works
    assert requests.post(f"{csrf_server.url}/api/v1/security/login", timeout=10,
                         json={"username": username, "password": NEW_PASSWORD}).status_code == 401


def test_changing_the_own_password_signs_out_everything_else(csrf_server, organiser):
    """Session A changes the password: A stays in; session B and the earlier tokens stop working."""
    username, password = organiser
    session_a, _ = signed_in(csrf_server.url, username, password)
    session_b, _ = signed_in(csrf_server.url, username, password)
    tokens = bearer(csrf_server.url, username, password, refresh=True)
    changed = change_own_password(csrf_server, session_a, current=password)
    assert changed.status_code == 302, changed.text[:300]
    assert is_signed_in(csrf_server, session_a)
    assert_revoked(csrf_server, session_b, tokens)
    assert requests.post(f"{csrf_server.url}/api/v1/security/login", timeout=10,
                         json={"username": username, "password": password}).status_code == 401
    fresh = bearer(csrf_server.url, username, NEW_PASSWORD, refresh=True)
    assert requests.get(f"{csrf_server.url}/api/v1/team/", headers=auth(fresh["access_token"]),
                        timeout=10).status_code == 200
    refreshed = requests.post(f"{csrf_server.url}/api/v1/security/refresh", headers=auth(fresh["refresh_token"]),
                              timeout=10)
    assert refreshed.status_code == 200
    assert requests.get(f"{csrf_server.url}/api/v1/team/", headers=auth(refreshed.json()["access_token"]),
                        timeout=10).status_code == 200
    assert is_signed_in(csrf_server, signed_in(csrf_server.url, username, NEW_PASSWORD)[0])


def test_an_admin_reset_signs_the_user_out_everywhere(csrf_server, organiser, app):
    """The admin resets a user's password through the reset form: the user's sessions and tokens stop working,
    the admin stays signed in, and the new password signs the user in."""
    username, password = organiser
    user_session, _ = signed_in(csrf_server.url, username, password)
    tokens = bearer(csrf_server.url, username, password, refresh=True)
    admin, admin_token = signed_in(csrf_server.url, "admin", ADMIN_PASSWORD)
    with app.app_context():
        user_id = app.appbuilder.sm.find_user(username=username).id
    # The "Reset Password" action on the user's page leads to this same form.
    action = admin.post(f"{csrf_server.url}/users/action/resetpasswords/{user_id}", data={"csrf_token": admin_token},
                        allow_redirects=False, timeout=10)
    assert action.status_code == 302 and f"/resetpassword/form?pk={user_id}" in action.headers["Location"]
    form = admin.get(f"{csrf_server.url}/resetpassword/form?pk={user_id}", timeout=10)
    reset = admin.post(f"{csrf_server.url}/resetpassword/form?pk={user_id}", allow_redirects=False, timeout=10,
                       data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD,
                             "csrf_token": csrf_token(form.text)})
    assert reset.status_code == 302, reset.text[:300]
    assert is_signed_in(csrf_server, admin)
    assert_revoked(csrf_server, user_session, tokens)
    assert is_signed_in(csrf_server, signed_in(csrf_server.url, username, NEW_PASSWORD)[0])


def test_an_admin_resetting_their_own_password_stays_signed_in(csrf_server, app):
    """Resetting one's own password through the admin form keeps that session, and only that one."""
    admin, _ = signed_in(csrf_server.url, "admin", ADMIN_PASSWORD)
    other, _ = signed_in(csrf_server.url, "admin", ADMIN_PASSWORD)
    with app.app_context():
        admin_id = app.appbuilder.sm.find_user(username="admin").id
    form = admin.get(f"{csrf_server.url}/resetpassword/form?pk={admin_id}", timeout=10)
    reset = admin.post(f"{csrf_server.url}/resetpassword/form?pk={admin_id}", allow_redirects=False, timeout=10,
                       data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD,
                             "csrf_token": csrf_token(form.text)})
    assert reset.status_code == 302, reset.text[:300]
    assert is_signed_in(csrf_server, admin)
    assert not is_signed_in(csrf_server, other)


def test_the_own_password_form_is_rate_limited_like_the_login(app_factory, organiser):
    """Guessing the current password meets the login's limit (AUTH_RATE_LIMIT) and a 429."""
    app = app_factory(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="3 per minute")
    username, password = organiser
    with LiveServer(app) as server:
        session, _ = signed_in(server.url, username, password)
        page = session.get(f"{server.url}/resetmypassword/form", timeout=10)
        data = {"current_password": "guess", "password": NEW_PASSWORD, "conf_password": NEW_PASSWORD,
                "csrf_token": csrf_token(page.text)}
        statuses = [session.post(f"{server.url}/resetmypassword/form", data=data, timeout=10).status_code
                    for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
