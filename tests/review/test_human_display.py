"""Admin and public pages show times in the tournament's zone without microseconds, statuses as words in the
page's language, and empty values blank (never "None")."""
import re
from datetime import datetime, timezone

from app.display import local_time
from app.extensions import db
from app.models import Team
from tests.support.match_factories import insert_team, schedule_match

REGISTERED = datetime(2026, 1, 5, 18, 45, 12, 345678, tzinfo=timezone.utc)  # 00:15 on 6 Jan in Kolkata


def _registered_at(app, team_id, moment=REGISTERED):
    with app.app_context():
        db.session.get(Team, team_id).created_at = moment
        db.session.commit()
        db.session.remove()


def _cells(page):
    """The text of every table cell and definition on the page."""
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]


def test_team_list_and_page_read_as_people_read_them(app, client, login, make_team):
    """Times local and to the minute, statuses as words, empty contacts blank."""
    team_id = make_team()
    _registered_at(app, team_id)
    login()
    listing = client.get("/teammodelview/list/").get_data(as_text=True)
    assert "6 Jan 2026, 12:15 AM" in listing
    assert "345678" not in listing and "18:45" not in listing
    assert "Pending" in _cells(listing) and "pending" not in _cells(listing)

    page = client.get(f"/teammodelview/show/{team_id}").get_data(as_text=True)
    assert "6 Jan 2026, 12:15 AM" in page
    assert "None" not in _cells(page) and ">None<" not in page  # no WhatsApp number, no decision yet


def test_statuses_and_times_in_tamil(app, client, login, make_team):
    """The same pages in Tamil: the status as a Tamil word, the month in Tamil."""
    _registered_at(app, make_team())
    login()
    client.get("/lang/ta")
    listing = client.get("/teammodelview/list/").get_data(as_text=True)
    assert "நிலுவையில்" in _cells(listing)
    assert "2026" in listing and "Jan 2026" not in listing


def test_audit_log_and_outbox_blank_empty_values(app, client, login, make_team):
    """An audit event without a from-status and an email not yet sent show blanks, not "None"."""
    team_id = make_team()
    login()
    client.post(f"/teammodelview/action/confirm/{team_id}")
    audit = client.get("/auditeventmodelview/list/").get_data(as_text=True)
    assert "Confirmed" in _cells(audit) and "None" not in _cells(audit)
    outbox = client.get("/outboxemailmodelview/list/").get_data(as_text=True)
    assert "Pending" in _cells(outbox) and "None" not in _cells(outbox)


def test_the_time_zone_is_a_setting(app_factory):
    """TOURNAMENT_TIMEZONE moves every shown time; the default is Asia/Kolkata."""
    moment = datetime(2026, 1, 10, 4, 0, 30, 999, tzinfo=timezone.utc)
    default, utc = app_factory(), app_factory(TOURNAMENT_TIMEZONE="UTC")
    with default.test_request_context():
        assert local_time(moment) == "10 Jan 2026, 9:30 AM" and local_time(None) == ""
    with utc.test_request_context():
        assert local_time(moment) == "10 Jan 2026, 4:00 AM"


def test_public_match_page_shows_local_minutes(app, client):
    """The public schedule and match page give the kick-off in the tournament's zone, to the minute."""
    match_id = schedule_match(app, 1, insert_team(app, 1), insert_team(app, 2))  # 05:00 UTC
    schedule = client.get("/schedule").get_data(as_text=True)
    # Public pages write the date in words (local_time's WORDS form): "Saturday, January 10, 2026, 10:30 AM".
    assert "Saturday, January 10, 2026, 10:30\u202fAM" in schedule or "Saturday, January 10, 2026, 10:30 AM" in schedule
    match_page = client.get(f"/matches/{match_id}").get_data(as_text=True)
    assert "January 10, 2026" in match_page and "10:30" in match_page
    assert "10:30:00" not in schedule and "05:00" not in schedule
