"""Query arguments the REST API cannot use, and methods a route does not take, get a 4xx in the shared shape."""
import pytest
import requests

from app.extensions import db
from app.models import Church
from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import auth, bearer


@pytest.fixture
def admin(live_server):
    """A bearer header for the admin, from the JWT login."""
    return auth(bearer(live_server.url, "admin", ADMIN_PASSWORD)["access_token"])


def assert_refused(response, status, error_code):
    """The response is a JSON refusal in the shared shape with this status and code; return its body."""
    assert response.status_code == status, response.text[:400]
    body = response.json()
    assert (body["success"], body["error_code"]) == (False, error_code) and body["request_id"]
    return body


@pytest.mark.parametrize("q", ["((((", "(" * 2000, "!(" * 600, "(a:" * 800])
def test_rison_too_deep_to_parse_is_a_400(live_server, admin, q):
    """prison raised RecursionError, which FAB's rison decorator does not catch: a 500."""
    body = assert_refused(requests.get(f"{live_server.url}/api/v1/team/", params={"q": q}, headers=admin,
                                       timeout=30), 400, "VALIDATION_FAILED")
    assert body["details"]["field"] == "q"


def test_rison_longer_than_any_real_query_is_a_400(live_server, admin):
    """A q of many kilobytes is refused before it is parsed."""
    q = "(filters:!(" + ",".join(["(col:name,opr:ct,value:x)"] * 400) + "))"
    body = assert_refused(requests.get(f"{live_server.url}/api/v1/team/", params={"q": q}, headers=admin,
                                       timeout=30), 400, "VALIDATION_FAILED")
    assert body["details"]["field"] == "q"


def church_id(app):
    """The id of any seeded church."""
    with app.app_context():
        identifier = db.session.query(Church.id).order_by(Church.id).first()[0]
        db.session.remove()
    return identifier


@pytest.mark.parametrize("value", ["abc", "'1x'", "99999999999999999999", "!(1,x)", "!t", "1.5"])
def test_relation_filter_value_that_is_no_id_is_a_400(live_server, admin, value):
    """PostgreSQL compared `church_id = 'abc'` and raised DataError inside FAB's @safe: a 500 (SQLite just found
    nothing). A relation filter takes the id of a record."""
    for opr in ("rel_o_m", "nrel_o_m"):
        q = f"(filters:!((col:church,opr:{opr},value:{value})))"
        body = assert_refused(requests.get(f"{live_server.url}/api/v1/team/", params={"q": q}, headers=admin,
                                           timeout=30), 400, "VALIDATION_FAILED")
        assert body["details"]["fields"] == {"church": "Give the id of an existing record."}


@pytest.mark.parametrize("resource, q", [
    ("church", "(filters:!((col:name,opr:ct,value:5)))"),
    ("church", "(filters:!((col:name,opr:sw,value:!(x,5))))"),
    ("match", "(filters:!((col:round_number,opr:eq,value:99999999999999999999)))"),
    ("church", "(filters:!((col:verified,opr:eq,value:'1199')))"),
])
def test_filter_value_of_the_wrong_type_is_a_400(live_server, admin, resource, q):
    """Text filters on a number (FAB added '%' to it), integers beyond their column and yes/no filters of anything
    but a boolean (PostgreSQL) were 500s."""
    assert_refused(requests.get(f"{live_server.url}/api/v1/{resource}/", params={"q": q}, headers=admin,
                                timeout=30), 400, "VALIDATION_FAILED")


def test_filters_that_fit_their_columns_still_work(app, live_server, admin):
    """A relation filter by id, text filters and a number filter are served."""
    church = church_id(app)
    for resource, q in (("team", f"(filters:!((col:church,opr:rel_o_m,value:{church})))"),
                        ("team", f"(filters:!((col:church,opr:nrel_o_m,value:'{church}')))"),
                        ("church", "(filters:!((col:name,opr:ct,value:CSI)))"),
                        ("church", "(filters:!((col:verified,opr:eq,value:!t)))"),
                        ("match", "(filters:!((col:round_number,opr:gt,value:0)))")):
        response = requests.get(f"{live_server.url}/api/v1/{resource}/", params={"q": q}, headers=admin, timeout=30)
        assert response.status_code == 200, (q, response.text[:300])


def test_method_not_allowed_says_so_and_names_the_allowed_methods(live_server):
    """A 405 carried error_code NOT_FOUND; it is METHOD_NOT_ALLOWED, with the Allow header kept."""
    response = requests.delete(f"{live_server.url}/api/churches/availability", timeout=30)
    body = assert_refused(response, 405, "METHOD_NOT_ALLOWED")
    assert body["message"] == "This method is not allowed here."
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
