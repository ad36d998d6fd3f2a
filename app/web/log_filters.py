"""Log filters: request context on every line inside a request, personal data masked, secrets redacted."""
import logging
import re

from flask import g, has_request_context, request
from sqlalchemy import inspect
from sqlalchemy.exc import NoInspectionAvailable

from .request_id import current_request_id

EMAIL = re.compile(r"\b([A-Za-z0-9._%+-]{1,2})[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
# An Indian mobile: optional +91/91/0, then ten digits starting 6-9, spaces or dashes allowed between digits.
PHONE = re.compile(r"(?<![\w+])(?:\+91[\s-]?|91[\s-]?|0)?[6-9](?:[\s-]?\d){9}(?![\w])")
# A captain's status link holds its secret in the path; the logs keep the page's name, never the token.
STATUS_TOKEN = re.compile(r"(/status/)[A-Za-z0-9_-]{16,}")
SECRET_NAMES = ("password", "secret", "token", "authorization", "cookie", "api_key")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_TRACEBACKS = logging.Formatter()


def _mask_phone(match):
    """Keep the first and last two digits of the ten-digit number."""
    digits = re.sub(r"\D", "", match.group(0))[-10:]
    return f"{digits[:2]}******{digits[-2:]}"


def mask(text):
    """Mask every email address, Indian mobile number and status-link token in `text` (idempotent)."""
    return STATUS_TOKEN.sub(r"\1[token]", PHONE.sub(_mask_phone, EMAIL.sub(r"\1***@\2", text)))


def _masked(value):
    """Mask strings, and strings inside lists and dicts, leaving other values alone."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(item) for item in value]
    return value


# Marks our filters leave on a record they have done (each handler runs them, and a record goes to two), and the
# line the formatter made; none is a field of the line.
MASKED, WITH_CONTEXT, FORMATTED_LINE = "_icct_masked", "_icct_context", "_icct_line"
PRIVATE_MARKS = (MASKED, WITH_CONTEXT, FORMATTED_LINE)


class MaskingFilter(logging.Filter):
    """Masks personal data in the message, the traceback, the stack and extra fields; redacts fields named like
    secrets."""

    def filter(self, record):
        if record.__dict__.get(MASKED):
            return True
        record.msg, record.args = mask(record.getMessage()), ()
        if record.exc_info:
            # Rendered here, once, so no formatter renders the raw one: a database error's text carries the
            # values it refused (PostgreSQL's DETAIL), and FAB logs such errors with their traceback.
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        for key in set(vars(record)) - _STANDARD - set(PRIVATE_MARKS):
            if any(name in key.lower() for name in SECRET_NAMES):
                setattr(record, key, "[redacted]")
            else:
                setattr(record, key, _masked(getattr(record, key)))
        record.__dict__[MASKED] = True
        return True


def current_username():
    """The signed-in user's name if this request already loaded one, without touching the database."""
    # flask-login caches the session user on g, and flask-jwt-extended the token user; reading those
    # caches means a log line can never trigger a query (or fail because the database is down).
    if "_log_username" in g:
        return g._log_username
    user = g.get("_login_user")
    if not getattr(user, "is_authenticated", False):
        user = (g.get("_jwt_extended_jwt_user") or {}).get("loaded_user")
    if not getattr(user, "is_authenticated", False):
        return None
    # Only what is already loaded: after a failed flush the user row is expired, and reading the attribute
    # would query a session that must be rolled back first, turning a log line into a second error.
    try:
        username = inspect(user).dict.get("username")
    except NoInspectionAvailable:
        username = getattr(user, "username", None)
    if username is not None:
        g._log_username = username  # later lines of this request keep it even once the row is expired
    return username


class RequestContextFilter(logging.Filter):
    """Adds request_id, method, path and user to every line logged while a request is handled."""

    def filter(self, record):
        if record.__dict__.get(WITH_CONTEXT):
            return True
        record.__dict__[WITH_CONTEXT] = True
        if has_request_context():
            for key, value in (("request_id", current_request_id()), ("method", request.method),
                               ("path", request.path), ("user", current_username())):
                if getattr(record, key, None) is None:
                    setattr(record, key, value)
        return True
