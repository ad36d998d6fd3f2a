"""The captain's private status page: the team's status, the rejection reason, and replacement of the documents
an organiser marked as problems. Every answer, a refusal included, needs a valid token and names no other team."""
from flask import current_app, flash, get_flashed_messages, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from ..display import status_label
from ..models import LANGUAGES
from ..services.registration.validators import format_size
from ..services.review.document_verdicts import KIND_LABELS
from ..services.status.replacement import field_name, replace_documents, status_for
from ..web.errors import AppError, ValidationFailed
from ..web.public_reads import private
from . import public_bp

FLASH_CATEGORY = "status-page"
STATUS_NOTES = {
    "pending": _l("The organisers have your registration and will check its documents."),
    "confirmed": _l("Your team is in the tournament."),
    "rejected": _l("The organisers did not accept the registration as it is."),
    "withdrawn": _l("This registration was withdrawn and no longer holds a place."),
}
FORM_TEXT_ROOM = 64 * 1024  # the CSRF token and multipart headers, on top of the files


class ReplacementForm(FlaskForm):
    """Only the CSRF token: the files are read by the replacement service under the registration's rules."""

    class Meta:
        """The service reads the same field name."""

        csrf_field_name = "csrf_token"


@public_bp.get("/status/<token>")
def status_page(token):
    """The team's code, name, status and, when there are any, the documents to replace."""
    status = status_for(token)
    if status is None:
        return missing()
    with force_locale(_language(status.team)):
        return _page(token, status, ReplacementForm(), {}, None, 200)


@public_bp.post("/status/<token>")
def status_replace(token):
    """Replace problem documents, then show the page again; any refusal re-renders it with the reasons."""
    status = status_for(token)
    if status is None:
        return missing()
    with force_locale(_language(status.team)):
        limit = len(status.problems) * current_app.config["MAX_FILE_BYTES"] + FORM_TEXT_ROOM
        if (request.content_length or 0) > limit:
            # Refused before the body is read; the page says why instead of a bare 413.
            return _page(token, status, ReplacementForm(formdata=None), {},
                         _("These files are too large together. Each file may be at most %(size)s.",
                           size=_size(current_app.config["MAX_FILE_BYTES"])), 413)
        request.max_content_length = limit
        form = ReplacementForm()
        if not form.validate():
            return _page(token, status, form, {}, _("The page expired. Please choose the files again."), 400)
        try:
            outcome = replace_documents(token, request.form, request.files, current_app.config["MAX_FILE_BYTES"])
        except ValidationFailed as error:
            return _page(token, status, form, error.fields, error.message, error.status)
        except AppError as error:
            return _page(token, status_for(token) or status, form, {}, _refusal(error), error.status)
        flash(_("%(count)d document(s) replaced.", count=len(outcome.documents)), FLASH_CATEGORY)
        if outcome.requeued:
            flash(_("Your registration is back in the organisers' review queue."), FLASH_CATEGORY)
    return redirect(url_for("public.status_page", token=token), 303)


def init_status_page(app):
    """Give the status page its own per-client budgets, and let its form check its own CSRF token.

    The form re-renders an expired page with a message (CSRFProtect would answer a bare 400); the token in the
    address already keeps other sites from posting to it.
    """
    app.extensions["csrf"].exempt(status_replace)
    limiter = app.appbuilder.sm.limiter
    for endpoint, setting in (("public.status_page", "RATELIMIT_STATUS"),
                              ("public.status_replace", "RATELIMIT_STATUS_UPLOADS")):
        app.view_functions[endpoint] = limiter.limit(app.config[setting])(app.view_functions[endpoint])


def missing():
    """The one answer for a token that opens nothing: the same page whatever the token was."""
    return private(current_app.make_response((render_template("public/status_missing.html"), 404)), unlisted=True)


def _page(token, status, form, errors, message, code):
    """Render the status page with the form's errors next to their fields."""
    notices = get_flashed_messages(category_filter=[FLASH_CATEGORY])
    html = render_template("public/status.html", token=token, status=status, team=status.team, form=form,
                           errors=errors, message=message, notices=notices, field_name=field_name,
                           page_fields={field_name(document) for document in status.problems},
                           status_word=status_label(status.team.status, for_captain=True),
                           status_note=STATUS_NOTES.get(status.team.status, ""), kind_labels=KIND_LABELS,
                           max_size=_size(current_app.config["MAX_FILE_BYTES"]))
    return private(current_app.make_response((html, code)), unlisted=True)


def _language(team):
    """The language asked for (`_l_`), else the one chosen for this browser, else the captain's."""
    asked = request.args.get("_l_")
    if asked in LANGUAGES:
        return asked
    chosen = session.get("locale")
    return chosen if chosen in LANGUAGES else (team.language if team.language in LANGUAGES else "en")


def _refusal(error):
    """A service refusal in the page's language; a full church gets its own explanation."""
    if error.error_code == "CHURCH_LIMIT_REACHED":
        return _("Your church's places are now taken by other teams, so the registration cannot go back to the "
                 "review queue. Nothing was replaced. Please contact the organisers.")
    if error.error_code in ("DUPLICATE_TEAM", "DUPLICATE_CAPTAIN"):
        return _("Another registered team now has this team's name or captain's email, so the registration cannot "
                 "go back to the review queue. Nothing was replaced. Please contact the organisers.")
    if error.error_code == "UPLOAD_UNAVAILABLE":
        return _("Document upload is unavailable right now. Nothing was replaced. Please try again shortly.")
    return error.message


def _size(limit):
    """A byte limit for people, as the registration form writes it."""
    return format_size(limit)
