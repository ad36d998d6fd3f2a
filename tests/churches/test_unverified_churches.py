"""Churches that registrations create stay off the public lists until an organiser verifies them."""
import requests

from app.extensions import db
from app.models import Church
from app.services.churches.rules import church_names
from tests.support import payloads

NEW = "Grace Fellowship Kovaipudur"


def public_views(base_url):
    """(availability JSON, /churches HTML, /register HTML) as the public sees them."""
    availability = requests.get(f"{base_url}/api/churches/availability", timeout=30)
    churches_page = requests.get(f"{base_url}/churches", timeout=30)
    register_page = requests.get(f"{base_url}/register", timeout=30)
    assert {availability.status_code, churches_page.status_code, register_page.status_code} == {200}
    return availability.json(), churches_page.text, register_page.text


def test_new_church_is_hidden_until_an_organiser_verifies_it(app, live_server, token_for):
    """A made-up church is stored unverified, absent from every public list and count; verified, it appears."""
    form, files = payloads.registration(church=NEW)
    response = requests.post(f"{live_server.url}/api/register/team", data=form, files=files, timeout=60)
    assert response.status_code == 201, response.text
    with app.app_context():
        church = db.session.query(Church).filter_by(name=NEW).one()
        church_id, verified = church.id, church.verified
        db.session.remove()
    assert verified is False

    seeded = len(church_names())
    availability, churches_page, register_page = public_views(live_server.url)
    assert NEW not in [row["church_name"] for row in availability["churches"]]
    assert availability["summary"]["total_churches"] == seeded
    assert availability["summary"]["available_churches"] == seeded
    assert NEW not in churches_page and NEW not in register_page

    verify = requests.put(f"{live_server.url}/api/v1/church/{church_id}", json={"verified": True},
                          headers=token_for("Organiser"), timeout=30)
    assert verify.status_code == 200, verify.text

    availability, churches_page, register_page = public_views(live_server.url)
    rows = {row["church_name"]: row for row in availability["churches"]}
    assert rows[NEW]["team_count"] == 1
    assert availability["summary"]["total_churches"] == seeded + 1
    assert NEW in churches_page and NEW in register_page


def test_unverified_church_still_counts_its_own_teams_against_its_limit(app, live_server):
    """Hidden from the lists, a new church's two teams still fill it: the third is refused."""
    for _ in range(2):
        form, files = payloads.registration(church=NEW)
        response = requests.post(f"{live_server.url}/api/register/team", data=form, files=files, timeout=60)
        assert response.status_code == 201, response.text
    form, files = payloads.registration(church=NEW.upper())
    third = requests.post(f"{live_server.url}/api/register/team", data=form, files=files, timeout=60)
    assert third.status_code == 409 and third.json()["error_code"] == "CHURCH_LIMIT_REACHED"
