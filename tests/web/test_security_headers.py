"""Security headers, cookies and CSRF: nonce CSP, HSTS only on HTTPS, secure cookies in production."""
import re

from tests.test_production_config import SAFE

HTTPS = {"X-Forwarded-Proto": "https"}


def test_pages_carry_a_fresh_nonce_csp_that_matches_their_scripts(client):
    """FAB's login page: the CSP names a per-request nonce and every <script> carries it."""
    first, second = client.get("/login/"), client.get("/login/")
    policy = first.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert nonce != re.search(r"'nonce-([^']+)'", second.headers["Content-Security-Policy"]).group(1)
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script[^>]*>", first.get_data(as_text=True))
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert first.headers["X-Frame-Options"] == "DENY"
    assert first.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_hsts_only_when_https_reaches_the_app(app_factory):
    """HSTS appears for X-Forwarded-Proto: https from a trusted proxy, never from a client directly."""
    proxied = app_factory(TRUSTED_PROXIES=1).test_client()
    assert proxied.get("/health", headers=HTTPS).headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in proxied.get("/health").headers
    direct = app_factory().test_client()
    assert "Strict-Transport-Security" not in direct.get("/health", headers=HTTPS).headers


def test_plain_http_is_served_not_redirected(client):
    """TLS ends at the proxy, so the app never forces a redirect to https."""
    assert client.get("/health").status_code == 200


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    """In production the session cookie is Secure, HttpOnly and SameSite=Lax."""
    from app import create_app

    app = create_app(dict(SAFE, INSTANCE_PATH=str(tmp_path), LOG_DIR=str(tmp_path / "logs")))
    response = app.test_client().get("/login/")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_development_cookies_work_over_plain_http(client):
    """Outside production the cookie is HttpOnly and SameSite but not Secure, so local HTTP works."""
    cookie = next(value for value in client.get("/login/").headers.getlist("Set-Cookie")
                  if value.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_form_post_without_csrf_token_is_refused(app_factory):
    """With CSRF on, a login form post without its token is refused; with the token it signs in."""
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    form = {"username": "admin", "password": "admin-password-1"}
    refused = client.post("/login/", data=form)
    assert refused.status_code == 400 and "X-Request-ID" in refused.headers
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login/").get_data(as_text=True)).group(1)
    assert client.post("/login/", data=dict(form, csrf_token=token)).status_code == 302
