"""The one place where every surface is attached to the app."""
from .api import register_apis
from .api.compat import compat_bp
from .public import public_bp
from .views import register_admin_views
from .web.errors import init_errors
from .web.health import health_bp
from .web.request_id import init_request_id


def register_surfaces(app, appbuilder):
    """Register web middleware, admin views, REST APIs and public blueprints."""
    init_request_id(app)
    init_errors(app)
    register_admin_views(appbuilder)
    register_apis(appbuilder)
    app.register_blueprint(health_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(compat_bp)
