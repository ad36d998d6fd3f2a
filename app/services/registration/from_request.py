"""Turn the current multipart request into a registration: body limits, parsing, the service call, the reply."""
from flask import request
from flask_babel import get_locale

from ...web.errors import AppError, ValidationFailed, error_body
from ..waitlist.completion import complete_offer
from .drafts.submit import register_with_draft
from .idempotency import fingerprint, store_outcome
from .register import check_open, input_limits, register_team, registration_body_limit
from .submission import RegistrationInputError, parse_registration

MAX_FORM_PARTS = 400


def allow_registration_body():
    """Raise this request's body limit to the registration allowance; every other route keeps 10 MiB."""
    request.max_content_length = registration_body_limit()
    request.max_form_parts = MAX_FORM_PARTS


def parse_current_request():
    """Validate the current request's form and files, raising ValidationFailed naming every bad field."""
    allow_registration_body()
    try:
        return parse_registration(request.form, request.files, input_limits())
    except RegistrationInputError as error:
        raise ValidationFailed(error.fields, error.error_code, error.message) from error


def register_from_request(before_commit=None):
    """Register the team in the current request; return the Team or raise an AppError."""
    check_open()  # before reading the body, so a closed registration says so whatever was sent
    return register_team(parse_current_request(), language=form_language(), before_commit=before_commit)


def register_offer_from_request(token):
    """Complete the waiting-list offer `token` from the current request; return the Team or raise an AppError."""
    check_open()
    draft_token = request.form.get("draft_token", "").strip()
    if draft_token:
        # The form's script sent the documents to a draft first, as on /register.
        allow_registration_body()
        return register_with_draft(draft_token, request.form, request.files, language=form_language(),
                                   register=lambda data, language, before_commit:
                                   complete_offer(token, data, language, before_commit))
    return complete_offer(token, parse_current_request(), form_language())


def submit_registration():
    """Register from the current request; return (status, body, headers) in the shape of DESIGN 3.1 / 3.2.

    The 201 is stored under the request's Idempotency-Key (if any) in the registration's own transaction, so a
    retry replays it even when the reply to that COMMIT was lost.
    """
    try:
        team = register_from_request(before_commit=lambda team: store_outcome(201, _registered(team)))
    except AppError as error:
        return error.status, error_body(error.error_code, error.message, error.details), error.headers
    return 201, _registered(team), {}


def _registered(team):
    """The 201 body of DESIGN 3.1."""
    return {"success": True, "team_id": team.code, "team_name": team.name,
            "message": f"Team {team.name} registered as {team.code}. A confirmation email to the captain is queued.",
            "player_count": len(team.players), "registration_status": team.status}


def request_fingerprint():
    """Fingerprint of the current request, after raising its body limit."""
    allow_registration_body()
    return fingerprint(request.form, request.files)


def form_language():
    """The captain's language for emails: the form's `language`, else the page's locale."""
    chosen = request.form.get("language") or str(get_locale() or "en")
    return chosen if chosen in {"en", "ta"} else "en"
