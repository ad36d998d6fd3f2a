"""Refuse at the door what would reach a library as a 500: text holding NUL characters (PostgreSQL cannot store
them, and its driver's error was a 500), a REST `q` argument that is no rison, and model view requests FAB cannot
serve (admin_requests.py)."""
import prison
from flask import request

from .admin_requests import check_model_view_request
from .errors import AppError, ValidationFailed

NUL = "\x00"
MESSAGE = "Contains a NUL character, which text may not hold."
# Far beyond any real list query (columns, order, paging and a few filters), and cheap to parse.
MAX_RISON = 4096


def init_input_guard(app):
    """Check query strings, URL-encoded forms and JSON bodies before any view runs (multipart registration
    fields go through their own validators, which refuse every control character)."""

    @app.before_request
    def _refuse_nul():
        fields = {}
        sources = [request.args]
        if request.mimetype == "application/x-www-form-urlencoded":
            sources.append(request.form)
        for source in sources:
            for name, value in source.items(multi=True):
                if NUL in name or NUL in value:
                    fields[name.replace(NUL, "") or "query"] = MESSAGE
        if request.is_json:
            body = request.get_json(silent=True)
            if isinstance(body, dict):
                fields.update({key.replace(NUL, "") or "body": MESSAGE for key, value in body.items()
                               if _holds_nul(key) or _holds_nul(value)})
            elif _holds_nul(body):
                fields["body"] = MESSAGE
        if fields:
            raise ValidationFailed(fields)

    @app.before_request
    def _refuse_broken_rison():
        if request.path.startswith("/api/v1/"):
            for value in request.args.getlist("q"):
                if value:  # FAB reads an empty q as none
                    _check_rison(value)

    app.before_request(check_model_view_request)


def _check_rison(value):
    """Raise a 400 unless `value` is rison that FAB's parser can read.

    FAB catches the parser's own error (400), but `((((` makes it raise RecursionError, and `!` IndexError:
    FAB's @safe turned those into 500s.
    """
    if len(value) > MAX_RISON:
        raise AppError(f"The q argument is longer than {MAX_RISON} characters.", details={"field": "q"})
    try:
        prison.loads(value)
    except Exception:  # whatever the parser trips on, the argument is not rison
        raise AppError("The q argument is not valid rison.", details={"field": "q"}) from None


def _holds_nul(value):
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
