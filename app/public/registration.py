"""Public registration pages: the form, the success page with the code, and church availability."""
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from ..services.core.bootstrap import current_tournament
from ..services.directory import listings as directory
from ..services.mail.delivery import send_team_emails_now, state_message, team_email_state
from ..services.registration.drafts.store import DraftNotFound
from ..services.registration.drafts.submit import register_with_draft
from ..services.registration.from_request import allow_registration_body, form_language, register_from_request
from ..services.registration.register import registration_body_limit
from ..services.waitlist.offers import OfferUnavailable
from ..text import whole_number
from ..web.admission import ServerBusy
from ..web.errors import HTTP_CODES, HTTP_MESSAGES, AppError, ValidationFailed, error_response
from ..web.public_reads import cached_page
from ..web.refused_body import text_fields
from . import public_bp
from .forms import ROLE_CHOICES, RegistrationForm

REGISTERED_CODES = "registered_codes"


@public_bp.route("/register", methods=["GET", "POST"])
def register():
    """Show the form; on POST validate everything, register, and go to the success page. A full church's refusal
    offers its waiting list.

    With a `draft_token` (the form's script uploaded the documents to a draft), every file input left empty is
    taken from that draft; see app/public/drafts.py.
    """
    form = RegistrationForm()
    errors, message, waitlist = {}, None, None
    if request.method == "POST":
        team, errors, message, waitlist = submit_form(form, _register)
        if team:
            return registered_redirect(team)
    return render_form(form, errors, message, request.form, waitlist=waitlist)


def _register():
    """Register from the posted form, with its draft's documents when it names one."""
    token = request.form.get("draft_token", "").strip()
    if not token:
        return register_from_request()
    allow_registration_body()
    return register_with_draft(token, request.form, request.files, language=form_language())


def submit_form(form, register_now):
    """Check CSRF and run `register_now()`; return (team, errors, message, waiting-list join values)."""
    if not form.validate_on_submit():
        return None, {}, _("The form expired. Please submit it again."), None
    try:
        return register_now(), {}, None, None
    except DraftNotFound as error:
        return None, {"form": error.message}, _("Please correct the highlighted fields."), None
    except ValidationFailed as error:
        return None, error.fields, _("Please correct the highlighted fields."), None
    except (OfferUnavailable, ServerBusy):
        raise  # answered with pages of their own (the offer page; the form again, as typed, with a 503)
    except AppError as error:  # the service's own words (a full church's included), beside the field it names
        full = error.error_code == "CHURCH_LIMIT_REACHED"
        waitlist = waitlist_values(error.details.get("church")) if full else None
        return None, {error.details.get("field", "form"): error.message}, error.message, waitlist


def waitlist_values(church):
    """The waiting-list join form's fields, filled from the refused registration."""
    if not church:
        return None
    return {"church_name": church, **{name: request.form.get(name, "") for name in
                                      ("team_name", "captain_name", "captain_email", "captain_phone")}}


def registered_redirect(team):
    """Remember the code for this browser and show the success page."""
    session[REGISTERED_CODES] = (session.get(REGISTERED_CODES, []) + [team.code])[-10:]
    send_team_emails_now([team.id])  # so the next page can say "sent" when it really was
    return redirect(url_for("public.registered", code=team.code), 303)


def render_form(form, errors, message, values, waitlist=None, offer=None, status=None):
    """The registration page with its messages and the values typed so far: 422 when it shows a refusal."""
    tournament = current_tournament()
    return render_template("public/register.html", form=form, tournament=tournament, errors=errors,
                           message=message, rows=player_rows(tournament, values), values=values,
                           role_choices=ROLE_CHOICES, churches=directory.church_availability()["churches"],
                           waitlist=waitlist, offer=offer, registration_open=tournament.registration_open()), \
        status or (422 if errors or message else 200)


@public_bp.errorhandler(ServerBusy)
def _busy(busy):
    """Too many registrations at once: the form again, as typed, saying when to send it (503 with Retry-After)."""
    if request.endpoint != "public.register":
        return error_response(busy.status, busy.error_code, busy.message, busy.details, busy.headers)
    page, status = render_form(RegistrationForm(formdata=None), {}, busy.message, request.form, status=503)
    return page, status, busy.headers


@public_bp.errorhandler(CSRFError)
def _form_expired(error):
    """A registration posted with a missing or expired CSRF token: the form again, as typed, with a new token."""
    if request.endpoint != "public.register":
        return error_response(400, HTTP_CODES[400], HTTP_MESSAGES[400])
    return render_form(RegistrationForm(formdata=None), {}, _("The form expired. Please submit it again."),
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
    return render_form(RegistrationForm(formdata=None), {"form": message}, message, values, status=413)


@public_bp.get("/register/done/<code>")
def registered(code):
    """The success page; only the browser that registered the team sees it."""
    if code not in session.get(REGISTERED_CODES, []):
        abort(404)
    team = directory.find_team(code)
    if team is None:
        abort(404)
    return render_template("public/registered.html", team=team,
                           email_message=state_message(team_email_state([team.id])))


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


def player_rows(tournament, values=None):
    """How many player rows to show: those submitted (`values`, else the posted form; kept on error) or the
    minimum."""
    values = request.form if values is None else values
    indexes = (whole_number(key.split("_")[1]) for key in values if key.startswith("player_"))
    submitted = {index for index in indexes if index is not None}
    count = max(tournament.min_players, (max(submitted) + 1) if submitted else 0)
    return list(range(min(count, tournament.max_players)))
