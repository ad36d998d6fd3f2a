"""Where requests come from: the real client behind trusted proxies, and the cross-origin callers let in."""
from flask import request
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from .request_id import HEADER as REQUEST_ID_HEADER

# Response headers the frontend's scripts may read.
EXPOSED_HEADERS = [REQUEST_ID_HEADER, "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                   "X-RateLimit-Reset", "Idempotent-Replayed"]


def init_proxies(app):
    """Wrap the WSGI app in ProxyFix when proxies are trusted, so client address and scheme are the real ones.

    With TRUSTED_PROXIES=0 the forwarded headers are ignored: a client cannot choose its rate-limit
    bucket or claim HTTPS by sending them.
    """
    count = app.config["TRUSTED_PROXIES"]
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def init_cors(app):
    """Allow CORS_ORIGINS on /api/* (Idempotency-Key accepted, X-Request-ID readable), every answer varying on Origin.

    flask-cors also wraps Flask's exception handlers, so 413s, 429s and other error responses made by
    handlers or the limiter carry the headers too; without them a browser hides the error from the app.
    """
    CORS(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
         allow_headers=["Content-Type", "Idempotency-Key", "Authorization", REQUEST_ID_HEADER],
         expose_headers=EXPOSED_HEADERS, max_age=600)

    @app.after_request
    def _vary_on_origin(response):
        # flask-cors adds Vary: Origin only for several origins; with one, the allow header still depends on
        # Origin, so a shared cache would hand one caller's answer to another.
        if request.path.startswith("/api/"):
            vary = response.headers.get("Vary")
            if not vary:  # the usual case, without parsing and rewriting the header as response.vary would
                response.headers["Vary"] = "Origin"
            else:
                response.vary.add("Origin")
        return response
