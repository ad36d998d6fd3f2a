"""Church availability is cached per process: this process's changes show at once, another's within the TTL."""
import time

from tests.support.review_factories import make_team  # noqa: F401  -- fixture

CHURCH = "CSI Christ Church Test"


def used_slots(client, church=CHURCH):
    """The team count /api/churches/availability reports for `church` (0 when it is not listed)."""
    response = client.get("/api/churches/availability")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return next((c["team_count"] for c in response.json["churches"] if c["church_name"] == church), 0)


def test_a_change_in_this_process_shows_at_once(client, make_team):
    """A commit that touches teams drops the cached answer, whatever the TTL."""
    assert used_slots(client) == 0
    make_team(church=CHURCH)
    assert used_slots(client) == 1
    make_team(church=CHURCH)
    assert used_slots(client) == 2


def test_another_instance_sees_a_change_within_the_ttl(app_factory, make_team):
    """Two apps on one database stand for two instances: B's cached answer lags A's commit by at most the TTL."""
    instance_b = app_factory(PUBLIC_READ_CACHE_SECONDS=0.5).test_client()
    assert used_slots(instance_b) == 0
    make_team(church=CHURCH)  # committed through the other app
    assert used_slots(instance_b) == 0  # still B's cached answer
    time.sleep(0.6)
    assert used_slots(instance_b) == 1


def test_cache_can_be_switched_off(app_factory, make_team):
    """PUBLIC_READ_CACHE_SECONDS=0 answers from the database every time."""
    instance_b = app_factory(PUBLIC_READ_CACHE_SECONDS=0).test_client()
    assert used_slots(instance_b) == 0
    make_team(church=CHURCH)
    assert used_slots(instance_b) == 1


def test_cached_answer_is_the_same_document_with_each_responses_headers(client):
    """A cached answer is the same document, with the request id and security headers of its own response."""
    first, second = client.get("/api/churches/availability"), client.get("/api/churches/availability")
    assert first.data == second.data and first.json["summary"]["total_churches"] > 0
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    assert second.headers["X-Content-Type-Options"] == "nosniff"



def test_a_registration_through_the_api_shows_at_once(client):
    """Registration inserts without the ORM, so it drops the cached answer itself (read_cache.note_change)."""
    from tests.support import payloads

    assert used_slots(client) == 0
    form, files = payloads.registration(church=CHURCH)
    response = client.post("/api/register/team", data=payloads.for_test_client(form, files))
    assert response.status_code == 201, response.get_json()
    assert used_slots(client) == 1
