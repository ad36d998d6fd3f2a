"""Who sees what on GET /api/teams: anonymous visitors get confirmed teams without contacts, organisers more."""
import pytest


@pytest.fixture
def two_teams(make_team):
    """One confirmed and one pending team."""
    make_team(status="confirmed", name="Salem Strikers")
    make_team(status="pending", name="Erode Eagles")


def names(response):
    """Team names on the page, and whether any carries a captain's contacts."""
    assert response.status_code == 200, response.json
    return sorted(t["team_name"] for t in response.json["data"]), any("captain" in t for t in response.json["data"])


def test_anonymous_sees_confirmed_teams_without_contacts(client, two_teams):
    """Even asking for every status, an anonymous visitor gets the confirmed team and no contacts."""
    assert names(client.get("/api/teams?status=confirmed,pending")) == (["Salem Strikers"], False)


@pytest.mark.parametrize("role, expected", [("Organiser", (["Erode Eagles", "Salem Strikers"], True)),
                                            ("Viewer", (["Salem Strikers"], False))])
def test_jwt_users_see_what_their_role_allows(client, two_teams, token_for, role, expected):
    """A bearer token counts as signed in: an Organiser sees every status with contacts, a Viewer does not."""
    assert names(client.get("/api/teams?status=confirmed,pending", headers=token_for(role))) == expected


def test_session_organiser_sees_contacts(organiser, two_teams):
    """A browser session works the same as a token."""
    assert names(organiser.get("/api/teams?status=confirmed,pending")) == (["Erode Eagles", "Salem Strikers"], True)
