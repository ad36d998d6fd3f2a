"""Refuse text holding NUL characters at the door: PostgreSQL cannot store them, and its driver's error was a 500."""
from flask import request

from .errors import ValidationFailed

NUL = "\x00"
MESSAGE = "Contains a NUL character, which text may not hold."


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


def _holds_nul(value):
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
