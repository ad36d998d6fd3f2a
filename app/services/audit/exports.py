"""Team and player lists as CSV or Excel (all, or a list's filtered rows); contacts only when the caller may see
them."""
import csv
import io

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from ...display import ISO, local_time
from ...extensions import db
from ...models import Player, Team

FORMATS = {"csv": "text/csv",  # Werkzeug adds "; charset=utf-8" to text types itself
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
TEAM_HEADERS = ["code", "team", "church", "status", "players", "registered_at", "decided_at", "rejection_reason"]
CONTACT_HEADERS = ["captain_name", "captain_phone", "captain_email", "captain_whatsapp",
                   "vice_name", "vice_phone", "vice_email", "vice_whatsapp"]
PLAYER_HEADERS = ["team_code", "team", "church", "team_status", "player_code", "position", "name", "role"]


def team_table(include_contacts, team_ids=None):
    """Headers and rows of the teams `team_ids` in that order (a list's filtered rows), or of every team by code."""
    headers = TEAM_HEADERS + (CONTACT_HEADERS if include_contacts else [])
    rows = []
    # Players in one extra query (the church is joined by the relationship): a fixed cost however many teams.
    query = select(Team).options(selectinload(Team.players)).order_by(Team.code)
    for team in _in_order(db.session.scalars(_among(query, Team.id, team_ids)), team_ids, lambda t: t.id):
        row = [team.code, team.name, team.church.name, team.status, len(team.players),
               local_time(team.created_at, ISO), local_time(team.decided_at, ISO), team.rejection_reason or ""]
        if include_contacts:
            row += [getattr(team, column) or "" for column in CONTACT_HEADERS]
        rows.append(row)
    return headers, rows


def player_table(team_ids=None):
    """Headers and rows of the players of the teams `team_ids` (in that order), or of every team; by position."""
    query = (select(Player).join(Player.team).options(contains_eager(Player.team))
             .order_by(Team.code, Player.position))
    players = _in_order(db.session.scalars(_among(query, Player.team_id, team_ids)), team_ids, lambda p: p.team_id)
    rows = [[p.team.code, p.team.name, p.team.church.name, p.team.status, p.code, p.position, p.name, p.role or ""]
            for p in players]
    return PLAYER_HEADERS, rows


def _among(query, column, ids):
    """The query limited to `ids` (None: no limit)."""
    return query if ids is None else query.where(column.in_(list(ids)))


def _in_order(rows, ids, key):
    """Rows in the order of `ids` (stable within one id), or as they came when there is no such order."""
    if ids is None:
        return list(rows)
    position = {value: index for index, value in enumerate(ids)}
    return sorted(rows, key=lambda row: position[key(row)])


def render(headers, rows, fmt, title):
    """The table as CSV or xlsx bytes."""
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows([_cell(value) for value in row] for row in rows)
        # A BOM makes Excel read the UTF-8 (Tamil names) correctly.
        return text.getvalue().encode("utf-8-sig")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
