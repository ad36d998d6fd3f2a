"""Team and player names over HTTP: format characters refused (joiners only where Indic spelling needs them),
and a look-alike of a registered team's name counts as the same name."""
import pytest
import requests

from app.extensions import db
from app.models import Team
from tests.support import payloads

# Tamil "Krishna Kings": க் + ZWNJ + ஷ keeps the virama visible instead of forming the க்ஷ conjunct.
TAMIL_WITH_ZWNJ = "\u0b95\u0bcd\u200c\u0bb7\u0bcd\u0ba3\u0bbe Kings"


def register(base_url, **fields):
    """POST a valid registration with `fields` changed; return the response."""
    form, files = payloads.registration(**fields)
    return requests.post(f"{base_url}/api/register/team", data=form, files=files, timeout=60)


@pytest.mark.parametrize("field, value", [
    ("team_name", "Rathinapuri \u202eLions"),       # RIGHT-TO-LEFT OVERRIDE
    ("team_name", "Rathinapuri Li\u200dons"),       # ZERO WIDTH JOINER between Latin letters
    ("team_name", "Rathinapuri Li\u200cons"),       # ZERO WIDTH NON-JOINER between Latin letters
    ("team_name", "\u200dRathinapuri Lions"),
    ("captain_name", "Jo\u200dseph Raj"),
    ("player_3_name", "Dav\u200did Paul"),
])
def test_names_with_format_characters_are_refused(app, live_server, field, value):
    """A format character outside Indic spelling: 422 VALIDATION_FAILED naming the field; nothing stored."""
    response = register(live_server.url, **{field: value})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error_code"] == "VALIDATION_FAILED" and field in body["details"]["fields"]
    with app.app_context():
        assert db.session.query(Team).count() == 0
        db.session.remove()


@pytest.mark.parametrize("lookalike", [
    "Rathinapuri Li\u043ens",                        # Cyrillic о
    "Ｒａｔｈｉｎａｐｕｒｉ Ｌｉｏｎｓ",                  # fullwidth
    "RATHINAPURI\u00a0LIONS",
    "Rathinapur\u0456 Lions",                        # Cyrillic і
])
def test_lookalike_of_a_registered_team_name_is_a_duplicate(app, live_server, lookalike):
    """A look-alike of a slot-holding team's name, even for another church: 409 DUPLICATE_TEAM."""
    assert register(live_server.url, team_name="Rathinapuri Lions").status_code == 201
    response = register(live_server.url, team_name=lookalike, church="CSI All Souls Church Race Course")
    assert response.status_code == 409, response.text
    assert response.json()["error_code"] == "DUPLICATE_TEAM"


def test_lookalike_player_names_in_one_team_are_refused(live_server):
    """Two players whose names differ only by a Cyrillic look-alike: 422 on the later one."""
    response = register(live_server.url, player_0_name="Samuel Joseph", player_4_name="Samu\u0435l Joseph")
    assert response.status_code == 422, response.text
    assert "player_4_name" in response.json()["details"]["fields"]


def test_tamil_name_with_zwnj_after_a_virama_is_accepted(app, live_server):
    """ZWNJ right after a virama is Tamil spelling: the team and a player so named register (201)."""
    response = register(live_server.url, team_name=TAMIL_WITH_ZWNJ, player_2_name="\u0b95\u0bcd\u200c\u0bb7\u0bbe Raj")
    assert response.status_code == 201, response.text
    with app.app_context():
        assert db.session.query(Team.name).scalar() == TAMIL_WITH_ZWNJ
        db.session.remove()
