"""Admin view for matches: the fixture list with team names and result sentences, and the match's forms (start,
the whole result in one form, abandon)."""
from flask import flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _

from ..datamodel import Interface
from ..extensions import db
from ..models import Match
from ..security import READ_WRITE_METHODS
from ..services.matches import workflow as matches
from ..services.matches.fields import local_naive
from ..services.matches.fixtures import check_deletable, prepare_match_edit, prepare_new_match
from ..web.errors import AppError, ValidationFailed
from .base import AdminModelView
from .exports import MatchExportMixin
from .match_steps import STEPS

STEP_METHODS = tuple(f"{name}_step" for name in STEPS)
CONFIRMED_ONLY = [["status", FilterEqual, "confirmed"]]


def admin_steps(status):
    """The forms the admin offers for a match in this status, the one result form first."""
    return [name for name in matches.next_steps(status) if name in STEPS]


def _refusal_text(error):
    """FAB flashes str(exception) from pre_add/pre_update: list every failing field."""
    if isinstance(error, ValidationFailed):
        return "; ".join(f"{field}: {message}" for field, message in error.fields.items())
    return error.message


class MatchModelView(MatchExportMixin, AdminModelView):
    """Fixtures by day and status, with start, innings, finish, abandon and correct steps."""

    datamodel = Interface(Match)
    class_permission_name = "Match"
    method_permission_name = {**READ_WRITE_METHODS, **{name: "write" for name in STEP_METHODS}, "export": "read"}
    # Teams and result first: on a phone the table scrolls sideways and these stay in view.
    list_columns = ["fixture", "result_sentence", "scheduled_at", "status", "round_label", "match_number",
                    "group_name", "venue"]
    search_columns = ["scheduled_at", "status", "round_label", "round_number", "group_name", "venue", "team1", "team2"]
    add_columns = edit_columns = ["round_label", "round_number", "match_number", "group_name", "team1", "team2",
                                  "venue", "scheduled_at", "overs_limit"]
    show_columns = ["fixture", "result_sentence", "round_label", "round_number", "match_number", "group_name",
                    "venue", "scheduled_at", "status", "toss_summary", "first_innings_summary",
                    "second_innings_summary", "super_over_summary", "started_at", "ended_at", "overs_limit",
                    "scorecard_url"]
    label_columns = {"scheduled_at": _("Scheduled (local time)"), "fixture": _("Match"), "result_sentence": _("Result"),
                     "toss_summary": _("Toss"), "first_innings_summary": _("First innings"),
                     "second_innings_summary": _("Second innings"), "super_over_summary": _("Super over"),
                     "started_at": _("Started"), "ended_at": _("Ended"), "overs_limit": _("Overs per side"),
                     "scorecard_url": _("Scorecard"), "round_label": _("Round"), "match_number": _("Match number"),
                     "group_name": _("Group"), "venue": _("Venue"), "status": _("Status")}
    add_form_query_rel_fields = edit_form_query_rel_fields = {"team1": CONFIRMED_ONLY, "team2": CONFIRMED_ONLY}
    order_columns = ["round_number", "match_number", "scheduled_at", "status"]
    base_order = ("scheduled_at", "asc")
    show_template = "admin/match_show.html"
    list_template = "admin/match_list.html"
    extra_args = {"match_steps": lambda pk: admin_steps(matches.get_match(int(pk)).status), "STEPS": STEPS}

    def pre_add(self, item):
        """Apply the scheduling rules and audit the creation."""
        try:
            prepare_new_match(item)
        except AppError as error:
            raise ValueError(_refusal_text(error)) from None

    def pre_update(self, item):
        """Only scheduled matches may be edited, under the same rules."""
        try:
            prepare_match_edit(item)
        except AppError as error:
            raise ValueError(_refusal_text(error)) from None

    def pre_delete(self, item):
        """Live and completed matches are never deleted."""
        try:
            check_deletable(item)
        except AppError as error:
            raise ValueError(_refusal_text(error)) from None

    def prefill_form(self, form, pk):
        """Show the stored UTC time as the local time organisers type."""
        form.scheduled_at.data = local_naive(form.scheduled_at.data)

    def _step(self, pk, name):
        step = STEPS[name]
        match = matches.get_match(pk)
        if name not in admin_steps(match.status):
            flash(f"A {match.status} match cannot take this step.", "danger")
            return redirect(url_for(".show", pk=pk))
        errors, values = {}, {}
        if request.method == "POST":
            values = request.form.to_dict()
            try:
                step.service(pk, values)
            except ValidationFailed as error:
                db.session.rollback()
                errors = error.fields
            except AppError as error:
                db.session.rollback()
                flash(str(error.message), "danger")  # a lazy message, rendered in the page language
                return redirect(url_for(".show", pk=pk))
            else:
                flash(step.done, "success")
                return redirect(url_for(".show", pk=pk))
        return self.render_template("admin/match_step.html", match=match, step=step,
                                    sections=step.sections(match), values=values, errors=errors,
                                    title=f"{step.title}: {match.fixture}")

    @expose("/start/<int:pk>", methods=["GET", "POST"])
    @has_access
    def start_step(self, pk):
        """Record the toss and start the match."""
        return self._step(pk, "start")

    @expose("/result/<int:pk>", methods=["GET", "POST"])
    @has_access
    def result_step(self, pk):
        """Record (or correct) the whole result in one form: toss, both innings, result type, super over."""
        return self._step(pk, "result")

    @expose("/abandon/<int:pk>", methods=["GET", "POST"])
    @has_access
    def abandon_step(self, pk):
        """Call the match off."""
        return self._step(pk, "abandon")
