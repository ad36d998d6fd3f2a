"""Public schedule, result and standings JSON in the shape the React frontend already reads."""
from datetime import timezone

from flask import Blueprint

from ..services.matches.points_tables import scheduled_matches, standings_tables
from ..services.matches.readouts import result_of, team_innings, team_name
from ..services.matches.standings import round_nrr
from ..services.matches.workflow import get_match
from ..web.public_reads import cached_json

compat_schedule_bp = Blueprint("compat_schedule", __name__)


def iso_utc(moment):
    """ISO 8601 in UTC with a `Z`, or None."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z") if moment else None


def _innings_fields(match, team_key, team_id):
    innings = team_innings(match, team_id)
    return {f"{team_key}_first_innings_runs": innings.runs if innings else None,
            f"{team_key}_first_innings_wickets": innings.wickets if innings else None}


def _result(match):
    result = result_of(match)
    if result is None:
        return None
    # A tie settled by a super over: the winner, no margin, and "super_over" where the margin type goes.
    return {"winner": team_name(match, result.winner_id), "margin": result.margin,
            "marginType": "super_over" if result.super_over else result.margin_type,
            "wonByBattingFirst": result.won_by_batting_first}


def match_json(match):
    """One match as the compatible API carries it; `result` stays null until the match is completed."""
    return {
        "id": match.id, "round": match.round_label, "round_number": match.round_number,
        "match_number": match.match_number, "team1": match.team1.name, "team2": match.team2.name,
        "status": match.status, "toss_winner": team_name(match, match.toss_winner_id),
        "toss_choice": match.toss_choice, "scheduled_start_time": iso_utc(match.scheduled_at),
        "actual_start_time": iso_utc(match.started_at), "match_end_time": iso_utc(match.ended_at),
        **_innings_fields(match, "team1", match.team1_id), **_innings_fields(match, "team2", match.team2_id),
        "match_score_url": match.scorecard_url, "result": _result(match),
    }


@compat_schedule_bp.get("/api/schedule/matches")
def list_matches():
    """Every match in schedule order.
    ---
    get:
      summary: Every match
      responses:
        200:
          description: Matches in schedule order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompatMatchList'}
        304: {description: "Unchanged since the ETag in If-None-Match"}
    """
    return cached_json("schedule.json", lambda: {"success": True,
                                                 "data": [match_json(match) for match in scheduled_matches()]})


@compat_schedule_bp.get("/api/schedule/matches/<int:match_id>")
def show_match(match_id):
    """One match; 404 NOT_FOUND in the shared error shape when there is none.
    ---
    get:
      summary: One match
      parameters:
      - {in: path, name: match_id, required: true, schema: {type: integer}}
      responses:
        200:
          description: The match
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompatMatchOne'}
        304: {description: "Unchanged since the ETag in If-None-Match"}
        404: {$ref: '#/components/responses/CompatError'}
    """
    # A missing match raises NotFound while building, so only matches that exist get an entry.
    return cached_json(f"match-{match_id}.json", lambda: {"success": True, "data": match_json(get_match(match_id))})


@compat_schedule_bp.get("/api/standings")
def standings():
    """Every group's points table, net run rate rounded to three decimals.
    ---
    get:
      summary: Points tables
      responses:
        200:
          description: Every group's table
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompatStandings'}
        304: {description: "Unchanged since the ETag in If-None-Match"}
    """
    return cached_json("standings.json", _standings)


def _standings():
    data = [{"group": table.group,
             "rows": [{"team": name, "played": row.played, "won": row.won, "lost": row.lost, "tied": row.tied,
                       "no_result": row.no_result, "points": row.points,
                       "net_run_rate": round_nrr(row.net_run_rate)} for name, row in table.rows]}
            for table in standings_tables()]
    return {"success": True, "data": data}
