"""Matches, results and standings download as CSV and Excel, holding the rows the match list shows."""
import csv
import io

from openpyxl import load_workbook


def _csv(response):
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def _xlsx(response):
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row)) for row in rows]


def _season(make_team, make_match, play):
    """Four teams, three matches: one won by runs, one won by wickets, one still scheduled."""
    a, b, c, d = (make_team(name) for name in ("Wesley Warriors", "Salem Strikers", "Tiruppur Titans", "Ooty Owls"))
    first, second, _third = make_match(a, b), make_match(c, d), make_match(a, c)
    play(first, a, "bat", (a, 120, 5, "10"), (b, 118, 9, "10"))
    play(second, c, "bowl", (d, 90, 8, "10"), (c, 91, 3, "8.2"))
    return a, b, c, d


def test_match_results_and_standings_export_in_both_formats(client, login, make_team, make_match, play):
    """Every match with its scores and result sentence; the completed ones as results; the points table."""
    _season(make_team, make_match, play)
    login()
    matches = _csv(client.get("/matchmodelview/export/matches.csv"))
    assert [row["status"] for row in matches] == ["Completed", "Completed", "Scheduled"]
    assert matches[0]["result"] == "Wesley Warriors won by 2 runs"
    assert matches[1]["result"] == "Tiruppur Titans won by 7 wickets" and matches[1]["second_score"] == "91/3 (8.2 ov)"
    assert _xlsx(client.get("/matchmodelview/export/matches.xlsx")) == [
        {key: (int(value) if key in ("round_number", "match_number") else value or None)
         for key, value in row.items()} for row in matches]

    results = _csv(client.get("/matchmodelview/export/results.csv"))
    assert [(row["winner"], row["margin"]) for row in results] == [("Wesley Warriors", "2 runs"),
                                                                  ("Tiruppur Titans", "7 wickets")]
    assert len(_xlsx(client.get("/matchmodelview/export/results.xlsx"))) == 2

    standings = _csv(client.get("/matchmodelview/export/standings.csv"))
    points = {row["team"]: int(row["points"]) for row in standings}
    assert points == {"Wesley Warriors": 2, "Tiruppur Titans": 2, "Salem Strikers": 0, "Ooty Owls": 0}
    assert len(_xlsx(client.get("/matchmodelview/export/standings.xlsx"))) == 4


def test_match_export_holds_only_the_filtered_rows(client, login, make_team, make_match, play):
    """The list filtered on status or on a team: the download holds those matches only, and the list's links
    carry the filter."""
    a, *_ = _season(make_team, make_match, play)
    login()
    completed = "_flt_3_status=completed"
    page = client.get(f"/matchmodelview/list/?{completed}").get_data(as_text=True)
    assert f"/matchmodelview/export/matches.csv?{completed}" in page
    rows = _csv(client.get(f"/matchmodelview/export/matches.csv?{completed}"))
    assert [row["team1"] for row in rows] == ["Wesley Warriors", "Tiruppur Titans"]
    scheduled = _xlsx(client.get("/matchmodelview/export/matches.xlsx?_flt_3_status=scheduled"))
    assert [(row["team1"], row["team2"]) for row in scheduled] == [("Wesley Warriors", "Tiruppur Titans")]
    of_team = _csv(client.get(f"/matchmodelview/export/results.csv?_flt_0_team1={a}"))
    assert [row["result"] for row in of_team] == ["Wesley Warriors won by 2 runs"]


def test_viewers_may_export_matches_but_not_anonymous_visitors(client, make_user, login, make_team, make_match):
    """Match lists hold no personal data: every signed-in role that reads matches may download them."""
    make_match(make_team(), make_team())
    assert client.get("/matchmodelview/export/matches.csv").status_code == 302
    login(*make_user("Viewer"))
    assert len(_csv(client.get("/matchmodelview/export/matches.csv"))) == 1
