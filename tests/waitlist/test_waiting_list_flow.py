"""The waiting list over HTTP: a full church's refusal offers it, a freed slot is offered by email to the first in
line and held for it, the link completes the registration, and an expired offer passes to the next."""
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Team, WaitingEntry, utcnow
from tests.support import payloads
from tests.waitlist.conftest import CHURCH, offer_link, waitlist_events


def path_of(link):
    """The path and query of an absolute link, for the test client."""
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def register_form(client, path, **fields):
    """Post a complete registration (11 players, every document) to a form page."""
    form, files = payloads.registration(church=CHURCH, **fields)
    return client.post(path, data=payloads.for_test_client(form, files), content_type="multipart/form-data")


def test_full_church_refusal_offers_the_waiting_list_in_both_languages(client, full_church):
    """The form's refusal keeps the registration's values and offers the waiting list, in English and Tamil; the
    compat API's refusal keeps its contract."""
    full_church()
    refused = register_form(client, "/register", team_name="Late Comers", captain_email="late@example.org")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="waitlist-join"' in page and "Join the waiting list of " + CHURCH in page
    assert 'value="Late Comers"' in page and 'value="late@example.org"' in page
    assert 'action="/register/waitlist"' in page

    client.get("/lang/ta")
    tamil = register_form(client, "/register", team_name="Late Comers")
    assert tamil.status_code == 422 and 'id="waitlist-join"' in tamil.get_data(as_text=True)
    assert "காத்திருப்புப் பட்டியலில் சேருங்கள்" in tamil.get_data(as_text=True)

    form, files = payloads.registration(church=CHURCH)
    api = client.post("/api/register/team", data=payloads.for_test_client(form, files))
    assert api.status_code == 409 and api.json["error_code"] == "CHURCH_LIMIT_REACHED"
    assert "Maximum 2 teams" in api.json["message"]


def test_join_puts_teams_in_line(app, client, full_church, join, entries):
    """Two captains join; each is told its place; the entries are stored in arrival order and audited."""
    full_church()
    first, second = join(team_name="First Waiters"), join(team_name="Second Waiters")
    assert first.status_code == 200 and "number 1 in line" in first.get_data(as_text=True)
    assert second.status_code == 200 and "number 2 in line" in second.get_data(as_text=True)
    assert entries() == [("First Waiters", "waiting"), ("Second Waiters", "waiting")]
    assert waitlist_events(app) == ["waitlist.joined", "waitlist.joined"]


def test_withdrawal_offers_the_slot_by_email_and_holds_it(app, client, full_church, join, entries, deliver,
                                                         token_for):
    """An organiser withdraws a team: the first in line gets the offer email with its link; while the offer is
    open the slot is held (availability, form and API refuse others); the link completes the registration."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    join(team_name="Second Waiters")
    organiser = token_for("Organiser")
    assert client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=organiser).status_code == 200
    assert entries() == [("First Waiters", "offered"), ("Second Waiters", "waiting")]

    offers = [message for recipients, message in deliver() if "first@example.org" in recipients]
    assert len(offers) == 1 and "First Waiters" in offers[0]["Subject"]
    link = offer_link(offers[0])
    assert link.startswith("http://icct26.test/register/offer/")
    with app.app_context():  # the token is stored only as its hash
        stored = db.session.scalar(select(WaitingEntry.offer_token_hash).where(WaitingEntry.status == "offered"))
        db.session.remove()
    assert stored and stored not in link and len(stored) == 64

    churches = client.get("/api/churches/availability").json["churches"]
    church = next(c for c in churches if c["church_name"] == CHURCH)
    assert (church["team_count"], church["slots_held"], church["slots_left"], church["locked"]) == (1, 1, 0, True)
    form, files = payloads.registration(church=CHURCH)
    api = client.post("/api/register/team", data=payloads.for_test_client(form, files))
    assert api.status_code == 409 and api.json["error_code"] == "CHURCH_LIMIT_REACHED"
    assert "Maximum 2 teams" in api.json["message"] and api.json["details"]["held"] == 1
    refused = register_form(client, "/register")
    assert refused.status_code == 422
    assert "a freed slot is being offered to its waiting list" in refused.get_data(as_text=True)

    opened = client.get(path_of(link))
    page = opened.get_data(as_text=True)
    assert opened.status_code == 200 and 'id="waitlist-offer"' in page
    assert opened.headers["Cache-Control"] == "private, no-store"
    assert 'value="First Waiters"' in page and 'value="first@example.org"' in page

    done = register_form(client, path_of(link), team_name="First Waiters", captain_email="first@example.org")
    assert done.status_code == 303, done.get_data(as_text=True)[:500]
    code = done.headers["Location"].rsplit("/", 1)[1]
    assert client.get(done.headers["Location"]).status_code == 200
    assert entries() == [("First Waiters", "registered"), ("Second Waiters", "waiting")]
    with app.app_context():
        team = db.session.scalar(select(Team).where(Team.code == code))
        assert (team.name, team.status, team.church.name) == ("First Waiters", "pending", CHURCH)
        assert db.session.scalar(select(WaitingEntry.team_id).where(WaitingEntry.status == "registered")) == team.id
        db.session.remove()
    assert waitlist_events(app) == ["waitlist.joined", "waitlist.joined", "waitlist.offered", "waitlist.registered"]

    again = client.get(path_of(link))
    assert again.status_code == 409 and 'data-reason="used"' in again.get_data(as_text=True)
    church = next(c for c in client.get("/api/churches/availability").json["churches"] if c["church_name"] == CHURCH)
    assert (church["team_count"], church["slots_held"], church["locked"]) == (2, 0, True)


def test_rejection_offers_the_slot(app, client, full_church, join, entries, deliver, login):
    """A rejection (through the admin's reject form) frees the slot for the first in line, emailed at once."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    organiser = login()
    rejected = organiser.post(f"/teammodelview/reject?ids={team_ids[1]}",
                              data={"ids": str(team_ids[1]), "reason": "No pastor's letter"})
    assert rejected.status_code == 302
    assert entries() == [("First Waiters", "offered")]
    offers = [to for to, message in deliver() if message["Subject"].strip().startswith("ICCT26: a slot")]
    assert offers == [["first@example.org"]]


def test_expired_offer_passes_to_the_next_in_line(app, client, runner, full_church, join, entries, deliver,
                                                  token_for):
    """Past its deadline the link says so; the sweep closes the offer and offers the slot to the next entry."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    join(team_name="Second Waiters", captain_email="second@example.org")
    client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=token_for("Organiser"))
    first_link = offer_link(deliver()[-1][1])

    result = runner.invoke(args=["waitlist-sweep"])
    assert result.exit_code == 0 and "0 expired" in result.output  # not due yet: nothing changes
    with app.app_context():  # the deadline passes: moved in the database, no waiting
        db.session.execute(update(WaitingEntry).where(WaitingEntry.status == "offered")
                           .values(offer_expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
        db.session.remove()
    expired = client.get(path_of(first_link))
    assert expired.status_code == 410 and 'data-reason="expired"' in expired.get_data(as_text=True)
    assert register_form(client, path_of(first_link)).status_code == 410

    result = runner.invoke(args=["waitlist-sweep"])
    assert result.exit_code == 0 and "1 expired offers passed on" in result.output
    assert entries() == [("First Waiters", "expired"), ("Second Waiters", "offered")]
    messages = deliver()
    assert [recipients for recipients, _ in messages[-1:]] == [["second@example.org"]]
    second_link = offer_link(messages[-1][1])
    assert client.get(path_of(first_link)).status_code == 410
    assert client.get(path_of(second_link)).status_code == 200
    assert waitlist_events(app)[-2:] == ["waitlist.offer_expired", "waitlist.offered"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Team)) == 2
        db.session.remove()
