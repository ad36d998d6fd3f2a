"""Public reads carry an ETag and Cache-Control a proxy can honour, answer 304 when unchanged, and never mix with
organiser answers or the session cookie."""
import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import Team
from tests.support import payloads
from tests.support.match_factories import insert_team, schedule_match
from tests.support.review_factories import make_team  # noqa: F401  -- fixture

JSON_READS = ("/api/churches/availability", "/api/teams", "/api/schedule/matches", "/api/standings")
PAGES = ("/schedule", "/standings")


@pytest.fixture
def tournament(app):
    """Two confirmed teams and a match between them, so every read has something to show."""
    home, away = insert_team(app, 71, "Salem Strikers"), insert_team(app, 72, "Erode Eagles")
    schedule_match(app, 1, home, away)
    return home, away


def get(server, path, **headers):
    """GET `path` with no cookies of a previous response."""
    return requests.get(server.url + path, headers=headers, timeout=10)


@pytest.mark.parametrize("path", JSON_READS + PAGES)
def test_an_unchanged_read_answers_304_with_an_empty_body(live_server, tournament, path):
    """The first answer carries an ETag and shareable Cache-Control, sets no cookie and does not vary on one;
    asking again with If-None-Match gets 304 and no body."""
    first = get(live_server, path)
    assert first.status_code == 200 and first.content and first.headers["ETag"].startswith('"')
    assert "public" in first.headers["Cache-Control"] and "no-store" not in first.headers["Cache-Control"]
    assert "Set-Cookie" not in first.headers and "cookie" not in first.headers.get("Vary", "").lower()
    again = get(live_server, path, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert get(live_server, path, **{"If-None-Match": '"something-else"'}).status_code == 200


def test_json_reads_may_be_reused_by_a_proxy_and_vary_on_origin(live_server, tournament):
    """Reads that are the same for everyone may be reused for a few seconds; CORS makes them vary on Origin."""
    for path in ("/api/churches/availability", "/api/schedule/matches", "/api/standings"):
        response = get(live_server, path)
        assert "max-age=" in response.headers["Cache-Control"] and "origin" in response.headers["Vary"].lower()


def test_a_visitor_with_a_session_cookie_is_not_given_a_new_one(live_server, tournament):
    """A browser that already holds a session (it opened the registration form) reads without it changing."""
    with requests.Session() as browser:
        assert browser.get(live_server.url + "/register", timeout=10).cookies.get("session")
        for path in JSON_READS + PAGES:
            response = browser.get(live_server.url + path, timeout=10)
            assert response.status_code == 200 and "Set-Cookie" not in response.headers, path
            assert "cookie" not in response.headers.get("Vary", "").lower(), path


def test_a_page_in_another_language_has_another_etag(live_server, tournament):
    """The language lives in the session: a Tamil reader revalidating an English copy gets the Tamil page."""
    english = get(live_server, "/schedule")
    with requests.Session() as browser:
        browser.get(live_server.url + "/lang/ta", timeout=10)
        tamil = browser.get(live_server.url + "/schedule", headers={"If-None-Match": english.headers["ETag"]},
                            timeout=10)
    assert tamil.status_code == 200 and 'lang="ta"' in tamil.text
    assert tamil.headers["ETag"] != english.headers["ETag"]


def test_etags_change_after_a_registration_a_decision_and_a_match(app, live_server, tournament, token_for):
    """A registration changes availability, a confirmation the team list, a new match the schedule and standings."""
    before = {path: get(live_server, path).headers["ETag"] for path in JSON_READS + PAGES}
    form, files = payloads.registration()
    registered = requests.post(live_server.url + "/api/register/team", data=form, files=files, timeout=30)
    assert registered.status_code == 201, registered.text
    after_registration = get(live_server, "/api/churches/availability")
    assert after_registration.headers["ETag"] != before["/api/churches/availability"]
    assert get(live_server, "/api/churches/availability",
               **{"If-None-Match": before["/api/churches/availability"]}).status_code == 200

    code = registered.json()["team_id"]
    admin = token_for("Admin")
    with app.app_context():
        team = db.session.scalar(select(Team.id).where(Team.code == code))
        db.session.remove()
    assert requests.post(f"{live_server.url}/api/v1/team/{team}/confirm", headers=admin, timeout=10).status_code == 200
    teams = get(live_server, "/api/teams", **{"If-None-Match": before["/api/teams"]})
    assert teams.status_code == 200 and code in {t["team_id"] for t in teams.json()["data"]}

    home, away = insert_team(app, 73, "Tiruppur Titans"), insert_team(app, 74, "Ooty Owls")
    schedule_match(app, 2, home, away, group="Group B")
    for path in ("/api/schedule/matches", "/api/standings", "/schedule", "/standings"):
        assert get(live_server, path, **{"If-None-Match": before[path]}).status_code == 200, path


def test_organiser_answers_are_private_and_never_share_the_public_entry(live_server, make_team, token_for):
    """An organiser's team list (contacts, every status) is private, no-store, has no ETag, and is not answered
    with a 304 for the anonymous list's ETag."""
    make_team(status="confirmed", name="Salem Strikers")
    make_team(status="pending", name="Erode Eagles")
    public = get(live_server, "/api/teams")
    assert [t["team_name"] for t in public.json()["data"]] == ["Salem Strikers"]
    organiser = token_for("Organiser")
    for headers in ({}, {"If-None-Match": public.headers["ETag"]}):
        private = requests.get(live_server.url + "/api/teams", headers={**organiser, **headers}, timeout=10)
        assert private.status_code == 200 and private.headers["Cache-Control"] == "private, no-store"
        assert "ETag" not in private.headers
        assert sorted(t["team_name"] for t in private.json()["data"]) == ["Erode Eagles", "Salem Strikers"]
        assert all("captain" in t for t in private.json()["data"])
    again = get(live_server, "/api/teams", **{"If-None-Match": public.headers["ETag"]})
    assert again.status_code == 304
