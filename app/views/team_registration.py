"""The admin page where an organiser registers a team on a captain's behalf, under the captain's rules."""
from flask import redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _

from ..public.forms import ROLE_CHOICES
from ..public.registration import player_rows
from ..services.core.bootstrap import current_tournament
from ..services.mail.delivery import flash_delivery
from ..services.registration.from_request import register_from_request
from ..web.errors import AppError, ValidationFailed


class TeamRegistrationView(BaseView):
    """The public registration, submitted by an organiser: same window, limits, documents and counter code;
    the audit log names the organiser and the captain is emailed as usual."""

    route_base = "/teams/register"
    class_permission_name = "Team"
    method_permission_name = {"register": "write"}
    default_view = "register"

    @expose("/", methods=["GET", "POST"])
    @has_access
    def register(self):
        """Show the form; on POST register through the registration service and open the new team."""
        errors, message = {}, None
        if request.method == "POST":
            try:
                team = register_from_request()  # the audit names the signed-in organiser
            except ValidationFailed as error:
                errors, message = error.fields, _("Please correct the highlighted fields.")
            except AppError as error:
                errors, message = {error.details.get("field", "form"): error.message}, error.message
            else:
                flash_delivery(_("%(code)s registered.", code=team.code), [team.id])
                return redirect(url_for("TeamModelView.show", pk=team.id), 303)
        tournament = current_tournament()
        page = self.render_template("review/register_team.html", tournament=tournament, errors=errors,
                                    message=message, rows=player_rows(tournament), values=request.form,
                                    role_choices=ROLE_CHOICES, registration_open=tournament.registration_open())
        return page, 422 if message else 200

