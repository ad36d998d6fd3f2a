"""Church availability is cached per process: this process's changes show at once, another's within the TTL."""
import pytest

from app.services.directory.cache import ReadCache
from tests.support.review_factories import make_team  # noqa: F401  -- fixture

CHURCH = "CSI All Souls Church Race Course"  # a seeded (verified) church


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


class FakeClock:
    """A monotonic clock that moves only when the test moves it."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        """Let `seconds` pass."""
        self.now += seconds


@pytest.fixture
def clock():
    """The clock the read caches of this test run on."""
    return FakeClock()


def test_another_instance_sees_a_change_within_the_ttl(app_factory, make_team, clock):
    """Two apps on one database stand for two instances: B's cached answer lags A's commit by at most the TTL."""
    instance_b = app_factory()
    instance_b.extensions["read_cache"] = ReadCache(2, clock=clock)
    client_b = instance_b.test_client()
    assert used_slots(client_b) == 0
    make_team(church=CHURCH)  # committed through the other app
    clock.advance(1.9)
    assert used_slots(client_b) == 0  # still B's cached answer
    clock.advance(0.2)
    assert used_slots(client_b) == 1


def test_an_entry_lives_for_its_ttl_and_no_longer(clock):
    """The cache answers from an entry until its lifetime has passed, then builds it again."""
    cache = ReadCache(2, clock=clock)
    builds = iter(range(1, 10))
    assert cache.get_or_build("key", lambda: next(builds)) == 1
    clock.advance(1.99)
    assert cache.get_or_build("key", lambda: next(builds)) == 1
    clock.advance(0.01)
    assert cache.get_or_build("key", lambda: next(builds)) == 2
    cache.invalidate()
    assert cache.get_or_build("key", lambda: next(builds)) == 3


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
    payloads.register_through_the_api(client, church=CHURCH)
    assert used_slots(client) == 1
