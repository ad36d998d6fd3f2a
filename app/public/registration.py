"""Public registration pages: the form, the success page with the code, and church availability."""
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from ..services.core.bootstrap import current_tournament
from ..services.directory import listings as directory
from ..services.registration.drafts.store import DraftNotFound
from ..services.registration.drafts.submit import register_with_draft
from ..services.registration.from_request import allow_registration_body, form_language, register_from_request
from ..services.registration.register import registration_body_limit
from ..text import whole_number
from ..web.errors import HTTP_CODES, HTTP_MESSAGES, AppError, ValidationFailed, error_response
from ..web.public_reads import cached_page
from ..web.refused_body import text_fields
from . import public_bp
from .forms import ROLE_CHOICES, RegistrationForm

REGISTERED_CODES = "registered_codes"


@public_bp.route("/register", methods=["GET", "POST"])
def register():
    """Show the form; on POST validate everything, register, and go to the success page.

    With a `draft_token` (the form's script uploaded the documents to a draft), every file input left empty is
    taken from that draft; see app/public/drafts.py.
    """
    form = RegistrationForm()
    errors, message = {}, None
    if request.method == "POST":
        if not form.validate_on_submit():
            errors, message = {}, _("The form expired. Please submit it again.")
        else:
            try:
                team = _register()
            except DraftNotFound as error:
                errors, message = {"form": error.message}, _("Please correct the highlighted fields.")
            except ValidationFailed as error:
                errors, message = error.fields, _("Please correct the highlighted fields.")
            except AppError as error:
                errors = {error.details.get("field", "form"): error.message}
                message = error.message
            else:
                session[REGISTERED_CODES] = (session.get(REGISTERED_CODES, []) + [team.code])[-10:]
                return redirect(url_for("public.registered", code=team.code), 303)
    return _form_page(form, errors, message, request.form)


def _register():
    """Register from the posted form, with its draft's documents when it names one."""
    token = request.form.get("draft_token", "").strip()
    if not token:
        return register_from_request()
    allow_registration_body()
    return register_with_draft(token, request.form, request.files, language=form_language())


def _form_page(form, errors, message, values, status=None):
    """The form page with its messages and the values typed so far."""
    tournament = current_tournament()
    return render_template("public/register.html", form=form, tournament=tournament, errors=errors,
                           message=message, rows=player_rows(tournament, values), values=values,
                           role_choices=ROLE_CHOICES, churches=directory.church_availability()["churches"],
                           registration_open=tournament.registration_open()), \
        status or (422 if errors or message else 200)


@public_bp.errorhandler(CSRFError)
def _form_expired(error):
    """A registration posted with a missing or expired CSRF token: the form again, as typed, with a new token."""
    if request.endpoint != "public.register":
        return error_response(400, HTTP_CODES[400], HTTP_MESSAGES[400])
    return _form_page(RegistrationForm(formdata=None), {}, _("The form expired. Please submit it again."),
                      request.form)


@public_bp.errorhandler(RequestEntityTooLarge)
def _form_too_large(error):
    """A registration body over the allowance: the form again with what was typed (its files cannot be kept)."""
    if request.endpoint != "public.register":
        return error_response(413, HTTP_CODES[413], HTTP_MESSAGES[413])
    limit = registration_body_limit() // (1024 * 1024)
    message = _("The documents together are larger than a registration may send (%(limit)s MiB). Make the "
                "largest files smaller, attach them again and submit.", limit=limit)
    values = text_fields(current_app.config["WAITRESS_MAX_BODY"])
    return _form_page(RegistrationForm(formdata=None), {"form": message}, message, values, status=413)


@public_bp.get("/register/done/<code>")
def registered(code):
    """The success page; only the browser that registered the team sees it."""
    if code not in session.get(REGISTERED_CODES, []):
        abort(404)
    team = directory.find_team(code)
    if team is None:
        abort(404)
    return render_template("public/registered.html", team=team)


@public_bp.get("/churches")
def churches():
    """Every church with its slots used and left."""
    return cached_page("churches", lambda: render_template("public/churches.html",
                                                           availability=directory.church_availability()))


@public_bp.get("/teams")
def teams():
    """Confirmed teams and their players."""
    return cached_page("teams", lambda: render_template(
        "public/teams.html", teams=directory.team_page(("confirmed",), page=1, page_size=500)[0]))


def player_rows(tournament, values):
    """How many player rows to show: those submitted (kept on error) or the minimum."""
    indexes = (whole_number(key.split("_")[1]) for key in values if key.startswith("player_"))
    submitted = {index for index in indexes if index is not None}
    count = max(tournament.min_players, (max(submitted) + 1) if submitted else 0)
    return list(range(min(count, tournament.max_players)))
