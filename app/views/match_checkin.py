"""Match-day check-in on a phone: both rosters, a tick per player present, the counts and a printable team sheet."""
from flask import abort, jsonify, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _
from sqlalchemy import select

from ..display import local_time
from ..extensions import db
from ..models import Match, Player
from ..services.matches.checkin import OPEN_STATUSES, checkin_sheet, set_present
from ..web.errors import AppError, NotFound, wants_json


class MatchCheckinView(BaseView):
    """`/checkin/`: today's open matches; `/checkin/match/<id>`: one match's check-in and team sheet.

    Guarded by the Match permissions: Scorers and Organisers (`write`) tick players; Viewers (`read`) see the
    sheet without ticking. Aadhaar thumbnails show only to users who may open documents (Organiser, Admin).
    """

    route_base = "/checkin"
    class_permission_name = "Match"
    method_permission_name = {"matches": "read", "sheet": "read", "tick": "write"}
    default_view = "matches"

    @expose("/")
    @has_access
    def matches(self):
        """The matches still open for check-in, soonest first."""
        matches = db.session.scalars(select(Match).where(Match.status.in_(OPEN_STATUSES))
                                     .order_by(Match.scheduled_at, Match.id)).all()
        return self.render_template("matchday/matches.html", matches=matches, local_time=local_time)

    @expose("/match/<int:pk>")
    @has_access
    def sheet(self, pk):
        """One match's check-in page (and, printed, its team sheet)."""
        return self._page(pk)

    @expose("/match/<int:pk>/player/<int:player_id>", methods=["POST"])
    @has_access
    def tick(self, pk, player_id):
        """Tick (`present=1`) or untick a player; JSON for the page's script, else back to the page."""
        present = request.form.get("present") == "1"
        try:
            count = set_present(pk, player_id, present)
        except NotFound:
            if wants_json():
                raise
            abort(404)
        except AppError as error:
            if wants_json():
                raise
            return self._page(pk, errors={player_id: error.message}, status=error.status)
        if wants_json():
            return jsonify(success=True, present=present, count=count)
        code = db.session.scalar(select(Player.code).where(Player.id == player_id))
        return redirect(url_for(".sheet", pk=pk, _anchor=f"player-{code}"))

    def _page(self, pk, errors=None, status=200):
        """Render the check-in page, with any refusal next to the player it concerns."""
        with_documents = self.appbuilder.sm.has_access("can_read", "Document")
        try:
            sheet = checkin_sheet(pk, with_documents=with_documents)
        except NotFound:
            abort(404)
        can_tick = sheet.open and self.appbuilder.sm.has_access("can_write", "Match")
        return self.render_template("matchday/checkin.html", sheet=sheet, errors=errors or {}, can_tick=can_tick,
                                    with_documents=with_documents, local_time=local_time,
                                    closed_note=None if sheet.open else _("Check-in is closed: the match is over.")
                                    ), status
