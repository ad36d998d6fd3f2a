"""Cached anonymous JSON reads answered before Flask give the full stack's answer, budget, request id and log line."""
import logging
import re

import pytest
import requests
from flask import request_started

from tests.support.live_server import LiveServer
from tests.support.review_factories import make_team  # noqa: F401  -- fixture
from tests.web.conftest import ORIGIN

READS = ("/api/churches/availability", "/api/teams")
PER_REQUEST = {"Date", "X-Request-ID", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"}
NONCE = re.compile(r"'nonce-[^']+'")


@pytest.fixture
def flask_calls():
    """Return a callable counting the requests an app handled in Flask."""
    seen = []

    def count(sender, **_extra):
        seen.append(sender)

    request_started.connect(count)
    yield lambda app: sum(1 for sender in seen if sender is app)
    request_started.disconnect(count)


def comparable(response):
    """Status, body and headers, with the per-request values (date, id, budget left, CSP nonce) blanked."""
    headers = sorted((name, "*" if name in PER_REQUEST else NONCE.sub("'nonce-*'", value))
                     for name, value in response.headers.items())
    return response.status_code, response.data, headers


@pytest.mark.parametrize("origin", [None, ORIGIN])
def test_fast_answers_equal_the_full_stacks(limited_app, flask_calls, origin):
    """200 and 304, with and without an allowed Origin: the same status, body and headers as with the fast path
    off, and Flask is not entered."""
    fast, full = limited_app(), limited_app(PUBLIC_READ_FAST_PATH=False)
    headers = {"Origin": origin} if origin else {}
    for path in READS:
        first = fast.test_client().get(path, headers=headers)  # the full stack's answer, recorded
        before = flask_calls(fast)
        answers = [fast.test_client().get(path, headers=headers),
                   fast.test_client().get(path, headers={**headers, "If-None-Match": first.headers["ETag"]})]
        assert flask_calls(fast) == before
        expected = [full.test_client().get(path, headers=headers),
                    full.test_client().get(path, headers={**headers, "If-None-Match": first.headers["ETag"]})]
        assert [answer.status_code for answer in answers] == [200, 304]
        assert [comparable(answer) for answer in answers] == [comparable(answer) for answer in expected]
        head = fast.test_client().head(path, headers=headers)
        assert (head.status_code, head.data, head.headers["Content-Length"]) == (200, b"", str(len(first.data)))


def test_cookies_and_credentials_go_through_flask(limited_app, flask_calls, jwt_token):
    """A request with a cookie or Authorization is Flask's: an organiser still gets the private list."""
    app = limited_app()
    client = app.test_client()
    client.get("/api/teams")
    token = jwt_token(app.test_client())
    before = flask_calls(app)
    organiser = app.test_client().get("/api/teams", headers={"Authorization": f"Bearer {token}"})
    assert organiser.headers["Cache-Control"] == "private, no-store"
    with_cookie = app.test_client()
    with_cookie.set_cookie("session", "x")
    with_cookie.get("/api/teams")
    assert flask_calls(app) == before + 2


def test_fast_reads_spend_the_read_budget_and_get_the_usual_429(limited_app, flask_calls):
    """Fast answers count in RATELIMIT_PUBLIC_READS; the read beyond it is the normal 429 in the error shape."""
    app = limited_app(RATELIMIT_PUBLIC_READS="4 per minute")
    with LiveServer(app) as server:
        statuses = [requests.get(server.url + "/api/churches/availability", timeout=10) for _ in range(5)]
    assert [answer.status_code for answer in statuses] == [200] * 4 + [429]
    assert [answer.headers["X-RateLimit-Remaining"] for answer in statuses[:4]] == ["3", "2", "1", "0"]
    assert flask_calls(app) == 2  # the first (recorded) and the refusal
    refused = statuses[4]
    assert refused.json()["error_code"] == "RATE_LIMIT_EXCEEDED" and 1 <= int(refused.headers["Retry-After"]) <= 60


def test_a_commit_changes_the_answer_at_once(limited_app, make_team):  # noqa: F811
    """A confirmed team committed by this process is in the next read: no stale replay."""
    app = limited_app()
    with LiveServer(app) as server:
        before = [requests.get(server.url + "/api/teams", timeout=10) for _ in range(2)]
        make_team(status="confirmed", name="Fresh Eleven", documents=False, on=app)
        after = requests.get(server.url + "/api/teams", headers={"If-None-Match": before[1].headers["ETag"]},
                             timeout=10)
    assert before[0].json() == before[1].json() and before[0].json()["total"] == 0
    assert after.status_code == 200 and [team["team_name"] for team in after.json()["data"]] == ["Fresh Eleven"]


def test_fast_reads_echo_the_request_id_and_log_one_line(limited_app, flask_calls, caplog):
    """The client's X-Request-ID comes back, and each fast answer writes one access line like Flask's."""
    app = limited_app()
    client = app.test_client()
    client.get("/api/standings")
    before = flask_calls(app)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="app.http"):
        answer = client.get("/api/standings", headers={"X-Request-ID": "abc-123"})
    assert flask_calls(app) == before
    assert answer.headers["X-Request-ID"] == "abc-123"
    lines = [record for record in caplog.records if record.name == "app.http"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.getMessage(), line.event, line.status, line.client, line.request_id) == \
        ("GET /api/standings 200", "http.request", 200, "127.0.0.1", "abc-123")
    assert line.duration_ms >= 0
