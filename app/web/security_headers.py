"""Security headers through Talisman: a nonce-based CSP, no framing, nosniff, referrer policy, HSTS on HTTPS."""
from flask import request
from flask_talisman import Talisman

# Scripts run only from our origin and with this request's nonce (FAB's templates print csp_nonce()
# on every <script>). Styles need 'unsafe-inline': FAB's pages, select2 and the Swagger UI set
# style attributes from script. data: images and fonts are the Swagger UI's icons.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HSTS = "max-age=31536000; includeSubDomains"


def _hsts(response):
    """HSTS only on HTTPS as the app sees it; behind a proxy that is X-Forwarded-Proto via ProxyFix."""
    # Talisman's own HSTS also trusts a raw X-Forwarded-Proto header from any client, so it is off.
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def init_security_headers(app):
    """Apply Talisman with settings that keep plain-HTTP tests working (TLS ends at the proxy)."""
    Talisman(
        app,
        force_https=False,
        strict_transport_security=False,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src"],
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=app.config["SESSION_COOKIE_HTTPONLY"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
    app.after_request(_hsts)
