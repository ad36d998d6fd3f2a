"""Pure rules of the super over that settles a tied match: one over a side, two wickets, the most runs win."""
from __future__ import annotations

from dataclasses import dataclass

from .scoring import MAX_CHASE_OVERSHOOT, OUTCOME_TIE, OUTCOME_WIN, Result, ScoreError

SUPER_OVER_WICKETS = 2
SUPER_OVER_MAX_RUNS = 99


@dataclass(frozen=True)
class SuperOver:
    """One side's over: runs and wickets (the over ends at two wickets)."""

    batting_team_id: int
    runs: int
    wickets: int


def _check(which, over):
    if not 0 <= over.runs <= SUPER_OVER_MAX_RUNS:
        raise ScoreError(f"{which}_runs", f"Super over runs must be a whole number from 0 to {SUPER_OVER_MAX_RUNS}.")
    if not 0 <= over.wickets <= SUPER_OVER_WICKETS:
        raise ScoreError(f"{which}_wickets",
                         f"A super over ends at {SUPER_OVER_WICKETS} wickets: enter 0 to {SUPER_OVER_WICKETS}.")


def super_over_result(tied: Result, first: SuperOver, second: SuperOver) -> Result:
    """The winner of the super over after a tie; refuse a super over after a decided match or one that cannot be.

    `first` bats first in the super over (the side that batted second in the match), `second` chases.
    """
    if tied.outcome != OUTCOME_TIE:
        raise ScoreError("result_type", "A super over is played only after a tie, and these scores are not level.")
    if first.batting_team_id == second.batting_team_id:
        raise ScoreError("super_second_runs", "Each side bats once in the super over.")
    _check("super_first", first)
    _check("super_second", second)
    if first.runs == second.runs:
        raise ScoreError("super_second_runs", "The super over is level too; a tied super over is followed by "
                                              "another one: enter the runs of the one that decided the match.")
    if second.runs > first.runs:
        overshoot = second.runs - first.runs - 1
        if overshoot > MAX_CHASE_OVERSHOOT:
            raise ScoreError("super_second_runs", f"The chase ends when the target of {first.runs + 1} is reached; "
                                                  f"{second.runs} is {overshoot} runs past it.")
        if second.wickets >= SUPER_OVER_WICKETS:
            raise ScoreError("super_second_wickets", "A side that reached the target cannot also have lost both "
                                                     "wickets; check the wickets.")
        winner = second.batting_team_id
    else:
        winner = first.batting_team_id
    return Result(OUTCOME_WIN, winner_id=winner, super_over=True)
