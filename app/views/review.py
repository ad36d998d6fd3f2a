"""Admin actions for the team state machine: confirm, reject (with a reason form), withdraw, reopen."""
from flask import flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.forms import DynamicForm
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..services.mail.delivery import flash_delivery
from ..services.review.decisions import MAX_REASON, decide_many
from ..text import whole_numbers

REVIEW_METHODS = {"confirm_teams": "write", "reject_teams": "write", "withdraw_teams": "write",
                  "reopen_teams": "write", "reject_form": "write"}


class RejectForm(DynamicForm):
    """The reason every rejection needs; it is emailed to the captain."""

    ids = HiddenField()
    reason = TextAreaField(lazy_gettext("Reason (sent to the captain)"),
                           validators=[DataRequired(), Length(max=MAX_REASON)])


def _ids(items):
    """FAB passes one item from a show page and a list from the list page."""
    items = items if isinstance(items, list) else [items]
    return [item.id for item in items if item is not None]


class ReviewActions:
    """Mixin for Team ModelViews: every decision goes through the review service, one team at a time."""

    @action("confirm", lazy_gettext("Confirm"), lazy_gettext("Confirm the selected teams?"), "fa-check")
    def confirm_teams(self, items):
        """Confirm pending teams."""
        return self._decide(_ids(items), "confirm")

    @action("reject", lazy_gettext("Reject"), None, "fa-times")
    def reject_teams(self, items):
        """Ask for the reason, then reject."""
        return redirect(url_for(f"{self.__class__.__name__}.reject_form",
                                ids=",".join(map(str, _ids(items)))))

    @action("withdraw", lazy_gettext("Withdraw"), lazy_gettext("Withdraw the selected teams?"), "fa-sign-out")
    def withdraw_teams(self, items):
        """Withdraw pending or confirmed teams, freeing their church slots."""
        return self._decide(_ids(items), "withdraw")

    @action("reopen", lazy_gettext("Reopen"), lazy_gettext("Reopen the selected teams for review?"), "fa-undo")
    def reopen_teams(self, items):
        """Put rejected teams back in the queue, if their church still has a slot."""
        return self._decide(_ids(items), "reopen")

    @expose("/reject", methods=["GET", "POST"])
    @has_access
    def reject_form(self):
        """The reason form for one or more teams, then the rejection."""
        form = RejectForm(ids=request.args.get("ids", ""))
        if form.validate_on_submit():
            ids = _listed_ids(form.ids.data)
            return self._decide(ids, "reject", form.reason.data)
        teams = [self.datamodel.get(i) for i in _listed_ids(form.ids.data)]
        return self.render_template("review/reject.html", form=form, teams=[t for t in teams if t],
                                    cancel_url=url_for(f"{self.__class__.__name__}.list"))

    def _decide(self, ids, action_name, reason=None):
        """Apply the decision, report applied and skipped teams, and go back to the list."""
        result = decide_many(ids, action_name, reason)
        if result.applied:
            flash_delivery(_("%(action)s: %(teams)s", action=_(action_name.capitalize()),
                             teams=", ".join(result.applied)) + ".", result.applied_ids)
        for code, message in result.skipped:
            flash(_("Skipped %(team)s: %(reason)s", team=code, reason=message), "warning")
        return redirect(url_for(f"{self.__class__.__name__}.list"))


def _listed_ids(text):
    """The record ids in a comma-separated list; anything else in it is ignored."""
    return whole_numbers((text or "").split(","))
