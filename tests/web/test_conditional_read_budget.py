"""A conditional read spends the public read budget like any other read: past it, a 304 becomes a 429 (JSON in the
shared shape on /api/), with the same security headers and the request id."""
from tests.web.conftest import ORIGIN

READS = ("/api/churches/availability", "/api/teams", "/schedule")


def test_304s_count_against_the_read_budget(limited_app):
    """Three reads a minute: the first 200 and two 304s pass, the next conditional read is refused with 429."""
    for path in READS:
        client = limited_app(RATELIMIT_PUBLIC_READS="3 per minute").test_client()
        first = client.get(path)
        etag = first.headers["ETag"]
        conditional = {"If-None-Match": etag, "Origin": ORIGIN, "X-Request-ID": "over-budget"}
        assert [client.get(path, headers=conditional).status_code for _ in range(2)] == [304, 304], path
        refused = client.get(path, headers=conditional)
        assert refused.status_code == 429, path
        assert int(refused.headers["Retry-After"]) >= 1
        if path.startswith("/api/"):
            assert refused.json["error_code"] == "RATE_LIMIT_EXCEEDED"
        assert refused.headers["X-Request-ID"] == "over-budget"
        assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
        assert refused.headers["X-Content-Type-Options"] == "nosniff" and refused.headers["X-Frame-Options"] == "DENY"


def test_a_304_reports_the_budget_left(limited_app):
    """Answers within the budget say how much is left, the 304s too."""
    client = limited_app(RATELIMIT_PUBLIC_READS="5 per minute").test_client()
    etag = client.get("/api/churches/availability").headers["ETag"]
    again = client.get("/api/churches/availability", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert (again.headers["X-RateLimit-Limit"], again.headers["X-RateLimit-Remaining"]) == ("5", "3")
