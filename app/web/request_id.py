"""Request ids: taken from X-Request-ID when sane, otherwise generated; echoed on every response."""
import re
import secrets

from flask import g, has_request_context, request

HEADER = "X-Request-ID"
_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id():
    """Return this request's id, creating it on first use (errors can be raised before any view runs)."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = request_id_for(request.headers.get(HEADER, ""))
    return g.request_id


def request_id_for(incoming):
    """The client's X-Request-ID when it is sane (short, plain characters), otherwise a new one."""
    # 32 random hex digits, as uuid4().hex gave, without building a UUID object on every request.
    return incoming if incoming and _SAFE.match(incoming) else secrets.token_hex(16)


def init_request_id(app):
    """Assign an id before each request and echo it on each response."""

    @app.before_request
    def _assign():
        current_request_id()

    @app.after_request
    def _echo(response):
        response.headers[HEADER] = current_request_id()
        return response
