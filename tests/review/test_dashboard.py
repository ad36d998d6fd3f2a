"""The organisers' dashboard: sign-in lands on it; its server-drawn charts count the right things and every bar
opens the list it counts."""
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Church, Team, WaitingEntry
from app.services.review.decisions import decide
from tests.conftest import ADMIN_PASSWORD


def _chart(page, chart_id):
    """The HTML of one chart's figure."""
    match = re.search(rf'<figure class="desk-chart" id="{chart_id}">(.*?)</figure>', page, re.S)
    assert match, f"no chart {chart_id}"
    return match.group(1)


def _links(figure):
    """{accessible name: href} of the chart's bars."""
    return {name: href.replace("&amp;", "&") for href, name in
            re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" class="desk-bar">', figure)}


def _codes(client, href):
    """Team codes (or document team codes) on a list page that a bar links to."""
    page = client.get(href).get_data(as_text=True)
    return sorted(set(re.findall(r"ICCT-9\d\d(?!-)", page)))


def test_sign_in_lands_on_the_dashboard(client, make_user):
    """An organiser's sign-in goes to the dashboard, not FAB's welcome page; a Viewer still gets the welcome."""
    response = client.post("/login/", data={"username": "admin", "password": ADMIN_PASSWORD}, follow_redirects=True)
    assert response.request.path == "/dashboard/" and b"chart-team-status" in response.data
    client.get("/logout/")
    viewer = client.post("/login/", data=dict(zip(("username", "password"), make_user("Viewer"))),
                         follow_redirects=True)
    assert viewer.status_code == 200 and viewer.request.path == "/admin/" and b"chart-" not in viewer.data


def test_charts_count_and_link_to_their_filtered_lists(client, organiser, app, make_team):
    """Each chart's bars carry their figure, an accessible name, and a link to exactly the rows they count."""
    first = make_team(church="CSI Dashboard Church")
    make_team(church="CSI Dashboard Church")
    rejected = make_team(status="rejected")
    with app.app_context():
        decide(first, "confirm")
    page = client.get("/dashboard/").get_data(as_text=True)

    status = _chart(page, "chart-team-status")
    assert "<title>Teams by status</title>" in status and 'aria-labelledby="chart-team-status-title' in status
    links = _links(status)
    assert set(links) == {"Pending: 1", "Confirmed: 1", "Rejected: 1", "Withdrawn: 0"}
    assert _codes(client, links["Pending: 1"]) == ["ICCT-902"]
    assert _codes(client, links["Rejected: 1"]) == ["ICCT-903"]
    assert "<td>Confirmed</td>" not in status and '">Confirmed</a></td><td>1</td>' in status  # the table alternative

    slots = _links(_chart(page, "chart-church-slots"))
    assert _codes(client, slots["CSI Dashboard Church: 2 / 2"]) == ["ICCT-901", "ICCT-902"]

    backlog = _chart(page, "chart-review-backlog")
    assert "Pending teams: 1; their documents: 3." in backlog
    [(name, href)] = _links(backlog).items()
    assert name == "ICCT-902 Team 902: 3"
    documents = client.get(href).get_data(as_text=True)
    assert len(set(re.findall(r"/documentmodelview/show/(\d+)", documents))) == 3  # of 9 documents in all

    [(day, href)] = _links(_chart(page, "chart-registrations")).items()
    assert day.endswith(": 3")
    assert _codes(client, href) == ["ICCT-901", "ICCT-902", "ICCT-903"]
    with app.app_context():
        db.session.get(Team, rejected).created_at = datetime(2025, 12, 30, 20, 0, tzinfo=timezone.utc)
        db.session.commit()
    days = _links(_chart(client.get("/dashboard/").get_data(as_text=True), "chart-registrations"))
    assert "31 Dec: 1" in days  # 20:00 UTC is 01:30 the next day in Kolkata
    assert _codes(client, days["31 Dec: 1"]) == ["ICCT-903"]

    matches = _links(_chart(page, "chart-match-status"))
    assert set(matches) == {"Scheduled: 0", "Live: 0", "Completed: 0", "Abandoned: 0"}
    assert "/matchmodelview/list/?_flt_3_status=live" in matches["Live: 0"]


def test_church_slots_count_open_waiting_list_offers(client, organiser, app, make_team):
    """A slot offered to the waiting list is taken, as the registration counts it: the church shows full."""
    make_team(church="CSI Offer Church")
    with app.app_context():
        church = db.session.scalar(select(Church).where(Church.name == "CSI Offer Church"))
        entry = WaitingEntry(church=church, team_name="Waiting Eleven", captain_name="Selvi Raj",
                             captain_email="selvi@example.org", captain_phone="9840000000")
        db.session.add(entry)
        db.session.commit()
        entry_id = entry.id
        db.session.remove()
    before = _links(_chart(client.get("/dashboard/").get_data(as_text=True), "chart-church-slots"))
    assert "CSI Offer Church: 1 / 2" in before
    assert client.post(f"/waitingentrymodelview/action/offer/{entry_id}").status_code == 302

    figure = _chart(client.get("/dashboard/").get_data(as_text=True), "chart-church-slots")
    slots = _links(figure)
    assert set(slots) == {"CSI Offer Church: 2 / 2, 1 offered"}
    assert "1 of 1 churches with teams are full." in figure
    assert _codes(client, slots["CSI Offer Church: 2 / 2, 1 offered"]) == ["ICCT-901"]  # the teams it holds


def test_dashboard_speaks_tamil(client, organiser, make_team):
    """Titles and statuses are words in the page's language."""
    make_team()
    client.get("/lang/ta")
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "நிலுவையில்" in _chart(page, "chart-team-status")


@pytest.mark.parametrize("role", ["Viewer", "Scorer", None])
def test_dashboard_is_for_organisers(client, make_user, login, role):
    """Other roles and anonymous visitors are turned away."""
    if role:
        login(*make_user(role))
    response = client.get("/dashboard/")
    assert response.status_code in (302, 403) and b"chart-team-status" not in response.data


def test_dashboard_statements_do_not_grow_from_10_to_100_teams(app, login, make_team):
    """The dashboard runs as many SQL statements for 100 teams as for 10, and its charts show more."""
    from sqlalchemy import event

    organiser = login()
    counts = []
    for total in (10, 100):
        while _team_count(app) < total:
            make_team(church=f"CSI Perf Church {_team_count(app) % 40}", players=1,
                      status="pending" if _team_count(app) % 3 else "confirmed")
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            page = organiser.get("/dashboard/").get_data(as_text=True)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        pending = int(re.search(r'aria-label="Pending: (\d+)"', page).group(1))
        counts.append((len(statements), pending))
    (small, small_pending), (large, large_pending) = counts
    assert large_pending > small_pending
    assert large == small, counts


def _team_count(app):
    with app.app_context():
        total = len(db.session.scalars(select(Team.id)).all())
        db.session.remove()
    return total
