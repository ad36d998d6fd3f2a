"""Rate limits on FAB's own limiter (per-IP budgets for public reads and registration writes, logins, a per-user
API budget) and body limits."""
import time

from flask import current_app, request
from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request
from flask_jwt_extended.exceptions import JWTExtendedException
from flask_limiter import ApplicationLimit, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user
from jwt.exceptions import PyJWTError
from werkzeug.exceptions import RequestEntityTooLarge

from ..services.registration.from_request import allow_registration_body
from .endpoints import REGISTRATION_ENDPOINTS
from .errors import HTTP_MESSAGES, error_response
from .health import health_bp
from .metrics import metrics_bp

API_PREFIX = "/api/v1/"
JWT_LOGIN_ENDPOINT = "SecurityApi.login"
READ_METHODS = ("GET", "HEAD")
# A CORS preflight is the browser asking before the request it will send; that request is the one counted.
UNCOUNTED_METHODS = ("OPTIONS",)
DRAFTS_BLUEPRINT = "drafts"


def is_fab_route():
    """True for views registered through AppBuilder (admin pages, FAB's security views, /api/v1).

    Every other route counts as public, including routes other modules register later.
    """
    if request.blueprint is None:
        return False
    return request.blueprint in _fab_blueprints()


def _fab_blueprints():
    """The names of FAB's views' blueprints, worked out again only when views were added.

    Walking every view on each request was 8% of a cached public read's CPU (two budgets ask per request).
    """
    views = current_app.appbuilder.baseviews
    known = current_app.extensions.get("fab_blueprints")
    if known is None or known[0] != len(views):
        names = frozenset(view.blueprint.name for view in views if view.blueprint is not None)
        known = current_app.extensions["fab_blueprints"] = (len(views), names)
    return known[1]


def is_not_public_read():
    """The public read budget covers GET and HEAD on every route that is not FAB's (static files stay exempt)."""
    return request.method not in READ_METHODS or is_fab_route()


def is_not_public_write():
    """The registration budget covers every other method on those routes, CORS preflights and drafts aside."""
    return request.method in READ_METHODS + UNCOUNTED_METHODS or is_fab_route() or is_draft_route()


def is_draft_route():
    """True for the registration drafts' routes, which have budgets of their own."""
    return request.blueprint == DRAFTS_BLUEPRINT


def is_not_draft_start():
    """The draft budget covers starting a draft."""
    return not (is_draft_route() and request.method == "POST")


def is_not_draft_file_write():
    """The draft file budget covers uploading and removing a draft's documents."""
    return not (is_draft_route() and request.method in ("PUT", "DELETE"))


def is_not_api():
    """The per-user budget covers /api/v1 only."""
    return not request.path.startswith(API_PREFIX)


def user_or_ip():
    """Signed-in API use is counted per user (session or JWT); anonymous use per client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    try:
        verify_jwt_in_request(optional=True)
        identity = get_jwt_identity()
    except (JWTExtendedException, PyJWTError):
        identity = None  # a bad or expired token is anonymous here; the view refuses it with 401
    return f"user:{identity}" if identity else get_remote_address()


def _too_many_requests(error):
    """429 in the shared error shape, with Retry-After counted to the end of the breached window."""
    limit = current_app.appbuilder.sm.limiter.current_limit
    retry_after = max(1, int(limit.reset_at - time.time())) if limit else 60
    return error_response(429, "RATE_LIMIT_EXCEEDED", HTTP_MESSAGES[429], headers={"Retry-After": str(retry_after)})


def init_limits(app):
    """Add our budgets to the limiter FAB created (and configured from RATELIMIT_*) in AppBuilder.init_app."""
    limiter = app.appbuilder.sm.limiter
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    # Application limits are checked before every request, so they cover routes registered later
    # without their authors doing anything; `exempt_when` picks the requests each budget applies to.
    # Reads get a budget of their own, sized for a crowd sharing one address (venue Wi-Fi, a carrier's NAT),
    # so browsing never spends the registration budget and registering never locks a visitor out of reading.
    public_reads = ApplicationLimit(app.config["RATELIMIT_PUBLIC_READS"], scope="public-read",
                                    exempt_when=is_not_public_read).bind(limiter)
    app.extensions["public_read_limit"] = public_reads  # fast_reads counts its answers in the same budget
    limiter.limit_manager.set_application_limits([
        public_reads,
        ApplicationLimit(app.config["RATELIMIT_PUBLIC"], scope="public", exempt_when=is_not_public_write).bind(limiter),
        ApplicationLimit(app.config["RATELIMIT_API"], scope="api", key_function=user_or_ip,
                         exempt_when=is_not_api).bind(limiter),
        # A registration sends up to 33 documents one by one: they must not spend the registration budget, and
        # starting drafts (each may hold a registration's worth of files) is counted more tightly.
        ApplicationLimit(app.config["RATELIMIT_DRAFTS"], scope="drafts", exempt_when=is_not_draft_start).bind(limiter),
        ApplicationLimit(app.config["RATELIMIT_DRAFT_FILES"], scope="draft-files",
                         exempt_when=is_not_draft_file_write).bind(limiter),
    ])
    limiter.exempt(health_bp)
    limiter.exempt(metrics_bp)
    # AUTH_RATE_LIMITED covers the form login only; the JWT login gets the same limit here.
    app.view_functions[JWT_LOGIN_ENDPOINT] = limiter.limit(
        app.config["AUTH_RATE_LIMIT"], methods=["POST"])(app.view_functions[JWT_LOGIN_ENDPOINT])


def refuse_oversized_fab_body():
    """413 when the declared body exceeds MAX_CONTENT_LENGTH on a FAB route.

    FAB's REST views catch every exception, RequestEntityTooLarge included, and answer 500 "Fatal error".
    Our own routes keep Flask's lazy check instead: it raises 413 when the body is read, which lets the
    registration routes raise request.max_content_length first.
    """
    declared = request.content_length
    if not declared:  # most requests (every read) carry no body: nothing to look up
        return
    limit = request.max_content_length
    if limit is not None and declared > limit and is_fab_route():
        raise RequestEntityTooLarge()


# Routes that take a registration's files (REGISTRATION_ENDPOINTS). CSRF's check reads the form before any view
# could raise the limit, so a full roster of scans was a 413 on the forms; the allowance is set as soon as the
# route is matched.


def allow_registration_bodies(endpoint, _values):
    """Give a registration POST the registration's body allowance before any hook reads its body."""
    if endpoint in REGISTRATION_ENDPOINTS and request.method == "POST":
        allow_registration_body()


def init_body_limit(app):
    """Raise the registration routes' body limit first, then check declared body sizes on FAB routes before any
    view reads them."""
    app.url_value_preprocessor(allow_registration_bodies)  # runs before every before_request hook
    app.before_request(refuse_oversized_fab_body)
