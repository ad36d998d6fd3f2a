"""A time limit per request: outbound work checks how long is left and the request answers 504 when it is gone."""
import time

from flask import current_app, g, has_request_context

from .errors import AppError


class RequestTimedOut(AppError):
    """The request ran out of its time limit."""

    status = 504
    error_code = "REQUEST_TIMEOUT"


def init_deadline(app):
    """Start each request's clock."""

    @app.before_request
    def _start_clock():
        g.deadline = time.monotonic() + current_app.config["REQUEST_TIMEOUT"]


def deadline():
    """This request's deadline on the monotonic clock (None outside a request)."""
    if not has_request_context():
        return None
    return g.get("deadline")


def time_left():
    """Seconds left for this request (None outside a request)."""
    until = deadline()
    return None if until is None else max(0.0, until - time.monotonic())


def timed_out():
    """The error to raise when the time is up."""
    return RequestTimedOut("The request took too long. Nothing was saved; please try again.")
