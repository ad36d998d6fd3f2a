"""One access line per request (event "http.request") with status, duration, client and user."""
import logging
import time

from flask import g, request, request_finished, request_started

log = logging.getLogger("app.http")


def elapsed_seconds():
    """Seconds since this request reached Flask (0 when its start was not seen)."""
    started = g.get("request_started_at")
    return time.perf_counter() - started if started is not None else 0.0


def _started(sender, **_extra):
    """Note the start before any before_request hook, so refusals by the limiter are timed too."""
    g.request_started_at = time.perf_counter()


def _finished(sender, response, **_extra):
    """Log the final status after every after_request hook has run."""
    if not sender.extensions.get("request_log"):
        return
    log.info("%s %s %s", request.method, request.path, response.status_code,
             extra={"event": "http.request", "status": response.status_code,
                    "duration_ms": round(elapsed_seconds() * 1000, 1), "client": request.remote_addr})


def init_request_log(app):
    """Time every request of this app and log its access line."""
    app.extensions["request_log"] = True
    # Module-level receivers connected for any sender: blinker keeps them once per process,
    # without holding a strong reference to each test's app.
    request_started.connect(_started)
    request_finished.connect(_finished)
