"""Registration drafts over HTTP: the captain's browser uploads each document as soon as it is chosen.

Contract (the form's script codes against exactly this):

- `POST /register/draft` (header `X-CSRFToken` = the page's csrf token; no body) -> 201
  `{"draft": {"token": T, "expires_at": ISO 8601 UTC, "files": {}}}`. T is unguessable, shown only here (the
  server keeps only its hash); the draft lives DRAFT_LIFETIME_HOURS (24 h).
- `GET /register/draft/<T>` -> 200, the same shape; `files` = `{field: {"field", "filename", "size",
  "content_type"}}`.
- `PUT /register/draft/<T>/files/<field>` (multipart, one part named `file`; header `X-CSRFToken`) -> 200
  `{"file": {"field", "filename", "size", "content_type"}}`. `field` is one of the form's file inputs:
  `pastor_letter`, `payment_receipt`, `group_photo`, `player_<i>_aadhar_file`, `player_<i>_subscription_file`
  (0 <= i < the tournament's most players). Checked as the registration checks files (type by magic bytes, size).
  A second PUT to the same field replaces the file (the old one is deleted).
- `DELETE /register/draft/<T>/files/<field>` (header `X-CSRFToken`) -> 204; the stored file is deleted.
- Errors, always JSON in the shape of DESIGN 3.2 (`success: false, error_code, message, details, request_id`),
  with nothing stored: `DRAFT_NOT_FOUND` 404 (unknown, expired or already submitted token), `VALIDATION_FAILED`
  422 (not a field of the form, or no file; `details.field` names it), `UNSUPPORTED_FILE_TYPE` 415,
  `FILE_TOO_LARGE` 413, `DRAFT_FULL` 413 (over the draft's caps on files or bytes, DRAFT_MAX_FILES /
  DRAFT_MAX_BYTES), `CSRF_FAILED` 400 (missing or expired csrf token: reload the page for a new one),
  `RATE_LIMIT_EXCEEDED` 429 (with Retry-After; RATELIMIT_DRAFTS for new drafts, RATELIMIT_DRAFT_FILES for
  uploads and removals), `UPLOAD_UNAVAILABLE` 503 (storage down: retry later). Messages are in the page's language.
- Final submit: the normal `POST /register` form post with a hidden input `draft_token` = T. Every file input
  left empty is filled from the draft; the same registration service runs, and the draft's files become the
  team's documents without being uploaded again. A refused submit keeps the draft and its files. Submitting a
  draft again (a replay) answers with the same success page and stores nothing new. An unknown or expired
  token re-renders the form with a message asking to attach the documents again.
"""
from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from ..services.registration.drafts.files import put_file, remove_file
from ..services.registration.drafts.store import create_draft, describe, find_draft
from ..services.registration.validators import file_too_large, page_message
from ..web.errors import HTTP_CODES, HTTP_MESSAGES, error_response
from ..web.public_reads import private

drafts_bp = Blueprint("drafts", __name__, url_prefix="/register/draft")
# A document's multipart body: the file plus room for its part headers.
PART_ROOM = 64 * 1024


@drafts_bp.url_value_preprocessor
def _allow_one_document(endpoint, _values):
    """An upload's body may hold one document of the largest size, whatever MAX_CONTENT_LENGTH says; the CSRF
    check reads the form, so this is set before any hook runs."""
    if endpoint == "drafts.upload":
        request.max_content_length = current_app.config["MAX_FILE_BYTES"] + PART_ROOM


# A draft's replies name its secret token and files: never cached anywhere.
drafts_bp.after_request(private)


@drafts_bp.errorhandler(CSRFError)
def _csrf_failed(_error):
    return error_response(400, "CSRF_FAILED", _("This page has expired. Please reload it and try again."))


@drafts_bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    if request.endpoint != "drafts.upload":
        return error_response(413, HTTP_CODES[413], HTTP_MESSAGES[413])
    field = (request.view_args or {}).get("field", "file")
    message = page_message(file_too_large(current_app.config["MAX_FILE_BYTES"]))
    return error_response(413, "FILE_TOO_LARGE", message, {"field": field, "fields": {field: message}})


@drafts_bp.post("")
def create():
    """Start a draft."""
    token, draft = create_draft()
    return jsonify(describe(token, draft)), 201


@drafts_bp.get("/<token>")
def show(token):
    """The draft and the files it holds."""
    return jsonify(describe(token, find_draft(token)))


@drafts_bp.put("/<token>/files/<field>")
def upload(token, field):
    """Store (or replace) the document for one file input."""
    return jsonify({"file": put_file(token, field, request.files.get("file"))})


@drafts_bp.delete("/<token>/files/<field>")
def remove(token, field):
    """Remove the document of one file input."""
    remove_file(token, field)
    return "", 204
