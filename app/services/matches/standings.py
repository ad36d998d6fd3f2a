"""Group points table: points, net run rate and tie-breaks from completed matches."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Optional, Sequence

from app.services.matches.scoring import (
    BALLS_PER_OVER,
    DEFAULT_PLAYERS_PER_SIDE,
    OUTCOME_NO_RESULT,
    OUTCOME_TIE,
    OUTCOME_WIN,
    Innings,
    Result,
)

POINTS_WIN = 2
POINTS_TIE = 1
POINTS_NO_RESULT = 1
POINTS_LOSS = 0


@dataclass(frozen=True)
class CompletedMatch:
    """A finished group match as the points table needs it."""

    team1_id: int
    team2_id: int
    first: Optional[Innings]
    second: Optional[Innings]
    result: Result
    overs_limit: int
    players_per_side: int = DEFAULT_PLAYERS_PER_SIDE


@dataclass(frozen=True)
class StandingRow:
    """One team's line in the points table."""

    team_id: int
    played: int
    won: int
    lost: int
    tied: int
    no_result: int
    points: int
    runs_for: int
    balls_faced: int
    runs_against: int
    balls_bowled: int
    net_run_rate: float


def _exact_nrr(runs_for: int, balls_faced: int, runs_against: int, balls_bowled: int) -> Fraction:
    # Exact arithmetic so teams with mathematically equal NRR really are level.
    scored = Fraction(runs_for * BALLS_PER_OVER, balls_faced) if balls_faced else Fraction(0)
    conceded = (
        Fraction(runs_against * BALLS_PER_OVER, balls_bowled) if balls_bowled else Fraction(0)
    )
    return scored - conceded


def net_run_rate(runs_for: int, balls_faced: int, runs_against: int, balls_bowled: int) -> float:
    """Runs per over scored minus runs per over conceded; a side with no balls counts 0."""
    return float(_exact_nrr(runs_for, balls_faced, runs_against, balls_bowled))


@dataclass
class _Tally:
    """Mutable running totals for one team while the table is built."""

    team_id: int
    played: int = 0
    won: int = 0
    lost: int = 0
    tied: int = 0
    no_result: int = 0
    points: int = 0
    runs_for: int = 0
    balls_faced: int = 0
    runs_against: int = 0
    balls_bowled: int = 0
    h2h_wins: int = 0

    def nrr(self) -> Fraction:
        """Exact net run rate from the running totals."""
        return _exact_nrr(self.runs_for, self.balls_faced, self.runs_against, self.balls_bowled)


def round_nrr(nrr: float) -> float:
    """Round a net run rate to 3 decimals (half away from zero) for display."""
    # repr() gives the shortest decimal for the float, so 0.0625 -> 0.063, not 0.062.
    rounded = float(Decimal(repr(nrr)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))
    return rounded + 0.0  # turns -0.0 into 0.0


def format_nrr(nrr: float) -> str:
    """Format a net run rate for the table, e.g. "+1.250", "-0.333", "0.000"."""
    rounded = round_nrr(nrr)
    return f"{rounded:+.3f}" if rounded else "0.000"


def _check_match(match: CompletedMatch, tallies: dict[int, _Tally]) -> None:
    teams = {match.team1_id, match.team2_id}
    if len(teams) != 2 or not teams <= tallies.keys():
        raise ValueError(
            f"Match {match.team1_id} v {match.team2_id} is not between two group teams."
        )
    if match.result.outcome == OUTCOME_NO_RESULT:
        return
    if match.first is None or match.second is None:
        raise ValueError("A won or tied match needs both innings.")
    if {match.first.batting_team_id, match.second.batting_team_id} != teams:
        raise ValueError("Each team in the match must bat exactly once.")
    if match.result.outcome == OUTCOME_WIN and match.result.winner_id not in teams:
        raise ValueError("The winner must be one of the match's teams.")
    if match.result.outcome not in (OUTCOME_WIN, OUTCOME_TIE):
        raise ValueError(f"Unknown outcome {match.result.outcome!r}.")


def _add_innings(
    innings: Innings, batting_team: _Tally, bowling_team: _Tally, match: CompletedMatch
) -> None:
    # ICC rule: a side bowled out is charged its full quota of overs, not the balls it lasted.
    if innings.is_all_out(match.players_per_side):
        balls = match.overs_limit * BALLS_PER_OVER
    else:
        balls = innings.balls
    batting_team.runs_for += innings.runs
    batting_team.balls_faced += balls
    bowling_team.runs_against += innings.runs
    bowling_team.balls_bowled += balls


def compute_standings(
    matches: Iterable[CompletedMatch], team_ids: Sequence[int]
) -> list[StandingRow]:
    """Build the ordered points table: points, then NRR, then head-to-head wins, then team id."""
    if len(set(team_ids)) != len(team_ids):
        raise ValueError("Each team may appear only once in a group.")
    tallies = {team_id: _Tally(team_id) for team_id in team_ids}
    match_list = list(matches)

    for match in match_list:
        _check_match(match, tallies)
        one, two = tallies[match.team1_id], tallies[match.team2_id]
        one.played += 1
        two.played += 1
        outcome = match.result.outcome
        if outcome == OUTCOME_NO_RESULT:
            # No-results score a point each but are left out of NRR entirely.
            for tally in (one, two):
                tally.no_result += 1
                tally.points += POINTS_NO_RESULT
            continue
        if outcome == OUTCOME_TIE:
            for tally in (one, two):
                tally.tied += 1
                tally.points += POINTS_TIE
        else:
            winner = tallies[match.result.winner_id]
            loser = two if winner is one else one
            winner.won += 1
            winner.points += POINTS_WIN
            loser.lost += 1
            loser.points += POINTS_LOSS
        assert match.first is not None and match.second is not None
        for innings in (match.first, match.second):
            batting = tallies[innings.batting_team_id]
            bowling = two if batting is one else one
            _add_innings(innings, batting, bowling, match)

    nrrs = {team_id: tally.nrr() for team_id, tally in tallies.items()}
    _count_head_to_head(match_list, tallies, nrrs)
    ordered = sorted(
        tallies.values(),
        key=lambda t: (-t.points, -nrrs[t.team_id], -t.h2h_wins, t.team_id),
    )
    return [
        StandingRow(
            team_id=t.team_id,
            played=t.played,
            won=t.won,
            lost=t.lost,
            tied=t.tied,
            no_result=t.no_result,
            points=t.points,
            runs_for=t.runs_for,
            balls_faced=t.balls_faced,
            runs_against=t.runs_against,
            balls_bowled=t.balls_bowled,
            net_run_rate=float(nrrs[t.team_id]),
        )
        for t in ordered
    ]


def _count_head_to_head(
    matches: list[CompletedMatch], tallies: dict[int, _Tally], nrrs: dict[int, Fraction]
) -> None:
    # Only wins against teams level on both points and NRR count, forming a mini-league.
    for match in matches:
        result = match.result
        if result.outcome != OUTCOME_WIN or result.winner_id is None:
            continue
        loser_id = match.team2_id if result.winner_id == match.team1_id else match.team1_id
        winner = tallies[result.winner_id]
        loser = tallies[loser_id]
        if (winner.points, nrrs[winner.team_id]) == (loser.points, nrrs[loser_id]):
            winner.h2h_wins += 1
