"""Bad input to the generated /api/v1/ resources is refused in the shared shape, never a 500 or a wrong status."""
import json
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Church, Team
from tests.conftest import ADMIN_PASSWORD
from tests.support.review_factories import make_team  # noqa: F401  -- fixture


@pytest.fixture
def admin(token_for):
    """A JWT bearer header for the admin."""
    return token_for("Admin")


def assert_refused(response, status, error_code):
    """The response is a refusal in the shared shape (DESIGN 3.2) with this status and code."""
    assert response.status_code == status, response.data[:400]
    body = response.get_json()
    assert body["success"] is False and body["error_code"] == error_code and body["request_id"]
    return body


def counts(app):
    """How many churches and teams are stored."""
    with app.app_context():
        return db.session.query(Church).count(), db.session.query(Team).count()


@pytest.mark.parametrize("path", ["/api/v1/team/-5", "/api/v1/church/-904", "/api/v1/match/-1",
                                  "/api/v1/player/99999999999999999999999"])
def test_negative_and_huge_ids_are_404_not_405_or_500(client, admin, path):
    """`<int:pk>` routes match any integer; the record simply does not exist."""
    assert_refused(client.get(path, headers=admin), 404, "NOT_FOUND")


def test_non_ascii_digits_in_a_path_are_404(client, admin):
    """"³" passes str.isdigit() but is no number: the range check must not crash on it."""
    assert_refused(client.get("/api/%C2%B3/_openapi", headers=admin), 404, "NOT_FOUND")


def test_unknown_related_id_names_the_field_and_stores_nothing(app, client, admin, make_team):
    """An id that names no team is a field error, not a new half-built team that fails in the database."""
    team_id = make_team(status="confirmed")
    before = counts(app)
    body = assert_refused(client.post("/api/v1/match/", headers=admin, json={
        "team1": team_id, "team2": 99999, "round_label": "League", "round_number": 1, "match_number": 1,
        "scheduled_at": "2026-12-20T04:00:00Z", "venue": "Ground"}), 422, "VALIDATION_FAILED")
    assert body["details"]["fields"]["team2"] == "No team has id 99999."
    assert counts(app) == before


def test_object_or_boolean_in_a_relation_field_is_a_field_error(app, client, admin, make_team):
    """marshmallow-sqlalchemy would build a Team from the object's keys (a TypeError, then a 500)."""
    team_id = make_team()
    before = counts(app)
    response = client.post("/api/v1/match/", headers=admin, json={
        "team1": team_id, "team2": {"\U0001493c": 1}, "round_label": "League", "round_number": 1,
        "match_number": 1, "scheduled_at": "2026-12-20T04:00:00Z", "venue": "Ground"})
    body = assert_refused(response, 422, "VALIDATION_FAILED")
    assert body["details"]["fields"] == {"team2": "Give the id of an existing record."}
    response = client.post("/api/v1/match/", headers=admin, json={"team1": False, "team2": team_id})
    assert assert_refused(response, 422, "VALIDATION_FAILED")["details"]["field"] == "team1"
    assert counts(app) == before


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 342448389163054137344])
def test_integer_beyond_its_column_is_a_field_error(app, client, admin, value):
    """PostgreSQL's integer is 32-bit; a bigger number overflowed the driver into a 500."""
    before = counts(app)
    body = assert_refused(client.post("/api/v1/church/", headers=admin,
                                      json={"name": "CSI Range Church", "slot_limit": value}), 422,
                          "VALIDATION_FAILED")
    assert body["details"]["fields"]["slot_limit"] == "Must be between -2147483648 and 2147483647."
    assert counts(app) == before


def test_largest_integer_still_fits(client, admin):
    """The boundary itself is accepted."""
    response = client.post("/api/v1/church/", headers=admin, json={"name": "CSI Edge Church", "slot_limit": 2**31 - 1})
    assert response.status_code == 201, response.json
    assert isinstance(response.json["id"], int)


def test_failed_insert_is_a_json_refusal_and_is_logged_with_the_user(app, client, admin):
    """A refused insert used to break the error handler itself (the log filter read the user row its rollback
    expired), so the client got Werkzeug's HTML 500; now it is a 422 in the shared shape, and the log line keeps
    the user."""
    before = counts(app)
    response = client.post("/api/v1/church/", headers=admin, json={"verified": True})
    assert response.status_code in (400, 422) and response.is_json, response.data[:300]
    assert response.json["success"] is False
    assert counts(app) == before
    lines = [json.loads(line) for line in
             (Path(app.config["LOG_DIR"]) / "app.log").read_text(encoding="utf-8").splitlines()]
    access = [line for line in lines if line.get("event") == "http.request" and line.get("path") == "/api/v1/church/"]
    assert access and access[-1]["user"] == "admin"


def test_jwt_login_without_provider_means_the_database(client):
    """FAB documents `provider` as optional but crashed without it; it defaults to the database provider."""
    response = client.post("/api/v1/security/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 200 and response.json["access_token"]
    assert_refused(client.post("/api/v1/security/login", json={"username": "\u0001", "password": "x"}),
                   401, "UNAUTHORIZED")


def test_openapi_document_matches_what_the_api_answers(client, admin):
    """Integer ids, `_info` column lists, and the refusals every operation can give are documented."""
    spec = client.get("/api/v1/_openapi", headers=admin).json
    church = spec["paths"]["/api/v1/church/"]
    listed = church["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert listed["ids"]["items"] == {"type": "integer"}
    created = church["post"]["responses"]["201"]["content"]["application/json"]["schema"]["properties"]
    assert created["id"]["type"] == "integer"
    assert {"401", "403", "409", "422", "429", "503"} <= set(church["post"]["responses"])
    info = spec["paths"]["/api/v1/church/_info"]["get"]["responses"]["200"]["content"]["application/json"]
    assert info["schema"]["properties"]["add_columns"]["type"] == "array"
    assert spec["components"]["responses"]["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CompatError"}
    assert "401" not in spec["paths"]["/api/teams"]["get"]["responses"]


@pytest.mark.parametrize("page", [-1, -35234088260166372449845248, 10**7])
def test_page_beyond_any_offset_is_a_400(client, admin, page):
    """A page number no database offset can hold is refused before it reaches the driver."""
    body = assert_refused(client.get(f"/api/v1/church/?q=(page:{page})", headers=admin), 400, "VALIDATION_FAILED")
    assert "page must be a whole number" in body["message"]
    assert client.get("/api/v1/church/?q=(page:2,page_size:5)", headers=admin).status_code == 200


def test_nul_characters_are_refused_before_the_database(app, client, admin):
    """PostgreSQL cannot store NUL; psycopg2 raised ValueError and the client got a 500."""
    before = counts(app)
    body = assert_refused(client.post("/api/v1/church/", headers=admin, json={"name": "CSI \u0000 Church"}), 422,
                          "VALIDATION_FAILED")
    assert body["details"]["field"] == "name"
    assert counts(app) == before
    assert_refused(client.get("/api/v1/church/?q=(filters:!((col:name,opr:ct,value:'a\u0000')))", headers=admin),
                   422, "VALIDATION_FAILED")
    assert_refused(client.get("/api/teams?status=\u0000"), 422, "VALIDATION_FAILED")
    page = client.post("/login/", data={"username": "ad\u0000min", "password": "x"})
    assert page.status_code == 422 and page.mimetype == "text/html"  # a form gets the friendly error page


@pytest.mark.parametrize("query", ["page=%C2%B3", "page_size=%C2%B2", "page=-1", "page=1000001"])
def test_compat_paging_refuses_what_is_not_a_plain_number(client, query):
    """"³" passes str.isdigit() but int() refuses it: the compat list answered 500 before."""
    body = assert_refused(client.get(f"/api/teams?{query}"), 422, "VALIDATION_FAILED")
    assert body["details"]["field"] in {"page", "page_size"}
