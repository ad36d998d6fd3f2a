"""Exports with contacts only for organisers, and the audit log's filters."""
import csv
import io

from openpyxl import load_workbook

from app.services.review.decisions import decide


def _csv(response):
    """Rows of a CSV download (it starts with a BOM for Excel)."""
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_organiser_team_export_has_contacts_in_csv_and_excel(client, organiser, make_team):
    """Codes, church, status and contacts, the same in both formats."""
    make_team(name="=Thunder Kings")
    make_team(status="confirmed")
    rows = _csv(client.get("/teammodelview/export/teams.csv"))
    assert rows[0][:4] == ["code", "team", "church", "status"] and "captain_phone" in rows[0]
    assert rows[1][:4] == ["ICCT-901", "'=Thunder Kings", "CSI Christ Church Test", "pending"]
    assert rows[2][0] == "ICCT-902" and "9876543210" in rows[2] and "captain902@example.org" in rows[2]
    response = client.get("/teammodelview/export/teams.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [[str(c or "") for c in row] for row in sheet.iter_rows(values_only=True)] == rows


def test_player_export_lists_codes_and_roles(client, organiser, make_team):
    """One row per player, by team code and position."""
    make_team(players=12)
    rows = _csv(client.get("/teammodelview/export/players.csv"))
    assert rows[0] == ["team_code", "team", "church", "team_status", "player_code", "position", "name", "role"]
    assert len(rows) == 13 and rows[1][4:] == ["ICCT-901-P01", "1", "Player 01", "Batsman"] and rows[2][7] == ""
    sheet = load_workbook(io.BytesIO(client.get("/teammodelview/export/players.xlsx").data)).active
    assert sheet.max_row == 13


def test_viewer_export_has_no_contacts(client, make_user, login, make_team):
    """The directory export leaves contacts out; the contact export is refused."""
    make_team()
    login(*make_user("Viewer"))
    rows = _csv(client.get("/teamdirectorymodelview/export/teams.csv"))
    text = str(rows)
    assert "captain" not in text and "9876543210" not in text and "@example.org" not in text
    assert client.get("/teammodelview/export/teams.csv").status_code in (302, 403)
    assert client.get("/teamdirectorymodelview/export/teams.pdf").status_code == 404


def test_anonymous_export_is_refused(client, make_team):
    """No list leaves without a sign-in."""
    make_team()
    for url in ("/teammodelview/export/teams.csv", "/teamdirectorymodelview/export/players.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_audit_log_filters_by_event_actor_and_team(client, organiser, app, make_team):
    """Decisions appear in the audit log and can be filtered."""
    first, second = make_team(), make_team()
    client.post(f"/teammodelview/action/confirm/{first}")
    with app.app_context():
        decide(second, "reject", reason="Late", actor="someone-else")
    by_event = client.get("/auditeventmodelview/list/?_flt_0_event=team.rejected").get_data(as_text=True)
    assert "someone-else" in by_event and "team.confirmed" not in by_event
    by_actor = client.get("/auditeventmodelview/list/?_flt_0_actor=organiser-user").get_data(as_text=True)
    assert "team.confirmed" in by_actor and "team.rejected" not in by_actor and "someone-else" not in by_actor
    by_team = client.get(f"/auditeventmodelview/list/?_flt_0_team={second}").get_data(as_text=True)
    assert "team.rejected" in by_team and "team.confirmed" not in by_team
