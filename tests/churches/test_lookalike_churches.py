"""Look-alike church names over HTTP: invisible characters are refused, and a look-alike of a full church counts
as that church instead of opening a new one with its own slots."""
import pytest
import requests

from app.extensions import db
from app.models import Church
from tests.support import payloads

FULL = "CSI Wesley Church Ooty"


def register(base_url, **fields):
    """POST a valid registration with `fields` changed; return the response."""
    form, files = payloads.registration(**fields)
    return requests.post(f"{base_url}/api/register/team", data=form, files=files, timeout=60)


def church_count(app):
    with app.app_context():
        count = db.session.query(Church).count()
        db.session.remove()
        return count


@pytest.fixture
def full_church(app, live_server):
    """The live server's URL once FULL holds its two teams."""
    for _ in range(2):
        response = register(live_server.url, church=FULL)
        assert response.status_code == 201, response.text
    return live_server.url


@pytest.mark.parametrize("name", [
    FULL + "\u200b",                      # ZERO WIDTH SPACE
    "CSI Wesley\u200b Church Ooty",
    "\u202eCSI Wesley Church Ooty",       # RIGHT-TO-LEFT OVERRIDE
    "CSI Wes\u200dley Church Ooty",       # ZERO WIDTH JOINER between Latin letters
    "CSI Wesley Chur\u00adch Ooty",       # SOFT HYPHEN
    "\ufeffCSI Wesley Church Ooty",       # BYTE ORDER MARK
])
def test_church_name_with_invisible_characters_is_refused(app, full_church, name):
    """A church name holding a format character: 422 VALIDATION_FAILED on church_name, no church created."""
    before = church_count(app)
    response = register(full_church, church=name)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error_code"] == "VALIDATION_FAILED" and body["details"]["field"] == "church_name"
    assert "church_name" in body["details"]["fields"]
    assert church_count(app) == before


@pytest.mark.parametrize("name", [
    "ＣＳＩ Ｗｅｓｌｅｙ Ｃｈｕｒｃｈ Ｏｏｔｙ",          # fullwidth
    "CSI W\u0435sley Church \u041eoty",             # Cyrillic е and О
    "\u0421SI Wesley \u0421hurch Ooty",             # Cyrillic С twice
    "csi  wesley\u00a0church OOTY",                 # case and no-break space
])
def test_lookalike_of_a_full_church_counts_as_that_church(app, full_church, name):
    """A look-alike of a full church: 409 CHURCH_LIMIT_REACHED, and no new church with slots of its own."""
    before = church_count(app)
    response = register(full_church, church=name)
    assert response.status_code == 409, response.text
    assert response.json()["error_code"] == "CHURCH_LIMIT_REACHED"
    assert church_count(app) == before


def test_organiser_cannot_rename_a_church_to_hold_invisible_characters(app, live_server, token_for):
    """PUT /api/v1/church/<id> with U+202E in the name: 422 on name; the stored name is unchanged."""
    headers = token_for("Admin")
    with app.app_context():
        church_id = db.session.query(Church.id).filter_by(name=FULL).scalar()
        db.session.remove()
    response = requests.put(f"{live_server.url}/api/v1/church/{church_id}", json={"name": "\u202e" + FULL},
                            headers=headers, timeout=30)
    assert response.status_code == 422, response.text
    assert response.json()["details"]["field"] == "name"
    with app.app_context():
        assert db.session.get(Church, church_id).name == FULL
        db.session.remove()


def test_organiser_cannot_add_a_lookalike_of_an_existing_church(app, live_server, token_for):
    """POST /api/v1/church/ with a Cyrillic look-alike of a seeded church: 409, no row added."""
    before = church_count(app)
    response = requests.post(f"{live_server.url}/api/v1/church/", json={"name": "CSI W\u0435sley Church Ooty"},
                             headers=token_for("Admin"), timeout=30)
    assert response.status_code == 409, response.text
    assert response.json()["details"]["field"] == "name"
    assert church_count(app) == before
