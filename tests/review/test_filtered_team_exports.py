"""Team and player downloads hold what the list shows: its filters, its search and the view's own base filter."""
import csv
import io

from openpyxl import load_workbook


def _csv(response):
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def _xlsx(response):
    assert response.status_code == 200, response.status_code
    header, *rows = load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


def test_team_export_with_a_filter_holds_only_the_filtered_rows(client, organiser, make_team):
    """Filtered on status (and searched by name), the CSV, the Excel file and the players list hold only those
    teams; the list's export links carry the filter."""
    make_team(name="Wesley Warriors"), make_team(status="confirmed", name="Salem Strikers")
    make_team(name="Tiruppur Titans", players=12), make_team(status="rejected", name="Ooty Warriors")
    pending = "_flt_3_status=pending"
    page = client.get(f"/teammodelview/list/?{pending}").get_data(as_text=True)
    assert f"/teammodelview/export/teams.csv?{pending}" in page

    assert [row["team"] for row in _csv(client.get(f"/teammodelview/export/teams.csv?{pending}"))] == [
        "Wesley Warriors", "Tiruppur Titans"]
    assert [row["team"] for row in _xlsx(client.get(f"/teammodelview/export/teams.xlsx?{pending}"))] == [
        "Wesley Warriors", "Tiruppur Titans"]
    players = _csv(client.get(f"/teammodelview/export/players.csv?{pending}"))
    assert len(players) == 11 + 12 and {row["team"] for row in players} == {"Wesley Warriors", "Tiruppur Titans"}

    searched = _csv(client.get("/teammodelview/export/teams.csv?_flt_2_name=Warriors"))  # "contains"
    assert sorted(row["team"] for row in searched) == ["Ooty Warriors", "Wesley Warriors"]
    both = _csv(client.get(f"/teammodelview/export/teams.csv?_flt_2_name=Warriors&{pending}"))
    assert [row["team"] for row in both] == ["Wesley Warriors"]
    assert len(_csv(client.get("/teammodelview/export/teams.csv"))) == 4


def test_export_follows_the_list_order_and_the_queue_base_filter(client, organiser, make_team):
    """The list's sort order carries over; the review queue's download holds pending teams only."""
    make_team(name="Beta Boys"), make_team(name="Alpha Aces"), make_team(status="confirmed", name="Gamma Guns")
    ordered = _csv(client.get("/teammodelview/export/teams.csv?_oc_TeamModelView=name&_od_TeamModelView=asc"))
    assert [row["team"] for row in ordered] == ["Alpha Aces", "Beta Boys", "Gamma Guns"]
    queue = _csv(client.get("/reviewqueuemodelview/export/teams.csv"))
    assert sorted(row["team"] for row in queue) == ["Alpha Aces", "Beta Boys"]
