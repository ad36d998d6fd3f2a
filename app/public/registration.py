"""Public registration pages: the form, the success page with the code, and church availability."""
from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..services.core.bootstrap import current_tournament
from ..services.directory import listings as directory
from ..services.registration.from_request import register_from_request
from ..services.waitlist.offers import OfferUnavailable
from ..text import whole_number
from ..web.errors import AppError, ValidationFailed
from ..web.public_reads import cached_page
from . import public_bp
from .forms import ROLE_CHOICES, RegistrationForm

REGISTERED_CODES = "registered_codes"


@public_bp.route("/register", methods=["GET", "POST"])
def register():
    """Show the form; on POST validate everything, register, and go to the success page. A full church's refusal
    offers its waiting list."""
    form = RegistrationForm()
    errors, message, waitlist = {}, None, None
    if request.method == "POST":
        team, errors, message, waitlist = submit_form(form, register_from_request)
        if team:
            return registered_redirect(team)
    return render_form(form, errors, message, request.form, waitlist=waitlist)


def submit_form(form, register_now):
    """Check CSRF and run `register_now()`; return (team, errors, message, waiting-list join values)."""
    if not form.validate_on_submit():
        return None, {}, _("The form expired. Please submit it again."), None
    try:
        return register_now(), {}, None, None
    except ValidationFailed as error:
        return None, error.fields, _("Please correct the highlighted fields."), None
    except OfferUnavailable:
        raise  # the offer page answers it with a page of its own
    except AppError as error:
        if error.error_code == "CHURCH_LIMIT_REACHED":
            text = church_full_message(error.details)
            return None, {"church_name": text}, text, waitlist_values(error.details.get("church"))
        return None, {error.details.get("field", "form"): error.message}, error.message, None


def church_full_message(details):
    """The full church's refusal in the page's language."""
    church = details.get("church") or request.form.get("church_name", "")
    if details.get("held"):
        return _("%(church)s has no free slot: a freed slot is being offered to its waiting list.", church=church)
    return _("%(church)s already has the most teams allowed (%(limit)s).", church=church, limit=details.get("limit"))


def waitlist_values(church):
    """The waiting-list join form's fields, filled from the refused registration."""
    if not church:
        return None
    return {"church_name": church, **{name: request.form.get(name, "") for name in
                                      ("team_name", "captain_name", "captain_email", "captain_phone")}}


def registered_redirect(team):
    """Remember the code for this browser and show the success page."""
    session[REGISTERED_CODES] = (session.get(REGISTERED_CODES, []) + [team.code])[-10:]
    return redirect(url_for("public.registered", code=team.code), 303)


def render_form(form, errors, message, values, waitlist=None, offer=None):
    """The registration page: 422 when it shows a refusal."""
    tournament = current_tournament()
    status = 422 if errors or message else 200
    return render_template("public/register.html", form=form, tournament=tournament, errors=errors,
                           message=message, rows=player_rows(tournament), values=values, role_choices=ROLE_CHOICES,
                           churches=directory.church_availability()["churches"], waitlist=waitlist, offer=offer,
                           registration_open=tournament.registration_open()), status


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


def player_rows(tournament):
    """How many player rows to show: those submitted (kept on error) or the minimum."""
    indexes = (whole_number(key.split("_")[1]) for key in request.form if key.startswith("player_"))
    submitted = {index for index in indexes if index is not None}
    count = max(tournament.min_players, (max(submitted) + 1) if submitted else 0)
    return list(range(min(count, tournament.max_players)))
