"""Admin fixture generator: pick a group's confirmed teams, preview a round robin, then create it."""
from flask import flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from sqlalchemy import select

from ..display import local_time
from ..extensions import db
from ..models import Team
from ..security import READ_WRITE_METHODS
from ..services.matches.fixtures import create_fixtures, propose_fixtures
from ..text import whole_numbers
from ..web.errors import AppError, ValidationFailed


def _form_data():
    """The generator's inputs from the posted form, teams as a list."""
    data = request.form.to_dict()
    data["team_ids"] = request.form.getlist("team_ids")
    return data


class FixtureGeneratorView(BaseView):
    """Propose a round robin for chosen teams and create its matches on confirmation."""

    route_base = "/fixtures"
    class_permission_name = "Match"
    method_permission_name = {**READ_WRITE_METHODS, "generate": "write"}
    default_view = "generate"

    @expose("/", methods=["GET", "POST"])
    @has_access
    def generate(self):
        """Show the form; `preview` lists the proposed matches, `create` saves them."""
        data, errors, proposals = {}, {}, []
        if request.method == "POST":
            data = _form_data()
            try:
                proposals = propose_fixtures(data)
                if request.form.get("action") == "create":
                    created = create_fixtures(proposals)
                    flash(f"{len(created)} matches created.", "success")
                    return redirect(url_for("MatchModelView.list"))
            except ValidationFailed as error:
                errors, proposals = error.fields, []
            except AppError as error:
                db.session.rollback()
                flash(str(error.message), "danger")  # a lazy message, rendered in the page language
                proposals = []
        teams = db.session.scalars(select(Team).where(Team.status == "confirmed").order_by(Team.code)).all()
        names = {team.id: team.name for team in teams}
        return self.render_template("admin/fixtures.html", teams=teams, names=names, data=data, errors=errors,
                                    proposals=proposals, local_time=local_time,
                                    chosen=set(whole_numbers(data.get("team_ids", []))))
