"""The organiser's review page per team: every document beside its owner, verdicts, decisions, then the next team."""
from flask import abort, flash, jsonify, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import func, select

from ..extensions import db
from ..models import Document, Team
from ..services.mail.delivery import flash_delivery
from ..services.review.decisions import allowed_actions, decide
from ..services.review.document_verdicts import KIND_LABELS, problem_documents, rejection_reason, set_verdict
from ..services.review.review_page import next_in_queue, review_sheet
from ..web.errors import AppError, NotFound, ValidationFailed, wants_json
from .review import RejectForm

DECIDED = {"confirm": lazy_gettext("confirmed"), "withdraw": lazy_gettext("withdrawn"),
           "reopen": lazy_gettext("back in the queue"), "reject": lazy_gettext("rejected")}


def verdict_label(document):
    """The verdict as the page shows it."""
    if document.verdict == "ok":
        return _("OK")
    if document.verdict == "problem":
        return _("Problem: %(note)s", note=document.verdict_note) if document.verdict_note else _("Problem")
    return _("Not reviewed")


class TeamReviewView(BaseView):
    """`/review/`: the next team in the queue; `/review/team/<id>`: one team's documents and decisions.

    Guarded by the Team permissions (Organiser and Admin): reading the page is `read`, verdicts and decisions are
    `write`. Thumbnails come from the Document-guarded preview route, so the page never widens document access.
    """

    route_base = "/review"
    class_permission_name = "Team"
    method_permission_name = {"next_team": "read", "team": "read", "by_code": "read", "verdict": "write",
                              "decision": "write", "reject": "write"}
    default_view = "next_team"

    @expose("/")
    @has_access
    def next_team(self):
        """The oldest team waiting for a decision, or the queue when none waits."""
        return self._go_to(next_in_queue())

    @expose("/team/<int:pk>")
    @has_access
    def team(self, pk):
        """One team's review page."""
        return self._page(pk)

    @expose("/code/<code>")
    @has_access
    def by_code(self, code):
        """The review page of the team with this code (the queue's links carry codes)."""
        team_id = db.session.scalar(select(Team.id).where(Team.code == code)) or abort(404)
        return redirect(url_for(".team", pk=team_id))

    @expose("/document/<int:pk>/verdict", methods=["POST"])
    @has_access
    def verdict(self, pk):
        """Store a document's verdict ('ok', 'problem' with the note, or 'clear'); JSON for the page's script."""
        verdict = request.form.get("verdict")
        try:
            if verdict not in ("ok", "problem", "clear"):
                raise ValidationFailed({"verdict": _("Choose OK or Problem.")})
            document = set_verdict(pk, None if verdict == "clear" else verdict, request.form.get("note"))
        except AppError as error:
            if wants_json():
                raise
            document = db.session.get(Document, pk) or abort(404)
            return self._page(document.team_id, errors={pk: error.message}, status=error.status)
        if not wants_json():
            return redirect(url_for(".team", pk=document.team_id, _anchor=f"doc-{pk}"))
        problems, unreviewed = db.session.execute(
            select(func.count().filter(Document.verdict == "problem"), func.count().filter(Document.verdict.is_(None)))
            .where(Document.team_id == document.team_id)).one()
        return jsonify(success=True, problems=problems, unreviewed=unreviewed,
                       document={"id": document.id, "verdict": document.verdict, "note": document.verdict_note,
                                 "label": verdict_label(document)})

    @expose("/team/<int:pk>/decide", methods=["POST"])
    @has_access
    def decision(self, pk):
        """Confirm, withdraw or reopen the team (a rejection asks for its reason first), then the next team."""
        action = request.form.get("action", "")
        if action == "reject":
            return redirect(url_for(".reject", pk=pk))
        try:
            team = decide(pk, action)
        except NotFound:
            abort(404)
        except AppError as error:
            return self._page(pk, errors={"decision": error.message}, status=error.status)
        return self._decided(team, action)

    @expose("/team/<int:pk>/reject", methods=["GET", "POST"])
    @has_access
    def reject(self, pk):
        """The rejection form, its reason pre-filled with the documents marked as problems."""
        team = db.session.get(Team, pk) or abort(404)
        form = RejectForm()
        if request.method == "GET":
            form.reason.data = rejection_reason(team)
        status = 200
        if form.validate_on_submit():
            try:
                return self._decided(decide(pk, "reject", form.reason.data), "reject")
            except AppError as error:
                db.session.rollback()
                team = db.session.get(Team, pk)
                form.reason.errors = [*form.reason.errors, error.message]
                status = error.status
        elif request.method == "POST":
            status = 422
        return self.render_template("review/team_reject.html", team=team, form=form, problems=problem_documents(team),
                                    allowed=allowed_actions(team), labels=KIND_LABELS), status

    def _page(self, pk, errors=None, status=200):
        """Render one team's page, with any refusal next to the document or decision it concerns."""
        try:
            sheet = review_sheet(pk)
        except NotFound:
            abort(404)
        can_open = self.appbuilder.sm.has_access("can_read", "Document")
        return self.render_template("review/team_review.html", sheet=sheet, errors=errors or {}, labels=KIND_LABELS,
                                    verdict_label=verdict_label, next_id=next_in_queue(sheet.team),
                                    can_open=can_open), status

    def _decided(self, team, action):
        """Send the decision's email at once, report both, and move on to the oldest team still waiting."""
        flash_delivery(_("%(team)s %(name)s: %(decision)s.", team=team.code, name=team.name,
                         decision=DECIDED[action]), [team.id])
        return self._go_to(next_in_queue())

    def _go_to(self, team_id):
        """That team's page, or the queue with a note when nothing waits."""
        if team_id is None:
            flash(_("No team is waiting for review."), "info")
            return redirect(url_for("ReviewQueueModelView.list"))
        return redirect(url_for(".team", pk=team_id))
