"""Public schedule and standings JSON: the contract field by field, hand-computed tables, constant query count."""
import pytest
from sqlalchemy import event

from app.extensions import db
from app.services.matches import workflow as matches
from tests.test_roles import assert_error_shape

MATCH_FIELDS = {"id", "round", "round_number", "match_number", "team1", "team2", "status", "toss_winner",
                "toss_choice", "scheduled_start_time", "actual_start_time", "match_end_time",
                "team1_first_innings_runs", "team1_first_innings_wickets", "team2_first_innings_runs",
                "team2_first_innings_wickets", "match_score_url", "result"}


def test_schedule_carries_exactly_the_contract_fields(client, in_app, make_team, make_match):
    """A completed and a scheduled match, every field checked."""
    eagles, tigers = make_team("Immanuel Eagles"), make_team("Trinity Tigers")
    done, upcoming = make_match(eagles, tigers), make_match(tigers, eagles)
    in_app(matches.start_match, done, {"toss_winner_id": tigers, "toss_choice": "bowl",
                                       "started_at": "2026-01-10T09:35:00+05:30",
                                       "scorecard_url": "https://cricheroes.in/scorecard/9"})
    in_app(matches.record_innings, done, {"batting_team_id": eagles, "runs": 165, "wickets": 8, "overs": "10"})
    in_app(matches.record_innings, done, {"batting_team_id": tigers, "runs": 120, "wickets": 10, "overs": "9.4"})
    in_app(matches.finish_match, done, {"ended_at": "2026-01-10T05:55:00Z"})

    body = client.get("/api/schedule/matches").json
    assert body["success"] is True and [m["id"] for m in body["data"]] == [done, upcoming]
    completed, scheduled = body["data"]
    assert set(completed) == MATCH_FIELDS and set(scheduled) == MATCH_FIELDS
    assert completed == {
        "id": done, "round": "League", "round_number": 1, "match_number": 1, "team1": "Immanuel Eagles",
        "team2": "Trinity Tigers", "status": "completed", "toss_winner": "Trinity Tigers", "toss_choice": "bowl",
        "scheduled_start_time": "2026-01-10T05:00:00Z", "actual_start_time": "2026-01-10T04:05:00Z",
        "match_end_time": "2026-01-10T05:55:00Z", "team1_first_innings_runs": 165,
        "team1_first_innings_wickets": 8, "team2_first_innings_runs": 120, "team2_first_innings_wickets": 10,
        "match_score_url": "https://cricheroes.in/scorecard/9",
        "result": {"winner": "Immanuel Eagles", "margin": 45, "marginType": "runs", "wonByBattingFirst": True},
    }
    assert scheduled == {
        "id": upcoming, "round": "League", "round_number": 1, "match_number": 2, "team1": "Trinity Tigers",
        "team2": "Immanuel Eagles", "status": "scheduled", "toss_winner": None, "toss_choice": None,
        "scheduled_start_time": "2026-01-10T06:00:00Z", "actual_start_time": None, "match_end_time": None,
        "team1_first_innings_runs": None, "team1_first_innings_wickets": None, "team2_first_innings_runs": None,
        "team2_first_innings_wickets": None, "match_score_url": None, "result": None,
    }
    assert client.get(f"/api/schedule/matches/{done}").json == {"success": True, "data": completed}


def test_tie_and_no_result_have_no_winner(client, make_team, make_match, play):
    """Ties and no results: winner, margin and marginType are null."""
    a, b = make_team(), make_team()
    tie, washed = make_match(a, b), make_match(b, a)
    play(tie, a, "bat", (a, 90, 5, "10"), (b, 90, 9, "10"))
    play(washed, b, "bat", (b, 40, 1, "4"), finish={"outcome": "no_result"})
    data = {m["id"]: m for m in client.get("/api/schedule/matches").json["data"]}
    assert data[tie]["result"] == {"winner": None, "margin": None, "marginType": None, "wonByBattingFirst": None}
    assert data[washed]["result"] == data[tie]["result"]
    assert data[washed]["team1_first_innings_runs"] == 40 and data[washed]["team2_first_innings_runs"] is None


@pytest.mark.parametrize("path", ["/api/schedule/matches/424242", "/api/schedule/matches/abc"])
def test_unknown_match_is_404_in_the_error_shape(client, path):
    """Unknown ids answer NOT_FOUND without a login."""
    assert_error_shape(client.get(path), 404, "NOT_FOUND")


def test_standings_match_hand_computed_tables(client, in_app, make_team, make_match, play):
    """Points, NRR (all-out sides charged the full 10 overs) and ordering, per group.

    Group A, 10 overs a side (60 balls):
      A 80/6 (10)  v B 62 all out (8.4)  -> A by 18 runs
      B 70/5 (10)  v C 71/3 (9)          -> C by 7 wickets
      C 90/7 (10)  v A 90/9 (10)         -> tie
    A: W1 T1 = 3 pts; for 170 off 120 balls, against 62+90 = 152 off 60 (all out) + 60 = 120 balls
       NRR = 8.5 - 7.6 = +0.900
    C: W1 T1 = 3 pts; for 71+90 = 161 off 54+60 = 114, against 70+90 = 160 off 120
       NRR = 8.4737 - 8.0 = +0.474
    B: L2 = 0 pts; for 62+70 = 132 off 60+60 = 120, against 80+71 = 151 off 60+54 = 114
       NRR = 6.6 - 7.9474 = -1.347
    Group B: D v E washed out (no result, 1 point each, not in NRR); D v E abandoned (not counted);
      F has a scheduled match only.
    """
    a, b, c = make_team("Alpha"), make_team("Bravo"), make_team("Charlie")
    d, e, f = make_team("Delta"), make_team("Echo"), make_team("Foxtrot")
    play(make_match(a, b), a, "bat", (a, 80, 6, "10"), (b, 62, 10, "8.4"))
    play(make_match(b, c), b, "bat", (b, 70, 5, "10"), (c, 71, 3, "9"))
    play(make_match(c, a), c, "bat", (c, 90, 7, "10"), (a, 90, 9, "10"))
    play(make_match(d, e, group="Group B"), d, "bat", (d, 50, 2, "6"), finish={"outcome": "no_result"})
    in_app(matches.abandon_match, make_match(d, e, group="Group B"), {"reason": "Rain"})
    make_match(e, f, group="Group B")

    body = client.get("/api/standings").json
    assert body["success"] is True
    tables = {table["group"]: table["rows"] for table in body["data"]}
    assert list(tables) == ["Group A", "Group B"]
    assert tables["Group A"] == [
        {"team": "Alpha", "played": 2, "won": 1, "lost": 0, "tied": 1, "no_result": 0, "points": 3,
         "net_run_rate": 0.9},
        {"team": "Charlie", "played": 2, "won": 1, "lost": 0, "tied": 1, "no_result": 0, "points": 3,
         "net_run_rate": 0.474},
        {"team": "Bravo", "played": 2, "won": 0, "lost": 2, "tied": 0, "no_result": 0, "points": 0,
         "net_run_rate": -1.347},
    ]
    assert [(r["team"], r["played"], r["no_result"], r["points"], r["net_run_rate"]) for r in tables["Group B"]] == [
        ("Delta", 1, 1, 1, 0.0), ("Echo", 1, 1, 1, 0.0), ("Foxtrot", 0, 0, 0, 0.0)]


def test_schedule_query_count_does_not_grow_with_the_list(app, client, make_team, make_match):
    """Teams are joined into the one match query: 2 or 8 matches cost the same statements."""
    teams = [make_team() for _ in range(4)]

    def statements_for_listing():
        seen = []
        with app.app_context():
            listener = lambda *args: seen.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get("/api/schedule/matches").status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    for i in range(2):
        make_match(teams[i], teams[i + 1])
    few = statements_for_listing()
    assert few >= 1
    for i in range(6):
        make_match(teams[i % 4], teams[(i + 2) % 4] if i % 4 != (i + 2) % 4 else teams[(i + 1) % 4], round_number=2)
    assert statements_for_listing() == few
    assert len(client.get("/api/schedule/matches").json["data"]) == 8
