"""CSV and Excel downloads of the rows a list shows (its filters, search and order, every page): teams and players,
for ModelViews that may or may not show contacts; matches, results and standings."""
from flask import Response, abort
from flask_appbuilder import expose, has_access
from flask_appbuilder.urltools import get_filter_args, get_order_args

from ..services.audit import exports
from ..services.matches import exports as match_exports
from ..web.public_reads import private


def download(headers, rows, fmt, table):
    """The table as a private attachment in `fmt`."""
    body = exports.render(headers, rows, fmt, table)
    return private(Response(body, mimetype=exports.FORMATS[fmt],
                            headers={"Content-Disposition": f'attachment; filename="icct26_{table}.{fmt}"'}))


class ListedRows:
    """Mixin for a ModelView: the records its list shows for this request's filters and order, on every page."""

    def listed(self):
        """The listed records, in the list's order (FAB's own filter and order arguments)."""
        get_filter_args(self._filters)
        order_column, order_direction = get_order_args().get(self.__class__.__name__, ("", ""))
        if order_column not in self.order_columns:
            order_column, order_direction = self.base_order or ("", "")
        _count, items = self.datamodel.query(self._filters.get_joined_filters(self._base_filters),
                                             order_column, order_direction)
        return items


class ExportMixin(ListedRows):
    """Adds `/export/<teams|players>.<csv|xlsx>` of the listed teams; `export_contacts` decides whether contact
    columns go out."""

    export_contacts = False

    @expose("/export/<string:table>.<string:fmt>")
    @has_access
    def export(self, table, fmt):
        """Download the listed teams, or their players."""
        if fmt not in exports.FORMATS or table not in ("teams", "players"):
            abort(404)
        team_ids = [team.id for team in self.listed()]
        if table == "teams":
            headers, rows = exports.team_table(self.export_contacts, team_ids)
        else:
            headers, rows = exports.player_table(team_ids)
        return download(headers, rows, fmt, table)


class MatchExportMixin(ListedRows):
    """Adds `/export/<matches|results|standings>.<csv|xlsx>`: the listed matches, the completed ones among them,
    and the points tables."""

    @expose("/export/<string:table>.<string:fmt>")
    @has_access
    def export(self, table, fmt):
        """Download the listed matches, their results, or the standings."""
        if fmt not in exports.FORMATS or table not in ("matches", "results", "standings"):
            abort(404)
        if table == "standings":
            headers, rows = match_exports.standings_table()
        else:
            build = match_exports.match_table if table == "matches" else match_exports.result_table
            headers, rows = build(self.listed())
        return download(headers, rows, fmt, table)
