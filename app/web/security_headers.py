"""Security headers through Talisman: a nonce-based CSP, no framing, nosniff, referrer policy, HSTS on HTTPS."""
import flask
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


class SteadyTalisman(Talisman):
    """Talisman, working out its options and the policy's text once instead of on every request.

    Talisman looks up per-view options four times a request and parses the policy dict afresh each time, which
    together were 10% of the CPU of a cached public read. No view here has options of its own (a view that does
    still gets Talisman's own handling); only the nonce changes from one request to the next.
    """

    def _get_local_options(self):
        view = flask.current_app.view_functions.get(request.endpoint)
        if hasattr(view, "talisman_view_options"):
            return super()._get_local_options()
        options = self.__dict__.get("_steady_options")
        if options is None:
            options = self._steady_options = super()._get_local_options()
        return options

    def _parse_policy(self, policy):
        """Talisman's text for `policy`, made once (with that request's nonce) and given this request's nonce."""
        nonce = getattr(request, "csp_nonce", None)
        made = self.__dict__.setdefault("_steady_policies", {})
        key = (id(policy), nonce is None)
        if key not in made or made[key][0] is not policy:
            made[key] = (policy, super()._parse_policy(policy), nonce)
        _policy, text, made_with = made[key]
        # The nonce is 64 random letters and digits: its quoted source cannot occur anywhere else in the text.
        return text if nonce is None else text.replace(f"'nonce-{made_with}'", f"'nonce-{nonce}'")


def init_security_headers(app):
    """Apply Talisman with settings that keep plain-HTTP tests working (TLS ends at the proxy)."""
    SteadyTalisman(
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
