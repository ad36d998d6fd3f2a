"""The one place where every surface is attached to the app."""
from .api import register_apis
from .api.compat import compat_bp, register_team
from .api.compat_schedule import compat_schedule_bp
from .display import init_display
from .public import public_bp
from .public.drafts import drafts_bp
from .public.status import init_status_page
from .services.directory.cache import init_read_cache
from .views import register_admin_views
from .web.admission import init_admission
from .web.api_csrf import init_api_csrf
from .web.deadline import init_deadline
from .web.errors import init_errors
from .web.fast_reads import init_fast_reads
from .web.health import health_bp
from .web.input_guard import init_input_guard
from .web.limits import init_body_limit, init_limits
from .web.logging_setup import init_logging
from .web.metrics import init_metrics
from .web.origins import init_cors, init_proxies
from .web.public_reads import init_public_reads
from .web.request_id import init_request_id
from .web.request_log import init_request_log
from .web.security_headers import init_security_headers


def register_surfaces(app, appbuilder):
    """Register web middleware, admin views, REST APIs and public blueprints."""
    # Logging first so the rest logs as JSON; FAB's limiter hooks already run before ours (init_app).
    init_logging(app)
    init_fast_reads(app)  # before ProxyFix wraps the app, so the fast path sees the real client address
    init_proxies(app)
    init_request_id(app)
    init_deadline(app)
    init_request_log(app)
    init_errors(app)
    init_limits(app)
    init_body_limit(app)
    init_input_guard(app)  # after the body limit, so an oversized body is a 413 before anything reads it
    init_api_csrf(app)  # after the body limit too: its check may read a form body
    init_security_headers(app)
    init_cors(app)
    init_metrics(app)
    init_admission(app)  # after metrics (it counts refusals); its check still runs before every other hook
    init_read_cache(app)
    init_public_reads(app)
    init_display(app)
    register_admin_views(appbuilder)
    register_apis(appbuilder)
    app.register_blueprint(health_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(drafts_bp)
    init_status_page(app)
    # The multipart API is called cross-site by the React frontend with no session, so it carries no CSRF token.
    app.extensions["csrf"].exempt(register_team)
    app.register_blueprint(compat_bp)
    app.register_blueprint(compat_schedule_bp)
