"""Rate limits: per-address budgets for public reads and registration writes, 5/minute on both logins, a per-user
API budget. These tests shrink the read budget to 30 a minute (tests/web/test_public_read_budget.py has the sizes)."""
import requests

from tests.support.live_server import LiveServer

PUBLIC = "/api/churches/availability"
READS_30 = {"RATELIMIT_PUBLIC_READS": "30 per minute"}


def exhaust(client, path=PUBLIC, times=30, **kwargs):
    """Send `times` requests that must all pass."""
    for _ in range(times):
        response = client.get(path, **kwargs)
        assert response.status_code != 429, f"limited early on {path}"


def test_31st_public_read_gets_429_json_while_static_files_load(limited_app, log_lines):
    """The read budget is shared by every public page and JSON read; its breach is JSON on /api/ with Retry-After."""
    app = limited_app(**READS_30)
    client = app.test_client()
    exhaust(client, "/", times=15)
    exhaust(client, PUBLIC, times=15)
    response = client.get(PUBLIC)
    body = response.get_json()
    assert response.status_code == 429 and body["error_code"] == "RATE_LIMIT_EXCEEDED"
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert (response.headers["X-RateLimit-Limit"], response.headers["X-RateLimit-Remaining"]) == ("30", "0")
    logged = [line for line in log_lines(app) if line.get("request_id") == body["request_id"]]
    assert logged and logged[-1]["status"] == 429
    page = client.get("/")
    assert page.status_code == 429 and page.mimetype == "text/html" and "Retry-After" in page.headers
    assert client.get("/static/site.css").status_code == 200
    assert client.get("/static/appbuilder/css/ab.css").status_code == 200
    assert client.get("/health").status_code == 200 and client.get("/health/ready").status_code == 200


def test_public_budget_does_not_touch_admin_or_api_v1(limited_app, login):
    """With the public read budget spent, signed-in admin pages still answer."""
    app = limited_app(**READS_30)
    client = app.test_client()
    exhaust(client)
    client.post("/login/", data={"username": "admin", "password": "admin-password-1"})
    assert client.get("/churchmodelview/list/").status_code == 200


def test_jwt_login_allows_five_attempts_a_minute(limited_app):
    """The sixth JWT login attempt from one address is refused with 429 JSON."""
    client = limited_app().test_client()
    body = {"username": "admin", "password": "wrong-password", "provider": "db"}
    statuses = [client.post("/api/v1/security/login", json=body).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    refused = client.post("/api/v1/security/login", json=body)
    assert refused.get_json()["error_code"] == "RATE_LIMIT_EXCEEDED" and "Retry-After" in refused.headers


def test_form_login_allows_five_attempts_a_minute(limited_app):
    """The sixth form login attempt is refused too (FAB's AUTH_RATE_LIMITED)."""
    client = limited_app().test_client()
    form = {"username": "admin", "password": "wrong-password"}
    statuses = [client.post("/login/", data=form).status_code for _ in range(6)]
    assert statuses[-1] == 429 and 429 not in statuses[:5]


def test_api_budget_is_per_user(limited_app, make_user, jwt_token):
    """Signed-in /api/v1 use is counted per user: one user's breach leaves another's budget alone."""
    app = limited_app(RATELIMIT_API="3 per minute")
    client = app.test_client()
    make_user("Viewer", "viewer-one")
    make_user("Viewer", "viewer-two")
    first, second = jwt_token(client, "viewer-one", "user-password-1"), jwt_token(client, "viewer-two",
                                                                                 "user-password-1")
    first_statuses = [client.get("/api/v1/church/", headers={"Authorization": f"Bearer {first}"}).status_code
                      for _ in range(4)]
    assert first_statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/church/", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_forwarded_address_counts_only_behind_a_trusted_proxy(limited_app):
    """Behind TRUSTED_PROXIES=1 each X-Forwarded-For client has its own budget; without, the header is ignored."""
    proxied = limited_app(TRUSTED_PROXIES=1, **READS_30).test_client()
    exhaust(proxied, headers={"X-Forwarded-For": "203.0.113.1"})
    assert proxied.get(PUBLIC, headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 429
    assert proxied.get(PUBLIC, headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 200
    direct = limited_app(RATELIMIT_KEY_PREFIX="direct", **READS_30).test_client()
    exhaust(direct, headers={"X-Forwarded-For": "203.0.113.1"})
    assert direct.get(PUBLIC, headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 429


def test_two_app_processes_share_one_budget_on_redis(limited_app, redis_prefix):
    """Two servers on the same Redis count one address together: 16 + 14 pass, the 31st is refused."""
    settings = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/5", "RATELIMIT_KEY_PREFIX": redis_prefix, **READS_30}
    with LiveServer(limited_app(**settings)) as one, LiveServer(limited_app(**settings)) as two:
        statuses = [requests.get(one.url + PUBLIC, timeout=10).status_code for _ in range(16)]
        statuses += [requests.get(two.url + PUBLIC, timeout=10).status_code for _ in range(14)]
        assert statuses == [200] * 30
        refused = requests.get(one.url + PUBLIC, timeout=10)
        assert refused.status_code == 429 and refused.json()["error_code"] == "RATE_LIMIT_EXCEEDED"
        assert requests.get(two.url + PUBLIC, timeout=10).status_code == 429


def test_unreachable_redis_fails_open_to_memory(limited_app, closed_port):
    """With Redis down, requests still pass (limited per process in memory) and readiness says so."""
    app = limited_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port}/0", **READS_30)
    client = app.test_client()
    exhaust(client)
    assert client.get(PUBLIC).status_code == 429
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.get_json()["status"] == "degraded"
    assert ready.get_json()["checks"] == {"database": "ok", "storage": "ok", "mail": "not configured",
                                          "rate_limit_storage": "unavailable"}


def test_readiness_reports_reachable_limiter_storage(limited_app, redis_prefix):
    """/health/ready checks the limiter's Redis alongside the database."""
    app = limited_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/5", RATELIMIT_KEY_PREFIX=redis_prefix)
    ready = app.test_client().get("/health/ready")
    assert ready.status_code == 200
    assert ready.get_json()["status"] == "ok"
    assert ready.get_json()["checks"] == {"database": "ok", "storage": "ok", "mail": "not configured",
                                          "rate_limit_storage": "ok"}
