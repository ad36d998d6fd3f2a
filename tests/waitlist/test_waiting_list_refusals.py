"""Bad input on the waiting list, each refused with a clear error and nothing stored: a duplicate entry, a church
that is not full, bad fields, and unknown, expired, used or foreign offer links."""
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Team, WaitingEntry, utcnow
from tests.waitlist.conftest import CHURCH, offer_link
from tests.waitlist.test_waiting_list_flow import path_of, register_form


def stored(app, model=WaitingEntry):
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return count


def test_duplicate_entry_is_refused(app, full_church, join):
    """The same captain email on the same church's list twice: refused beside the email field, one entry kept."""
    full_church()
    assert join(captain_email="twice@example.org").status_code == 200
    again = join(captain_email="Twice@Example.org", team_name="Other Name")
    page = again.get_data(as_text=True)
    assert again.status_code == 422 and 'id="waitlist_captain_email-error"' in page
    assert "already on the waiting list of " + CHURCH in page
    assert stored(app) == 1


def test_church_that_is_not_full_refuses_the_join(app, full_church, join):
    """A church with a free slot: the captain is told to register instead; nothing stored."""
    full_church(teams=1)
    refused = join()
    assert refused.status_code == 422
    assert "still has a free slot: register your team instead" in refused.get_data(as_text=True)
    assert stored(app) == 0


def test_bad_fields_and_unknown_church_are_named(app, full_church, join):
    """Every bad field is named at once; an unknown church is refused; nothing stored."""
    full_church()
    refused = join(captain_email="not-an-email", captain_phone="12345", team_name="x", church="No Such Church")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    for name in ("captain_email", "captain_phone", "team_name", "church_name"):
        assert f'id="waitlist_{name}-error"' in page, name
    assert stored(app) == 0


def test_unknown_offer_link_shows_nothing(app, client):
    """A made-up token: 404 page, no form, nothing stored by a post to it."""
    response = client.get("/register/offer/not-a-real-token")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and 'data-reason="unknown"' in page and "registration-form" not in page
    assert register_form(client, "/register/offer/not-a-real-token").status_code == 404
    assert stored(app, Team) == 0


def test_offer_link_refuses_another_church_and_an_expired_post(app, client, full_church, join, deliver, token_for,
                                                               entries):
    """The offer is for its church only (field error); a completion posted after the deadline is refused; neither
    stores a team or leaves a file."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=token_for("Organiser"))
    link = path_of(offer_link(deliver()[-1][1]))
    files_before = stored_files(app)
    assert files_before  # the full church's teams have documents: the check below can see a stray file
    other = register_form(client, link, church_name="CSI Immanuel Church Coimbatore")
    assert other.status_code == 422 and 'id="church_name-error"' in other.get_data(as_text=True)
    assert stored(app, Team) == 2 and entries() == [("First Waiters", "offered")]

    with app.app_context():
        db.session.execute(update(WaitingEntry).values(offer_expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        db.session.remove()
    late = register_form(client, link)
    assert late.status_code == 410 and 'data-reason="expired"' in late.get_data(as_text=True)
    assert stored(app, Team) == 2 and stored_files(app) == files_before


def stored_files(app):
    """Every file the local storage holds."""
    return sorted(str(path) for path in (Path(app.instance_path) / "uploads").rglob("*") if path.is_file())


def test_offer_holds_the_slot_against_a_reopen(app, client, full_church, join, token_for, make_team):
    """While an offer is open, an organiser cannot reopen a rejected team of that church into the held slot."""
    team_ids = full_church()
    rejected = make_team(church=CHURCH, status="rejected")
    join(team_name="First Waiters")
    organiser = token_for("Organiser")
    assert client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=organiser).status_code == 200
    refused = client.post(f"/api/v1/team/{rejected}/reopen", headers=organiser)
    assert refused.status_code == 409 and refused.json["error_code"] == "CHURCH_LIMIT_REACHED"


def test_offer_page_renders_in_the_captains_language(client, full_church, join, deliver, token_for):
    """A Tamil captain's link opens the form in Tamil, its email is in Tamil."""
    team_ids = full_church()
    join(team_name="Tamil Waiters", captain_email="tamil@example.org", language="ta")
    client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=token_for("Organiser"))
    message = deliver()[-1][1]
    assert message["Content-Language"] == "ta" and "காத்திருக்கிறது" in str(message["Subject"])
    page = client.get(path_of(offer_link(message))).get_data(as_text=True)
    assert '<html lang="ta">' in page and "உங்கள் அணிக்காக வைக்கப்பட்டுள்ளது" in page
