"""CORS for the configured origins only, also on 413 and 429; bodies over 10 MiB refused with 413 JSON."""
from tests.web.conftest import ORIGIN

PUBLIC = "/api/churches/availability"
TOO_LARGE = b"x" * (10 * 1024 * 1024 + 1)


def test_allowed_origin_gets_cors_headers_and_can_read_the_request_id(client):
    """The frontend's origin is allowed and may read X-Request-ID."""
    response = client.get(PUBLIC, headers={"Origin": ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Request-ID" in response.headers["Access-Control-Expose-Headers"]


def test_preflight_allows_the_idempotency_key_header(client):
    """A preflight for a registration with Idempotency-Key is answered for the allowed origin."""
    response = client.options("/api/register/team", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Idempotency-Key, Content-Type"})
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "idempotency-key" in response.headers["Access-Control-Allow-Headers"].lower()


def test_other_origins_get_no_cors_headers(client):
    """An origin that is not configured gets nothing a browser would accept."""
    response = client.get(PUBLIC, headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_rate_limit_refusal_carries_cors_headers(limited_app):
    """The frontend can read a 429 (made by the limiter before any view runs)."""
    client = limited_app(RATELIMIT_PUBLIC_READS="30 per minute").test_client()
    for _ in range(30):
        client.get(PUBLIC, headers={"Origin": ORIGIN})
    refused = client.get(PUBLIC, headers={"Origin": ORIGIN})
    assert refused.status_code == 429
    assert refused.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Retry-After" in refused.headers["Access-Control-Expose-Headers"]


def test_body_over_ten_mib_gets_413_json_with_cors(client):
    """A JSON body over MAX_CONTENT_LENGTH on an ordinary API route is refused as BODY_TOO_LARGE."""
    response = client.post("/api/v1/security/login", data=TOO_LARGE, content_type="application/json",
                           headers={"Origin": ORIGIN})
    body = response.get_json()
    assert response.status_code == 413 and body["error_code"] == "BODY_TOO_LARGE"
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_form_body_over_ten_mib_on_a_page_gets_a_413_page(client):
    """The same limit on a form page answers with the friendly HTML error page."""
    response = client.post("/login/", data={"username": "admin", "password": TOO_LARGE.decode()})
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)
