"""The organisers' dashboard: charts of teams by status, registrations per day, church slots, documents awaiting
review and matches by status, each bar linking to the list it counts; and the outbox's health."""
from datetime import datetime, time, timedelta, timezone

from flask import current_app, redirect, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import format_date, lazy_gettext
from flask_babel import gettext as _

from ..display import status_label, tournament_zone
from ..models import SLOT_HOLDING
from ..services.review import dashboard
from . import charts
from .base import AdminIndexView

# FAB list filters by position in a column's filter list (flask_appbuilder.models.sqla.filters): for a text
# column 3 is "equal" and 8 is "in"; for a time 1 is "greater than" and 2 "smaller than"; for a relation 0 is
# "equal".
TEXT_EQUAL, TEXT_IN, AFTER, BEFORE, RELATION = 3, 8, 1, 2, 0


def _flt(index, column):
    return f"_flt_{index}_{column}"


def team_status_chart():
    """Teams by status; each bar opens the team list filtered on that status."""
    bars = [charts.Bar(status_label(status), count,
                       url_for("TeamModelView.list", **{_flt(TEXT_EQUAL, "status"): status}),
                       colour=charts.COLOURS[status])
            for status, count in dashboard.status_counts().items()]
    return charts.rows("chart-team-status", _("Teams by status"),
                       _("Number of teams in each review status."), bars, _("Teams"))


def registrations_chart():
    """Registrations per day in the tournament's zone; each column opens the teams registered that day."""
    zone = tournament_zone()
    bars = []
    for day, count in dashboard.registrations_per_day(zone):
        start = datetime.combine(day, time.min, zone)
        # FAB's time filters are strict ("greater than"), so the day starts a microsecond before midnight.
        after, before = start - timedelta(microseconds=1), start + timedelta(days=1)
        href = url_for("TeamModelView.list", **{_flt(AFTER, "created_at"): _utc(after),
                                                _flt(BEFORE, "created_at"): _utc(before)})
        bars.append(charts.Bar(format_date(day, "d MMM"), count, href))
    chart = charts.columns("chart-registrations", _("Registrations per day"),
                           _("Teams registered on each day, in the tournament's time zone."), bars,
                           _("Registrations"))
    if not bars:
        chart.note = _("No registrations yet.")
    return chart


def church_slots_chart():
    """Slots used of the fullest churches, by teams and by open waiting-list offers as the registration counts
    them; each bar opens that church's slot-holding teams."""
    shown, total, full = dashboard.church_slots()
    bars = [charts.Bar(row.name, row.used,
                       url_for("TeamModelView.list", **{_flt(RELATION, "church"): row.id,
                                                        _flt(TEXT_IN, "status"): list(SLOT_HOLDING)}),
                       shown=_slots_shown(row),
                       colour=charts.FULL_COLOUR if row.used >= row.limit else charts.DEFAULT_COLOUR)
            for row in shown]
    chart = charts.rows("chart-church-slots", _("Church slots used"),
                        _("Slots held by teams and by open waiting-list offers against each church's limit; full "
                          "churches in red."), bars,
                        _("Slots used"), scale_to=max((row.limit for row in shown), default=0))
    chart.note = _("%(full)d of %(total)d churches with teams are full.", full=full, total=total)
    if total > len(shown):
        chart.note += " " + _("The %(shown)d fullest are shown.", shown=len(shown))
    chart.note_href = url_for("ChurchModelView.list")
    return chart


def _slots_shown(row):
    """"3 / 4", and how many of the three open offers hold ("3 / 4, 1 offered")."""
    used = f"{row.used} / {row.limit}"
    return _("%(used)s, %(offers)d offered", used=used, offers=row.offers) if row.offers else used


def review_backlog_chart():
    """Documents of the oldest pending teams; each bar opens that team's documents."""
    backlog = dashboard.review_backlog()
    bars = [charts.Bar(f"{team.code} {team.name}", team.documents,
                       url_for("DocumentModelView.list", **{_flt(RELATION, "team"): team.id}),
                       colour=charts.COLOURS["pending"])
            for team in backlog.teams]
    chart = charts.rows("chart-review-backlog", _("Documents awaiting review"),
                        _("Documents of the teams waiting longest for a decision."), bars, _("Documents"))
    chart.note = _("Pending teams: %(teams)d; their documents: %(documents)d.", teams=backlog.pending_teams,
                   documents=backlog.documents)
    if backlog.pending_teams > len(bars):
        chart.note += " " + _("The %(shown)d waiting longest are shown.", shown=len(bars))
    chart.note_href = url_for("ReviewQueueModelView.list")
    return chart


def match_status_chart():
    """Matches by status; each bar opens the match list filtered on that status."""
    bars = [charts.Bar(status_label(status), count,
                       url_for("MatchModelView.list", **{_flt(TEXT_EQUAL, "status"): status}),
                       colour=charts.COLOURS[status])
            for status, count in dashboard.match_status_counts().items()]
    return charts.rows("chart-match-status", _("Matches by status"), _("Number of matches in each state."),
                       bars, _("Matches"))


def _utc(moment):
    """A filter value FAB's list and our time filters read back exactly: ISO 8601 in UTC."""
    return moment.astimezone(timezone.utc).isoformat()


class DashboardView(BaseView):
    """One page of charts and figures, guarded by the `Dashboard` read permission."""

    route_base = "/dashboard"
    class_permission_name = "Dashboard"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        """Render the charts."""
        sender = current_app.extensions.get("outbox_sender")
        return self.render_template(
            "dashboard/index.html", title=lazy_gettext("Dashboard"),
            charts=[team_status_chart(), registrations_chart(), review_backlog_chart(), church_slots_chart(),
                    match_status_chart()],
            outbox=dashboard.outbox_health(sender), status_label=status_label)


class DeskIndexView(AdminIndexView):
    """After sign-in, organisers land on the dashboard; users who may not read it see FAB's welcome page."""

    @expose("/")
    def index(self):
        """The dashboard when the user may read it, else the welcome page."""
        if self.appbuilder.sm.has_access("can_read", "Dashboard"):
            return redirect(url_for("DashboardView.index"))
        return super().index()
