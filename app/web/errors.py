"""One error shape for every JSON response, friendly pages for HTML, never exception text on a 5xx."""
import logging

from flask import jsonify, make_response, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ..lazy_text import in_english
from .request_id import current_request_id

log = logging.getLogger("app.errors")

HTTP_CODES = {
    400: "VALIDATION_FAILED", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT", 413: "BODY_TOO_LARGE", 415: "UNSUPPORTED_FILE_TYPE", 422: "VALIDATION_FAILED",
    429: "RATE_LIMIT_EXCEEDED", 503: "DATABASE_UNAVAILABLE", 504: "REQUEST_TIMEOUT",
}
HTTP_MESSAGES = {
    400: "The request could not be understood.", 401: "Sign in to do this.",
    403: "You do not have permission to do this.", 404: "Nothing was found at this address.",
    405: "This method is not allowed here.", 409: "This conflicts with data that already exists.",
    413: "The request body is too large.", 429: "Too many requests. Please wait and try again.",
    500: "Something went wrong on our side.", 503: "The service is briefly unavailable. Please try again.",
    504: "The request took too long.",
}


# The registration drafts' routes answer the form's script, never a person: always JSON.
DRAFTS_PATH = "/register/draft"


class AppError(Exception):
    """A refusal that carries its HTTP status, error code, message and details."""

    status = 400
    error_code = "VALIDATION_FAILED"

    def __init__(self, message, error_code=None, status=None, details=None, headers=None):
        super().__init__(message)
        self.message = message
        self.error_code = error_code or self.error_code
        self.status = status or self.status
        self.details = details or {}
        self.headers = headers or {}  # e.g. a Retry-After the answer must carry


class ValidationFailed(AppError):
    """Input failed validation; `details.fields` names every failing field."""

    status = 422

    def __init__(self, fields, error_code="VALIDATION_FAILED", message=None):
        first = next(iter(fields))
        status = {"UNSUPPORTED_FILE_TYPE": 415, "FILE_TOO_LARGE": 413}.get(error_code, 422)
        text = message or (fields[first] if len(fields) == 1 else
                           f"{len(fields)} fields need attention: {', '.join(fields)}")
        super().__init__(text, error_code, status, {"field": first, "fields": dict(fields)})
        self.fields = dict(fields)


class NotFound(AppError):
    """The named thing does not exist."""

    status = 404
    error_code = "NOT_FOUND"


class Conflict(AppError):
    """The change clashes with existing data or the current state."""

    status = 409
    error_code = "CONFLICT"


def wants_json():
    """True for API paths and clients that ask for JSON rather than a page."""
    if request.path.startswith(("/api/", "/health", DRAFTS_PATH)) or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_body(error_code, message, details=None):
    """Return the JSON error document of DESIGN 3.2, its messages in English whatever the page language.

    Services raise lazy messages so a page shows them in the captain's language; JSON clients (the React
    frontend, /api/v1) read codes and English messages, so every lazy message is rendered here under 'en'.
    """
    return {"success": False, "error_code": error_code, "message": in_english(message),
            "details": in_english(details or {}), "request_id": current_request_id()}


def error_response(status, error_code, message, details=None, headers=None):
    """Render an error as JSON or as a friendly page, whichever the client expects."""
    if wants_json():
        response = jsonify(error_body(error_code, message, details))
    else:
        response = make_response(render_template("errors/error.html", status=status, message=message,
                                                 request_id=current_request_id()))
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def init_errors(app):
    """Register the handlers once for the whole app."""

    @app.errorhandler(AppError)
    def _app_error(error):
        return error_response(error.status, error.error_code, error.message, error.details, error.headers)

    @app.errorhandler(HTTPException)
    def _http_error(error):
        status = error.code or 500
        headers = {k: v for k, v in error.get_headers() if k.lower() in {"retry-after", "allow"}}
        if status == 429:
            headers.setdefault("Retry-After", "60")
        message = HTTP_MESSAGES.get(status, error.description or "Request failed.")
        return error_response(status, HTTP_CODES.get(status, "INTERNAL_SERVER_ERROR"), message, headers=headers)

    app.after_request(normalise_json_error)

    @app.errorhandler(OperationalError)
    def _database_unavailable(error):
        # Lost or refused connections (and a busy SQLite) are the database being away, not a bug: 503, retry.
        log.warning("database unavailable", extra={"event": "db.unavailable"}, exc_info=error)
        return error_response(503, "DATABASE_UNAVAILABLE", HTTP_MESSAGES[503], headers={"Retry-After": "5"})

    @app.errorhandler(Exception)
    def _unexpected(error):
        log.exception("unhandled error", extra={"event": "request.failed"})
        return error_response(500, "INTERNAL_SERVER_ERROR", HTTP_MESSAGES[500])


def normalise_json_error(response):
    """Rewrite FAB's own `{"message": ...}` refusals on JSON paths into the shared error shape."""
    if response.status_code < 400 or not response.is_json or not request.path.startswith("/api/"):
        return response
    body = response.get_json(silent=True)
    if not isinstance(body, dict) or "success" in body:
        return response
    status = response.status_code
    message = body.get("message") or body.get("msg")
    details = {}
    if isinstance(message, dict):
        details = {"fields": {k: " ".join(map(str, v)) if isinstance(v, list) else str(v)
                              for k, v in message.items()}}
        details["field"] = next(iter(details["fields"]), None)
        message = "Some fields need attention."
    elif status >= 500 or not isinstance(message, str) or "exception" in message.lower():
        # FAB puts database exception text in some refusals; never show it to a client.
        message = HTTP_MESSAGES.get(status, HTTP_MESSAGES[500])
    code = HTTP_CODES.get(status, "INTERNAL_SERVER_ERROR")
    if status == 422 and "Database exception" in str(body.get("message")):
        status, code, message = 409, "CONFLICT", HTTP_MESSAGES[409]
    new = jsonify(error_body(code, message, details))
    new.status_code = status
    for name, value in response.headers.items():
        if name.lower() not in {"content-type", "content-length"}:
            new.headers[name] = value
    return new


def init_jwt_errors(jwt_manager):
    """Answer every refused bearer token with 401 UNAUTHORIZED in the shared shape and an RFC 6750 challenge.

    flask_jwt_extended's defaults answered a malformed or forged token 422 ("Not enough segments"); a token that
    is expired, of the wrong kind, or retired by a password change is just as unusable a credential.
    """

    def missing(_reason):
        return error_response(401, "UNAUTHORIZED", HTTP_MESSAGES[401], headers={"WWW-Authenticate": "Bearer"})

    def refused(message):
        def answer(*_args):
            return error_response(401, "UNAUTHORIZED", message,
                                  headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return answer

    jwt_manager.unauthorized_loader(missing)
    jwt_manager.expired_token_loader(refused("The token has expired. Please sign in again."))
    for register in (jwt_manager.invalid_token_loader, jwt_manager.revoked_token_loader,
                     jwt_manager.user_lookup_error_loader, jwt_manager.token_verification_failed_loader):
        register(refused("The token is not valid. Please sign in again."))
