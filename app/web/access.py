"""Permission checks for our own blueprints, honouring a browser session or a JWT bearer token alike."""
from flask import current_app
from flask_jwt_extended import verify_jwt_in_request
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt.exceptions import PyJWTError


def may(permission, resource):
    """True when the signed-in user (session or valid JWT) holds `permission` on `resource`."""
    try:
        verify_jwt_in_request(optional=True)
    except (JWTExtendedException, PyJWTError):
        pass  # a bad or expired token is simply not a signed-in user here
    return current_app.appbuilder.sm.has_access(permission, resource)
