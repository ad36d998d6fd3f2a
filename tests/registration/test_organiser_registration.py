"""Organisers add teams only through the registration rules: codes come from the counter, never from a form."""
import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, OutboxEmail, Team, Tournament
from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import csrf_token, signed_in
from tests.support.live_server import LiveServer

FULL_CHURCH = "CSI Immanuel Church Coimbatore"


def organiser_register(url, headers, form, files):
    """POST the multipart contract to the organiser's REST registration."""
    return requests.post(f"{url}/api/v1/team/register", data=form, files=files, headers=headers, timeout=60)


def stored(app, code):
    """The team with `code`, its team.registered audit actor and its queued emails' recipients."""
    with app.app_context():
        team = db.session.scalar(select(Team).where(Team.code == code))
        actors = db.session.scalars(select(AuditEvent.actor).where(AuditEvent.team_id == team.id,
                                                                   AuditEvent.event == "team.registered")).all()
        mails = db.session.scalars(select(OutboxEmail.recipients).where(OutboxEmail.team_id == team.id)).all()
        facts = {"players": len(team.players), "documents": len(team.documents), "actors": actors, "mails": mails,
                 "captain_phone": team.captain_phone}
        db.session.remove()
    return facts


def test_a_typed_code_no_longer_wedges_public_registration(live_server, token_for, payload, send):
    """POST /api/v1/team/ took `code: ICCT-001`, and from then on every public registration drew ICCT-001 from
    the counter, hit the unique code and answered 409; the generic add is gone, so the counter stays in charge."""
    headers = token_for("Organiser")
    typed = requests.post(f"{live_server.url}/api/v1/team/", headers=headers, timeout=10, json={
        "code": "ICCT-001", "name": "Typed Code Eleven", "church": 1, "captain_name": "Arun Kumar",
        "captain_phone": "12", "captain_email": "notanemail", "vice_name": "Babu Raj", "vice_phone": "9876543211",
        "vice_email": "vice@example.org"})
    response = send(live_server.url, *payload())
    assert response.status_code == 201, response.text  # was 409 "clashes with one registered a moment ago"
    assert response.json()["team_id"] == "ICCT-001"
    assert typed.status_code == 405, typed.text
    player = requests.post(f"{live_server.url}/api/v1/player/", headers=headers, timeout=10,
                           json={"team": 1, "position": 16, "code": "ICCT-001-P16", "name": "Extra Player"})
    assert player.status_code == 405, player.text


def test_admin_add_forms_are_gone(live_server, make_user):
    """The admin add pages for teams and players answered a form with a `code` field; now there is none."""
    session, _token = signed_in(live_server.url, *make_user("Organiser"))
    for path in ("/teammodelview/add", "/reviewqueuemodelview/add", "/playermodelview/add"):
        assert session.get(f"{live_server.url}{path}", timeout=10).status_code == 404, path
        response = session.post(f"{live_server.url}{path}", timeout=10, data={"code": "ICCT-001", "name": "Typed"})
        assert response.status_code == 404, path
    listing = session.get(f"{live_server.url}/teammodelview/list/", timeout=10).text
    assert "/teammodelview/add" not in listing
    assert 'href="/teams/register/"' in listing


def test_organiser_registration_takes_the_next_code_and_public_the_one_after(app, live_server, token_for,
                                                                             payload, send):
    """The organiser's registration is a full registration: counter code, players, documents, audit with the
    organiser as actor, the captain's email; a public registration then simply gets the next code."""
    form, files = payload(captain_phone="+91 98765-43210")
    response = organiser_register(live_server.url, token_for("Organiser"), form, files)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["success"] is True and body["team_id"] == "ICCT-001" and body["team_name"] == form["team_name"]
    assert body["player_count"] == 11 and body["registration_status"] == "pending"
    public = send(live_server.url, *payload())
    assert public.status_code == 201, public.text
    assert public.json()["team_id"] == "ICCT-002"
    first, second = stored(app, "ICCT-001"), stored(app, "ICCT-002")
    assert first["players"] == 11 and first["documents"] == 25 and first["captain_phone"] == "9876543210"
    assert first["actors"] == ["organiser-user"] and second["actors"] == ["public"]
    assert first["mails"] and all(form["captain_email"] in recipients for recipients in first["mails"])


def test_organiser_registration_keeps_the_church_limit(live_server, token_for, payload, send):
    """Two teams fill a church; a third through the organiser's route is refused like a captain's."""
    for _ in range(2):
        assert send(live_server.url, *payload(church=FULL_CHURCH)).status_code == 201
    response = organiser_register(live_server.url, token_for("Organiser"), *payload(church=FULL_CHURCH))
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error_code"] == "CHURCH_LIMIT_REACHED" and "Maximum 2 teams" in body["message"]


def test_organiser_registration_reports_every_bad_field(live_server, token_for, payload):
    """Field rules as for captains: all failing fields at once, nothing stored."""
    form, files = payload(captain_phone="12", captain_email="notanemail")
    del files["payment_receipt"]
    response = organiser_register(live_server.url, token_for("Organiser"), form, files)
    assert response.status_code == 422, response.text
    fields = response.json()["details"]["fields"]
    assert {"captain_phone", "captain_email", "payment_receipt"} <= set(fields)


def test_organiser_registration_respects_the_window(app, live_server, token_for, payload):
    """A closed registration is closed for organisers too."""
    with app.app_context():
        db.session.scalar(select(Tournament)).registration_closed = True
        db.session.commit()
        db.session.remove()
    response = organiser_register(live_server.url, token_for("Organiser"), *payload())
    assert response.status_code == 403 and response.json()["error_code"] == "REGISTRATION_CLOSED"


@pytest.mark.parametrize("role, status", [(None, 401), ("Viewer", 403), ("Scorer", 403)])
def test_organiser_registration_needs_team_write(live_server, token_for, payload, role, status):
    """Only holders of the Team write permission register on a captain's behalf."""
    headers = token_for(role) if role else {}
    response = organiser_register(live_server.url, headers, *payload())
    assert response.status_code == status and response.json()["success"] is False


def test_organiser_registration_takes_a_full_roster_of_large_files(live_server, token_for, payload):
    """15 players' documents exceed the 10 MiB every other /api/v1 route allows; the registration's own
    allowance applies, as on the public route."""
    form, files = payload(players=15, file_size=400 * 1024)
    response = organiser_register(live_server.url, token_for("Organiser"), form, files)
    assert response.status_code == 201, response.text


def test_admin_register_page_registers_through_the_same_rules(app, live_server, make_user, payload):
    """The "Register a team" page: field errors shown on the form, then a registration with the next code."""
    session, _token = signed_in(live_server.url, *make_user("Organiser"))
    page = session.get(f"{live_server.url}/teams/register/", timeout=10)
    assert page.status_code == 200 and 'id="registration-form"' in page.text
    form, files = payload(captain_phone="12")
    refused = session.post(f"{live_server.url}/teams/register/", data=form, files=files, timeout=60)
    assert refused.status_code == 422 and "Enter a 10-digit Indian mobile number" in refused.text
    form, files = payload()
    response = session.post(f"{live_server.url}/teams/register/", data=form, files=files, timeout=60,
                            allow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    shown = session.get(f"{live_server.url}{response.headers['Location']}", timeout=10)
    assert "ICCT-001" in shown.text and form["team_name"] in shown.text
    assert stored(app, "ICCT-001")["actors"] == ["organiser-user"]


def test_admin_register_page_needs_team_write(live_server, make_user):
    """A viewer cannot open the page."""
    session, _token = signed_in(live_server.url, *make_user("Viewer"))
    response = session.get(f"{live_server.url}/teams/register/", timeout=10, allow_redirects=False)
    assert response.status_code in (302, 403)


def test_large_registrations_pass_the_csrf_check(app_factory, payload):
    """With CSRF on, the check read the form under the 10 MiB default before the registration raised its
    allowance, so a full roster of scans was a 413 on the public form and on the admin page."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    with LiveServer(app) as server:
        session, _token = signed_in(server.url, "admin", ADMIN_PASSWORD)
        for path in ("/register", "/teams/register/"):
            page = session.get(f"{server.url}{path}", timeout=10)
            form, files = payload(players=15, file_size=400 * 1024)
            form["csrf_token"] = csrf_token(page.text)
            response = session.post(f"{server.url}{path}", data=form, files=files, timeout=60,
                                    allow_redirects=False)
            assert response.status_code == 303, (path, response.status_code, response.text[:300])
