"""Match-day check-in over HTTP: ticks stored and audited, counts, who may tick, who sees identity thumbnails."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Match, MatchCheckin
from tests.support.desk_documents import RED, add_document, add_players, pdf_of


@pytest.fixture
def match_day(app, make_team, make_match):
    """Two confirmed teams of 11 and 15 players (the first with one Aadhaar, the second with one for each player,
    real PDFs) and their match."""
    home, away = make_team(), make_team()
    players = {home: add_players(app, home, 11), away: add_players(app, away, 15)}
    add_document(app, home, "aadhar", pdf_of(RED), position=1)
    for position in range(1, 16):
        add_document(app, away, "aadhar", pdf_of(RED), position=position)
    return make_match(home, away), home, away, players


def _ticked(app, match_id):
    with app.app_context():
        return set(db.session.scalars(select(MatchCheckin.player_id).where(MatchCheckin.match_id == match_id)))


@pytest.mark.parametrize("role", ["Scorer", "Organiser"])
def test_ticks_are_stored_counted_and_audited(app, client, make_user, login, match_day, role):
    match_id, home, away, players = match_day
    login(*make_user(role))
    url = f"/checkin/match/{match_id}/player/"
    for player_id in players[home][:3] + players[away][:1]:
        response = client.post(f"{url}{player_id}", data={"present": "1"}, headers={"Accept": "application/json"})
        assert response.status_code == 200
    again = client.post(f"{url}{players[home][0]}", data={"present": "1"}, headers={"Accept": "application/json"})
    assert again.json == {"success": True, "present": True, "count": 3}
    undone = client.post(f"{url}{players[home][2]}", data={})  # the form without script: unticked box, no field
    assert undone.status_code == 302 and undone.headers["Location"].endswith("#player-ICCT-001-P03")
    assert _ticked(app, match_id) == {players[home][0], players[home][1], players[away][0]}
    page = client.get(f"/checkin/match/{match_id}").get_data(as_text=True)
    assert re.search(rf'id="count-{home}">2</strong> / 11', page) and re.search(rf'id="count-{away}">1</strong> / 15',
                                                                                page)
    assert page.count(" checked") == 3
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.match_id == match_id,
                                                             AuditEvent.event.like("match.check%"))
                                    .order_by(AuditEvent.id)).all()
        assert [(e.event, e.details["player"]) for e in events] == [
            ("match.checked_in", "ICCT-001-P01"), ("match.checked_in", "ICCT-001-P02"),
            ("match.checked_in", "ICCT-001-P03"), ("match.checked_in", "ICCT-002-P01"),
            ("match.checkin_undone", "ICCT-001-P03")]
        assert {e.actor for e in events} == {f"{role.lower()}-user"}


def test_identity_thumbnails_only_for_document_readers(client, make_user, login, match_day):
    """Organisers see each player's Aadhaar thumbnail; scorers tick without seeing any document."""
    match_id, *_ = match_day
    login(*make_user("Scorer"))
    scorer_page = client.get(f"/checkin/match/{match_id}").get_data(as_text=True)
    assert "/preview/" not in scorer_page and scorer_page.count('class="tick"') == 26
    assert "disabled" not in scorer_page
    client.get("/logout/")
    login(*make_user("Organiser"))
    page = client.get(f"/checkin/match/{match_id}").get_data(as_text=True)
    assert len(set(re.findall(r'/documents/(\d+)/preview/thumb\.jpg', page))) == 1 + 15  # home has one Aadhaar
    thumb = re.search(r'/documents/\d+/preview/thumb\.jpg', page).group(0)
    assert client.get(thumb).mimetype == "image/jpeg"


def test_viewer_reads_the_sheet_but_cannot_tick_and_anonymous_is_sent_to_login(app, client, make_user, login,
                                                                                  match_day):
    match_id, home, _, players = match_day
    anonymous = client.get(f"/checkin/match/{match_id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login(*make_user("Viewer"))
    page = client.get(f"/checkin/match/{match_id}").get_data(as_text=True)
    assert page.count(" disabled") == 26 and "/preview/" not in page
    assert client.post(f"/checkin/match/{match_id}/player/{players[home][0]}", data={"present": "1"}).status_code == 403
    assert _ticked(app, match_id) == set()


def test_refused_ticks_store_nothing(app, client, make_user, login, match_day, make_team):
    """A player of another team is not found; a finished match's sheet is closed."""
    match_id, home, _, players = match_day
    outsider, = add_players(app, make_team(), 1)
    login(*make_user("Scorer"))
    json = {"Accept": "application/json"}
    missing = client.post(f"/checkin/match/{match_id}/player/{outsider}", data={"present": "1"}, headers=json)
    assert missing.status_code == 404 and missing.json["error_code"] == "NOT_FOUND"
    assert client.post(f"/checkin/match/4242/player/{outsider}", data={"present": "1"}).status_code == 404
    with app.app_context():
        db.session.get(Match, match_id).status = "abandoned"
        db.session.commit()
    closed = client.post(f"/checkin/match/{match_id}/player/{players[home][0]}", data={"present": "1"}, headers=json)
    assert closed.status_code == 409 and closed.json["error_code"] == "CONFLICT"
    page = client.post(f"/checkin/match/{match_id}/player/{players[home][0]}", data={"present": "1"})
    assert page.status_code == 409 and "check-in is closed" in page.get_data(as_text=True)
    assert 'id="checkin-closed"' in page.get_data(as_text=True)
    assert _ticked(app, match_id) == set()


def test_open_matches_listed_for_the_phone(client, make_user, login, match_day):
    match_id, *_ = match_day
    login(*make_user("Scorer"))
    page = client.get("/checkin/").get_data(as_text=True)
    assert f'href="/checkin/match/{match_id}"' in page and "Team A" in page and "Team B" in page
