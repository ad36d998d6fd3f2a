"""The JWT login (`POST /api/v1/security/login`) with `provider` optional, as FAB documents it."""
import functools

from flask import request
from flask_appbuilder.const import API_SECURITY_PROVIDER_DB

from ..web.limits import JWT_LOGIN_ENDPOINT


def default_login_provider(app):
    """Make a login body without `provider` mean the database provider, our only one.

    FAB's schema marks `provider` optional but its view reads it unconditionally, so a body without it was a 500.
    """
    view = app.view_functions[JWT_LOGIN_ENDPOINT]

    @functools.wraps(view)
    def login(*args, **kwargs):
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            # Flask caches the parsed body, so FAB's view reads this same dict.
            body.setdefault("provider", API_SECURITY_PROVIDER_DB)
        return view(*args, **kwargs)

    app.view_functions[JWT_LOGIN_ENDPOINT] = login
