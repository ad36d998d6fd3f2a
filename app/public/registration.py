"""Public registration pages: the form, the success page with the code, and church availability."""
from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..services.core.bootstrap import current_tournament
from ..services.directory import listings as directory
from ..services.mail.delivery import send_team_emails_now, state_message, team_email_state
from ..services.registration.from_request import register_from_request
from ..text import whole_number
from ..web.errors import AppError, ValidationFailed
from ..web.public_reads import cached_page
from . import public_bp
from .forms import ROLE_CHOICES, RegistrationForm

REGISTERED_CODES = "registered_codes"


@public_bp.route("/register", methods=["GET", "POST"])
def register():
    """Show the form; on POST validate everything, register, and go to the success page."""
    tournament = current_tournament()
    form = RegistrationForm()
    errors, message = {}, None
    if request.method == "POST":
        if not form.validate_on_submit():
            errors, message = {}, _("The form expired. Please submit it again.")
        else:
            try:
                team = register_from_request()
            except ValidationFailed as error:
                errors, message = error.fields, _("Please correct the highlighted fields.")
            except AppError as error:
                errors = {error.details.get("field", "form"): error.message}
                message = error.message
            else:
                session[REGISTERED_CODES] = (session.get(REGISTERED_CODES, []) + [team.code])[-10:]
                send_team_emails_now([team.id])  # so the next page can say "sent" when it really was
                return redirect(url_for("public.registered", code=team.code), 303)
    rows = player_rows(tournament)
    status = 422 if errors or message else 200
    return render_template("public/register.html", form=form, tournament=tournament, errors=errors,
                           message=message, rows=rows, values=request.form, role_choices=ROLE_CHOICES,
                           churches=directory.church_availability()["churches"],
                           registration_open=tournament.registration_open()), status


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


def player_rows(tournament):
    """How many player rows to show: those submitted (kept on error) or the minimum."""
    indexes = (whole_number(key.split("_")[1]) for key in request.form if key.startswith("player_"))
    submitted = {index for index in indexes if index is not None}
    count = max(tournament.min_players, (max(submitted) + 1) if submitted else 0)
    return list(range(min(count, tournament.max_players)))
