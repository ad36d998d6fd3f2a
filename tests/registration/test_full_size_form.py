"""Full-size registrations through the HTML form over real HTTP (CSRF on, as in production): every body the API
takes ends on the success page; a body over the allowance or an expired CSRF token re-renders the form, in the
captain's language, with the typed text kept."""
import re

import pytest
import requests

from tests.support import payloads
from tests.support.live_server import LiveServer

TAMIL_EXPIRED = "படிவம் காலாவதியாகிவிட்டது"


@pytest.fixture
def serve(app_factory):
    """Return a callable serving an app (CSRF on, with overrides) on loopback; stopped after the test."""
    servers = []

    def start(**overrides):
        server = LiveServer(app_factory(WTF_CSRF_ENABLED=True, **overrides))
        servers.append(server.__enter__())
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


def open_form(server, language=None):
    """A browser session on the form page; returns (session, csrf token)."""
    session = requests.Session()
    if language:
        session.get(f"{server.url}/lang/{language}")
    page = session.get(f"{server.url}/register").text
    return session, re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def post_form(server, session, form, files):
    """Post the form as a browser does (multipart), without following the redirect."""
    return session.post(f"{server.url}/register", data=form, files=files, allow_redirects=False, timeout=120)


@pytest.mark.parametrize("players, file_size, photo", [(15, 47_000_000 // 33, True), (11, 600_000, False)],
                         ids=["47MB-15-players", "24-files-of-600KB"])
def test_full_size_bodies_end_on_the_success_page(serve, players, file_size, photo):
    """47 MB for 15 players, and 24 files of 600 KB (14 MB): far over the 10 MiB of other routes, within the
    registration's allowance."""
    server = serve()
    session, token = open_form(server)
    form, files = payloads.registration(players=players, file_size=file_size)
    if not photo:
        del files["group_photo"]
    assert len(files) == (33 if photo else 24)
    response = post_form(server, session, dict(form, csrf_token=token), files)
    assert response.status_code == 303, response.text[:1000]
    assert response.headers["Location"].endswith("/register/done/ICCT-001")
    page = session.get(f"{server.url}/register/done/ICCT-001").text
    assert "ICCT-001" in page and form["team_name"] in page


@pytest.mark.parametrize("language, expected", [("en", "larger than a registration may send"),
                                                ("ta", "ஒரு பதிவு அனுப்பக்கூடியதை")])
def test_a_body_over_the_allowance_shows_the_form_again_with_the_typed_text(serve, language, expected):
    """Allowance (3 + 2 × 15) × MAX_FILE_BYTES + 1 MiB: a body past it is a 413 form page, never a bare error, with
    the message in the captain's language and every text field (player rows too) as typed."""
    server = serve(MAX_FILE_BYTES=100_000)  # an allowance of about 4.3 MB keeps the body small
    session, token = open_form(server, language)
    form, files = payloads.registration(players=12, file_size=200_000)
    response = post_form(server, session, dict(form, csrf_token=token), files)
    html = response.text
    assert response.status_code == 413 and response.headers["Content-Type"].startswith("text/html")
    assert expected in html and 'id="registration-form"' in html
    assert f'value="{form["team_name"]}"' in html and f'value="{form["captain_email"]}"' in html
    assert f'value="{form["player_11_name"]}"' in html, "the twelfth player row is kept"


@pytest.mark.parametrize("language, expected", [("en", "The form expired"), ("ta", TAMIL_EXPIRED)])
def test_an_expired_csrf_token_shows_the_form_again_with_the_typed_text(serve, language, expected):
    """A stale or missing token: the form page again with a fresh token, the typed text kept, nothing stored;
    resubmitting with the new token registers the team."""
    server = serve()
    session, _token = open_form(server, language)
    form, files = payloads.registration(file_size=600_000)
    response = post_form(server, session, dict(form, csrf_token="stale-token"), files)
    html = response.text
    assert response.status_code == 422 and expected in html and 'id="registration-form"' in html
    assert f'value="{form["team_name"]}"' in html and f'value="{form["vice_name"]}"' in html
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert post_form(server, session, dict(form, csrf_token=fresh), files).status_code == 303
