"""The public registration form: CSRF, field errors next to their fields, kept values, the success page."""
import re

import pytest

from tests.support import payloads


@pytest.fixture
def csrf_client(app_factory):
    """A test client of an app with CSRF switched on, as in production."""
    return app_factory(WTF_CSRF_ENABLED=True).test_client()


def csrf_token(client, path="/register"):
    """Fetch the form and return its CSRF token."""
    page = client.get(path)
    assert page.status_code == 200
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_form_lists_churches_with_slots_and_minimum_rows(csrf_client):
    """The form offers the churches with their free slots and 11 player rows."""
    html = csrf_client.get("/register").get_data(as_text=True)
    assert "CSI Immanuel Church Coimbatore" in html and "2 of 2 slots left" in html
    assert 'name="player_10_name"' in html and 'name="player_11_name"' not in html


def test_good_submission_shows_the_code(csrf_client):
    """A valid form redirects to the success page with the team code."""
    form, files = payloads.registration()
    data = payloads.for_test_client(form, files)
    data["csrf_token"] = csrf_token(csrf_client)
    response = csrf_client.post("/register", data=data, content_type="multipart/form-data")
    assert response.status_code == 303 and response.headers["Location"].endswith("/register/done/ICCT-001")
    page = csrf_client.get("/register/done/ICCT-001").get_data(as_text=True)
    assert "ICCT-001" in page and form["team_name"] in page


def test_success_page_is_only_for_the_registering_browser(csrf_client, app):
    """Another browser cannot read someone's success page."""
    form, files = payloads.registration()
    data = payloads.for_test_client(form, files)
    data["csrf_token"] = csrf_token(csrf_client)
    csrf_client.post("/register", data=data, content_type="multipart/form-data")
    assert app.test_client().get("/register/done/ICCT-001").status_code == 404


def test_bad_submission_shows_errors_next_to_fields_and_keeps_values(csrf_client):
    """Field errors appear beside their inputs and typed values are kept."""
    form, files = payloads.registration(players=12, captain_phone="98765", vice_email="not-an-email")
    data = payloads.for_test_client(form, files)
    data["csrf_token"] = csrf_token(csrf_client)
    response = csrf_client.post("/register", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="captain_phone-error"' in html and 'id="vice_email-error"' in html
    assert f'value="{form["team_name"]}"' in html and 'value="98765"' in html
    assert 'name="player_11_name"' in html, "the twelfth row is kept"


def test_submission_without_csrf_token_is_refused(csrf_client, app):
    """No CSRF token: nothing registered, the form asks to submit again."""
    form, files = payloads.registration()
    response = csrf_client.post("/register", data=payloads.for_test_client(form, files),
                                content_type="multipart/form-data")
    assert response.status_code in (400, 422)
    with app.app_context():
        from app.extensions import db
        from app.models import Team

        assert db.session.query(Team).count() == 0


def test_churches_and_teams_pages(client, payload, post_registration):
    """Availability shows counts; the teams page lists confirmed teams only."""
    post_registration(*payload(church="CSI Christ Church Gandhipuram"))
    html = client.get("/churches").get_data(as_text=True)
    assert "CSI Christ Church Gandhipuram" in html
    assert "No team has been confirmed yet." in client.get("/teams").get_data(as_text=True)


def test_pages_switch_to_tamil(client):
    """Choosing Tamil renders the form's labels in Tamil."""
    client.get("/lang/ta")
    html = client.get("/register").get_data(as_text=True)
    assert 'lang="ta"' in html and "அணி" in html
