"""Public waiting-list pages: joining a full church's list, and completing a registration through an offer's link."""
from flask import after_this_request, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from ..display import local_time
from ..services.registration.from_request import register_offer_from_request
from ..services.waitlist import entries
from ..services.waitlist.completion import offer_values
from ..services.waitlist.offers import OfferUnavailable, open_offer
from ..web.errors import AppError, ValidationFailed
from ..web.public_reads import private
from . import public_bp
from .forms import RegistrationForm
from .registration import registered_redirect, render_form, submit_form

JOIN_FIELDS = ("church_name", "team_name", "captain_name", "captain_email", "captain_phone")


class WaitlistForm(FlaskForm):
    """Only the CSRF check: the waiting-list service reads and checks the fields."""

    class Meta:
        """The fields keep their contract names."""

        csrf_field_name = "csrf_token"


@public_bp.route("/register/waitlist", methods=["GET", "POST"])
def join_waitlist():
    """Join a full church's waiting list (church, team name, captain's name, email and phone, language)."""
    form = WaitlistForm()
    values = request.form if request.method == "POST" else {"church_name": request.args.get("church", "")}
    errors, message = {}, None
    if request.method == "POST":
        if not form.validate_on_submit():
            message = _("The form expired. Please submit it again.")
        else:
            try:
                entry, place = entries.join(entries.parse_join(request.form))
            except ValidationFailed as error:
                errors, message = error.fields, _("Please correct the highlighted fields.")
            except AppError as error:  # the service's own words, shown beside the field it names
                message = error.message
                if "field" in error.details:
                    errors = {error.details["field"]: message}
            else:
                return render_template("public/waitlist_joined.html", entry=entry, place=place)
    status = 422 if errors or message else 200
    return render_template("public/waitlist.html", form=form, values=values, errors=errors,
                           message=message), status


@public_bp.route("/register/offer/<token>", methods=["GET", "POST"])
def waitlist_offer(token):
    """The registration form, filled from the waiting-list entry whose offer this private link opens."""
    after_this_request(private)  # the offer's page shows the captain's contacts under a private link
    try:
        entry = open_offer(token)
        offer = {"church": entry.church.name, "expires": local_time(entry.offer_expires_at)}
        form = RegistrationForm()
        if request.method == "GET":
            return render_form(form, {}, None, offer_values(entry), offer=offer)
        team, errors, message, _waitlist = submit_form(form, lambda: register_offer_from_request(token))
    except OfferUnavailable as error:
        return render_template("public/offer_unavailable.html", reason=error.reason), error.status
    if team:
        return registered_redirect(team)
    return render_form(form, errors, message, request.form, offer=offer)
