"""CSV and Excel downloads of teams and players, for ModelViews that may or may not show contacts."""
from flask import Response, abort
from flask_appbuilder import expose, has_access

from ..services.audit import exports


class ExportMixin:
    """Adds `/export/<teams|players>.<csv|xlsx>`; `export_contacts` decides whether contact columns go out."""

    export_contacts = False

    @expose("/export/<string:table>.<string:fmt>")
    @has_access
    def export(self, table, fmt):
        """Download the team or player list."""
        if fmt not in exports.FORMATS or table not in ("teams", "players"):
            abort(404)
        headers, rows = exports.team_table(self.export_contacts) if table == "teams" else exports.player_table()
        body = exports.render(headers, rows, fmt, table)
        return Response(body, mimetype=exports.FORMATS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="icct26_{table}.{fmt}"',
                                 "Cache-Control": "private, no-store"})
