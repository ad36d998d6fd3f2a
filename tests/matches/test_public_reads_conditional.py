"""The public schedule and standings (pages and JSON), the unpaged team list and church availability come from
encoded cache entries: 304 for an unchanged ETag, 200 with the new body after a result or a confirmation, and a
cached answer costs the same statements whatever the number of teams and matches."""
import pytest

from tests.support.clock import ManualClock
from tests.support.match_factories import record_result

READS = ("/schedule", "/standings", "/api/schedule/matches", "/api/standings")
SHOWN = {"/schedule": "Wesley Warriors won by 2 runs", "/api/schedule/matches": '"toss_winner": "Wesley Warriors"',
         "/standings": "<td>2</td>", "/api/standings": '"points": 2'}


@pytest.mark.parametrize("path", READS)
def test_a_recorded_result_gives_a_new_body_and_etag_then_304_again(client, organiser, make_team, make_match, path):
    """304 while nothing changed; after the result is recorded the old ETag gets a 200 showing it."""
    warriors, tigers = make_team("Wesley Warriors"), make_team("Trinity Tigers")
    match_id = make_match(warriors, tigers)
    first = client.get(path)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and SHOWN[path] not in first.get_data(as_text=True)
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    record_result(organiser, match_id, warriors)
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert SHOWN[path] in changed.get_data(as_text=True)
    assert client.get(path, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_a_confirmed_team_joins_the_unpaged_list_under_a_new_etag(client, make_team, token_for):
    """The anonymous, unpaged team list: 304 until a pending team is confirmed, then 200 with it listed."""
    make_team("Wesley Warriors")
    pending = make_team("Trinity Tigers", status="pending")
    first = client.get("/api/teams")
    assert [t["team_name"] for t in first.json["data"]] == ["Wesley Warriors"]
    assert client.get("/api/teams", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.post(f"/api/v1/team/{pending}/confirm", headers=token_for("Admin")).status_code == 200
    changed = client.get("/api/teams", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert sorted(t["team_name"] for t in changed.json["data"]) == ["Trinity Tigers", "Wesley Warriors"]


@pytest.mark.parametrize("path", READS + ("/api/teams", "/api/churches/availability"))
def test_a_cached_answer_and_its_304_cost_the_same_for_few_or_many_teams(app, client, make_team, make_match, path,
                                                                        count_statements):
    """Served from the cache, a read and its conditional repeat run as many statements for 2 teams and 1 match
    as for 30 teams and 15 matches (the build itself is counted in tests/perf)."""
    app.extensions["read_cache"].clock = ManualClock()  # an entry stays fresh however slowly the machine runs
    def cached_costs():
        first = client.get(path)
        assert first.status_code == 200
        _hit, hit = count_statements(client, "GET", path)
        not_modified, conditional = count_statements(client, "GET", path,
                                                     headers={"If-None-Match": first.headers["ETag"]})
        assert not_modified.status_code == 304
        return hit, conditional

    teams = [make_team(f"Team {name}") for name in ("Alpha", "Bravo")]
    make_match(*teams)
    few = cached_costs()
    teams = [make_team(f"Team {n:02d}") for n in range(28)]
    for home, away in zip(teams[::2], teams[1::2]):
        make_match(home, away)
    many = cached_costs()
    assert few == many, (few, many)
    assert max(many) <= 1, many  # at most the per-request tournament read
