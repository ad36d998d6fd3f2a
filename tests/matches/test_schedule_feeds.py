"""The public iCalendar feed, the printable fixture list and the live fragments' conditional requests."""
from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from app.services.matches.scoring import OUTCOME_TIE, OUTCOME_WIN, Result, ScoreError
from app.services.matches.super_over import SuperOver, super_over_result
from tests.support.match_factories import KICK_OFF, record_result


@pytest.fixture
def pair(make_team):
    """Two confirmed teams."""
    return make_team("Wesley Warriors"), make_team("Trinity Tigers")


def events(response):
    """The VEVENTs of an iCalendar answer, parsed by the icalendar library, by UID."""
    calendar = Calendar.from_ical(response.get_data())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_ical_feed_holds_every_match_with_stable_uids_and_the_result(client, organiser, pair, make_match):
    """text/calendar; one VEVENT per match, UTC start, venue, "A vs B", the sentence once played; same UIDs."""
    warriors, tigers = pair
    ids = [make_match(warriors, tigers), make_match(tigers, warriors), make_match(warriors, tigers)]
    response = client.get("/schedule.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    before = events(response)
    assert len(before) == 3
    first = before[f"match-{ids[0]}@icct26.tournament"]
    assert first["SUMMARY"] == "Wesley Warriors vs Trinity Tigers"
    assert first["LOCATION"] == "CSI Ground, Coimbatore"
    start = first.decoded("DTSTART")
    assert start == KICK_OFF + timedelta(hours=1) and start.utcoffset() == timedelta(0)
    assert first.decoded("DTEND") > start
    assert "won" not in str(first["DESCRIPTION"])

    record_result(organiser, ids[0], warriors)
    after = events(client.get("/schedule.ics"))
    assert set(after) == set(before)
    assert "Wesley Warriors won by 2 runs" in str(after[f"match-{ids[0]}@icct26.tournament"]["DESCRIPTION"])
    assert str(after[f"match-{ids[1]}@icct26.tournament"]["SUMMARY"]) == "Trinity Tigers vs Wesley Warriors"


def test_printable_fixture_list_lists_every_match(client, organiser, pair, make_match):
    """Every fixture in one table with team names and results, with a print stylesheet to lay it out."""
    warriors, tigers = pair
    ids = [make_match(warriors, tigers), make_match(tigers, warriors)]
    record_result(organiser, ids[1], tigers)
    page = client.get("/schedule/print").get_data(as_text=True)
    assert all(f'data-match="{match_id}"' in page for match_id in ids)
    assert "Trinity Tigers vs Wesley Warriors" in page and "Trinity Tigers won by 2 runs" in page
    assert "@media print" in client.get("/static/site.css").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/schedule/live", "/standings/live"])
def test_live_fragment_answers_304_until_a_result_lands(client, organiser, pair, make_match, path):
    """Conditional GET: 304 with the current ETag, 200 with the new fragment after a result is recorded."""
    warriors, tigers = pair
    match_id = make_match(warriors, tigers)
    first = client.get(path)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag and "<html" not in first.get_data(as_text=True)
    unchanged = client.get(path, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    record_result(organiser, match_id, warriors)
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    body = changed.get_data(as_text=True)
    assert ("Wesley Warriors won by 2 runs" in body) if path == "/schedule/live" else ("<td>2</td>" in body)
    assert client.get(path, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_pages_poll_fast_only_while_a_match_is_on(app, client, pair, make_match):
    """The fragment tells the page how often to ask: the live interval while a match is due, else the idle one."""
    app.config.update(PUBLIC_LIVE_POLL_SECONDS=7, PUBLIC_IDLE_POLL_SECONDS=240, PUBLIC_READ_CACHE_SECONDS=0)
    warriors, tigers = pair
    make_match(warriors, tigers)  # January 2026, long before "now": not on
    assert 'data-poll-seconds="240"' in client.get("/schedule/live").get_data(as_text=True)
    now = datetime.now(timezone.utc)
    make_match(tigers, warriors, scheduled_at=now - timedelta(minutes=20))
    assert 'data-poll-seconds="7"' in client.get("/schedule/live").get_data(as_text=True)
    page = client.get("/schedule").get_data(as_text=True)
    assert 'id="live-region" data-live-src="/schedule/live"' in page and "/static/live.js" in page


def test_super_over_rules():
    """Only after a tie; the most runs win; a level super over, a chase far past the target, or a chase won
    with both wickets down are refused."""
    tie = Result(OUTCOME_TIE)
    assert super_over_result(tie, SuperOver(2, 9, 1), SuperOver(1, 12, 0)) == Result(
        OUTCOME_WIN, winner_id=1, super_over=True)
    assert super_over_result(tie, SuperOver(2, 15, 2), SuperOver(1, 11, 2)).winner_id == 2
    refusals = [
        (Result(OUTCOME_WIN, 1, 4, "runs"), SuperOver(2, 9, 1), SuperOver(1, 12, 0), "result_type"),
        (tie, SuperOver(2, 9, 1), SuperOver(1, 9, 0), "super_second_runs"),
        (tie, SuperOver(2, 9, 1), SuperOver(1, 17, 0), "super_second_runs"),
        (tie, SuperOver(2, 9, 1), SuperOver(1, 10, 2), "super_second_wickets"),
        (tie, SuperOver(2, 9, 3), SuperOver(1, 10, 0), "super_first_wickets"),
    ]
    for tied, first, second, field in refusals:
        with pytest.raises(ScoreError) as refused:
            super_over_result(tied, first, second)
        assert refused.value.field == field


def test_sentences_and_fixture_titles_follow_the_readers_language(client, organiser, pair, make_match):
    """After /lang/ta the live fragment names the fixture and says the result in Tamil."""
    warriors, tigers = pair
    match_id = make_match(warriors, tigers)
    record_result(organiser, match_id, warriors)
    client.get("/lang/ta")
    fragment = client.get("/schedule/live").get_data(as_text=True)
    assert "Wesley Warriors 2 ரன்கள் வித்தியாசத்தில் வெற்றி" in fragment
    assert "Wesley Warriors எதிர் Trinity Tigers" in fragment
