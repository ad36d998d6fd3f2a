"""GET /api/teams without paging parameters lists every team the caller may see, as the old backend did."""
import requests

from tests.support.review_factories import make_team  # noqa: F401  -- fixture


def team_list(server, query="", headers=None):
    """The /api/teams body for `query`, checked to be a 200."""
    response = requests.get(f"{server.url}/api/teams{query}", headers=headers, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_unpaged_list_holds_every_confirmed_team_and_paging_still_pages(live_server, make_team):
    """120 confirmed teams (and a pending one) unpaged: all 120; page_size and page still cut pages."""
    for _ in range(120):
        make_team(status="confirmed", players=1, documents=False)
    make_team(status="pending", players=1, documents=False)
    everything = team_list(live_server)
    assert len(everything["data"]) == everything["total"] == 120
    assert {team["status"] for team in everything["data"]} == {"confirmed"}
    assert len({team["team_id"] for team in everything["data"]}) == 120
    assert len(team_list(live_server, "?page_size=50")["data"]) == 50
    last = team_list(live_server, "?page=3&page_size=50")
    assert (len(last["data"]), last["page"], last["total"]) == (20, 3, 120)


def test_unpaged_organiser_list_holds_every_slot_holding_team(live_server, make_team, token_for):
    """An organiser's unpaged list has every pending and confirmed team (more than one default page)."""
    for number in range(30):
        make_team(status="confirmed" if number % 2 else "pending", players=1, documents=False)
    body = team_list(live_server, headers=token_for("Organiser"))
    assert len(body["data"]) == body["total"] == 30
