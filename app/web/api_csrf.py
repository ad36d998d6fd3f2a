"""A signed-in browser session writes to /api/v1 only with its CSRF token; bearer-token clients are untouched."""
from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .errors import AppError

API_PREFIX = "/api/v1/"
# The JWT login and refresh authenticate with the body or the refresh token, never with the session cookie.
SESSIONLESS_PREFIX = "/api/v1/security/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def refuse_cookie_writes_without_token():
    """Refuse an unsafe /api/v1 request that a signed-in session makes without a valid CSRF token.

    FAB exempts every /api/v1 blueprint from CSRFProtect, yet acts as the session user whenever one is signed in
    (even beside a bearer token), so a page on another site could withdraw or edit teams through the admin's
    cookie. Requests with no signed-in session are left to FAB, which asks them for a bearer token.
    """
    if (request.method in SAFE_METHODS or not request.path.startswith(API_PREFIX)
            or request.path.startswith(SESSIONLESS_PREFIX) or not current_app.config["WTF_CSRF_ENABLED"]
            or not current_user.is_authenticated):
        return
    try:
        # Flask-WTF's own check: the token from the X-CSRFToken header (or a form field), plus the referrer
        # check on HTTPS.
        current_app.extensions["csrf"].protect()
    except CSRFError:
        raise AppError("This request needs the page's CSRF token (X-CSRFToken header). REST clients sign in with "
                       "a bearer token instead.", "FORBIDDEN", 403) from None


def init_api_csrf(app):
    """Check cookie-authenticated writes to /api/v1 before any view runs."""
    app.before_request(refuse_cookie_writes_without_token)
