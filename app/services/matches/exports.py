"""Matches, results and standings as table rows for the CSV and Excel downloads (services/audit/exports.py
renders them)."""
from ...display import local_time, status_label
from .points_tables import standings_tables
from .readouts import innings_of, result_parts, score_text, team_name
from .sentences import result_sentence

MATCH_HEADERS = ["round", "round_number", "match_number", "group", "team1", "team2", "venue", "scheduled",
                 "status", "first_batting", "first_score", "second_batting", "second_score", "result"]
RESULT_HEADERS = ["round", "match_number", "group", "team1", "team2", "first_batting", "first_score",
                  "second_batting", "second_score", "outcome", "winner", "margin", "result"]
STANDING_HEADERS = ["group", "position", "team", "played", "won", "lost", "tied", "no_result", "points",
                    "net_run_rate"]


def _innings(match, slot):
    innings = innings_of(match, slot)
    return (team_name(match, innings.batting_team_id) or "", score_text(innings)) if innings else ("", "")


def match_table(matches):
    """Headers and one row per match, in the order given (the list's)."""
    rows = [[m.round_label, m.round_number, m.match_number, m.group_name or "", m.team1.name, m.team2.name,
             m.venue or "", local_time(m.scheduled_at), status_label(m.status), *_innings(m, "first"),
             *_innings(m, "second"), result_sentence(m)] for m in matches]
    return MATCH_HEADERS, rows


def result_table(matches):
    """Headers and one row per completed match among `matches`."""
    rows = []
    for m in matches:
        if m.status != "completed":
            continue
        winner, margin = result_parts(m)
        rows.append([m.round_label, m.match_number, m.group_name or "", m.team1.name, m.team2.name,
                     *_innings(m, "first"), *_innings(m, "second"), m.outcome or "", winner or "", margin,
                     result_sentence(m)])
    return RESULT_HEADERS, rows


def standings_table():
    """Headers and every group's points table, row by row (standings count every match, whatever the list
    shows)."""
    rows = []
    for table in standings_tables():
        for position, (name, row) in enumerate(table.rows, start=1):
            rows.append([table.group, position, name, row.played, row.won, row.lost, row.tied, row.no_result,
                         row.points, round(row.net_run_rate, 3)])
    return STANDING_HEADERS, rows
