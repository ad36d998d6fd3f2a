"""Read-only views of a Match: its innings, its result and score text, shared by every adapter."""
from .scoring import Innings, Result, format_score
from .super_over import SuperOver

INNINGS_SLOTS = ("first", "second")


def innings_of(match, slot):
    """Return the recorded `first` or `second` Innings of a match, or None."""
    runs = getattr(match, f"{slot}_runs")
    team_id = getattr(match, f"{slot}_batting_id")
    if runs is None or team_id is None:
        return None
    return Innings(team_id, runs, getattr(match, f"{slot}_wickets"), getattr(match, f"{slot}_balls"))


def both_innings(match):
    """Return (first, second) innings, each possibly None."""
    return innings_of(match, "first"), innings_of(match, "second")


def result_of(match):
    """Return the stored Result of a completed match, or None."""
    if match.status != "completed" or not match.outcome:
        return None
    if match.outcome == "win" and match.super_first_runs is not None:
        return Result("win", match.winner_id, super_over=True)
    by_first = None
    if match.outcome == "win":
        by_first = match.winner_id == match.first_batting_id
    return Result(match.outcome, match.winner_id, match.margin, match.margin_type, by_first)


def super_overs_of(match):
    """(first, second) SuperOver of a tie settled by one, in the super over's batting order; (None, None) if none."""
    if match.super_first_runs is None or match.super_second_runs is None:
        return None, None
    # The side that batted second in the match bats first in the super over.
    return (SuperOver(match.second_batting_id, match.super_first_runs, match.super_first_wickets),
            SuperOver(match.first_batting_id, match.super_second_runs, match.super_second_wickets))


def result_type_of(match):
    """How the match ended as the result form names it: normal, no_result, super_over, abandoned; None if open."""
    if match.status == "abandoned":
        return "abandoned"
    result = result_of(match)
    if result is None:
        return None
    if result.super_over:
        return "super_over"
    return "no_result" if result.outcome == "no_result" else "normal"


def team_name(match, team_id):
    """Name of one of the match's two teams (no query: both are loaded with the match)."""
    for team in (match.team1, match.team2):
        if team is not None and team.id == team_id:
            return team.name
    return None


def team_innings(match, team_id):
    """Return the innings the given team batted in this match, or None."""
    for slot in INNINGS_SLOTS:
        innings = innings_of(match, slot)
        if innings is not None and innings.batting_team_id == team_id:
            return innings
    return None


def score_text(innings):
    """`165/8 (18.2 ov)`, or an empty string for an innings not recorded yet."""
    return format_score(innings) if innings is not None else ""


def result_parts(match):
    """Return (winner name or None, margin words) of a completed match for result sentences."""
    result = result_of(match)
    if result is None:
        return None, ""
    return team_name(match, result.winner_id), result.describe_margin()
