"""Pure cricket scoring rules: overs notation, innings bounds and match results.

One module, over 300 lines: the result derivation and the check of a claimed result read the same innings
rules and must change together; splitting them would put one rule in two places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Optional

BALLS_PER_OVER = 6
MAX_RUNS = 999
DEFAULT_PLAYERS_PER_SIDE = 11
# A no-ball hit for six is worth 7 runs, so a side needing 1 can end 6 past the target.
MAX_CHASE_OVERSHOOT = 6

OUTCOME_WIN = "win"
OUTCOME_TIE = "tie"
OUTCOME_NO_RESULT = "no_result"
OUTCOMES = (OUTCOME_WIN, OUTCOME_TIE, OUTCOME_NO_RESULT)

Outcome = Literal["win", "tie", "no_result"]
MarginType = Literal["runs", "wickets"]

# ASCII only: \d would also accept e.g. Arabic-Indic digits that int() silently converts.
_OVERS_RE = re.compile(r"([0-9]{1,3})(?:\.([0-9]))?", re.ASCII)


class ScoreError(ValueError):
    """A score entry that breaks the rules, with the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        """Store the offending field name and a message fit to show a scorer."""
        super().__init__(message)
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        """Show both field and message when debugging."""
        return f"ScoreError({self.field!r}, {self.message!r})"


def _is_int(value: object) -> bool:
    # bool is an int subclass; True runs is always a bug, never a score.
    return isinstance(value, int) and not isinstance(value, bool)


def parse_overs(text: str) -> int:
    """Convert overs notation such as "12.3" (12 overs 3 balls) into a ball count."""
    if not isinstance(text, str) or not text.strip():
        raise ScoreError("overs", "Enter the overs, for example 12 or 12.3.")
    cleaned = text.strip()
    if cleaned.startswith("-"):
        raise ScoreError("overs", "Overs cannot be negative.")
    match = _OVERS_RE.fullmatch(cleaned)
    if match is None:
        raise ScoreError(
            "overs", "Write overs as 12 or 12.3 (whole overs, then a dot and 0 to 5 balls)."
        )
    overs = int(match.group(1))
    balls = int(match.group(2) or 0)
    if balls >= BALLS_PER_OVER:
        # People often write 12.6 for 13 overs; tell them the correct spelling.
        suggestion = format_overs(overs * BALLS_PER_OVER + balls)
        raise ScoreError(
            "overs",
            f"An over has only 6 balls, so the part after the dot must be 0 to 5 "
            f"({cleaned} should be written {suggestion}).",
        )
    return overs * BALLS_PER_OVER + balls


def format_overs(balls: int) -> str:
    """Format a ball count as overs notation: 75 -> "12.3", 120 -> "20"."""
    if not _is_int(balls) or balls < 0:
        raise ScoreError("overs", "Balls must be a whole number of 0 or more.")
    overs, rest = divmod(balls, BALLS_PER_OVER)
    return f"{overs}.{rest}" if rest else str(overs)


@dataclass(frozen=True)
class Innings:
    """One side's completed or interrupted batting effort."""

    batting_team_id: int
    runs: int
    wickets: int
    balls: int

    def is_all_out(self, players_per_side: int = DEFAULT_PLAYERS_PER_SIDE) -> bool:
        """True when every wicket has fallen (10 for an eleven-a-side team)."""
        return self.wickets >= players_per_side - 1

    def has_started(self) -> bool:
        """True when anything has been recorded; wides can add runs before a legal ball."""
        return bool(self.runs or self.wickets or self.balls)


def format_score(innings: Innings, players_per_side: int = DEFAULT_PLAYERS_PER_SIDE) -> str:
    """Format an innings as "165/8 (18.2 ov)" or "120 all out (19.4 ov)"."""
    total = (
        f"{innings.runs} all out"
        if innings.is_all_out(players_per_side)
        else f"{innings.runs}/{innings.wickets}"
    )
    return f"{total} ({format_overs(innings.balls)} ov)"


def _validate_settings(overs_limit: int, players_per_side: int) -> None:
    if not _is_int(overs_limit) or overs_limit < 1:
        raise ScoreError("overs_limit", "The overs limit must be a whole number of 1 or more.")
    if not _is_int(players_per_side) or players_per_side < 2:
        raise ScoreError("players_per_side", "A side needs at least 2 players.")


def validate_innings(
    innings: Innings, overs_limit: int, players_per_side: int = DEFAULT_PLAYERS_PER_SIDE
) -> None:
    """Raise ScoreError unless runs, wickets and overs are possible for this match."""
    _validate_settings(overs_limit, players_per_side)
    max_wickets = players_per_side - 1
    if not _is_int(innings.batting_team_id):
        raise ScoreError("batting_team_id", "Choose the batting team.")
    if not _is_int(innings.runs) or not 0 <= innings.runs <= MAX_RUNS:
        raise ScoreError("runs", f"Runs must be a whole number from 0 to {MAX_RUNS}.")
    if not _is_int(innings.wickets) or not 0 <= innings.wickets <= max_wickets:
        raise ScoreError("wickets", f"Wickets must be a whole number from 0 to {max_wickets}.")
    if not _is_int(innings.balls) or innings.balls < 0:
        raise ScoreError("overs", "Overs cannot be negative.")
    if innings.balls > overs_limit * BALLS_PER_OVER:
        raise ScoreError(
            "overs",
            f"Overs cannot be more than the {overs_limit}-over limit "
            f"({format_overs(innings.balls)} entered).",
        )


@dataclass(frozen=True)
class Result:
    """The outcome of a match as derived from its two innings."""

    outcome: Outcome
    winner_id: Optional[int] = None
    margin: Optional[int] = None
    margin_type: Optional[MarginType] = None
    won_by_batting_first: Optional[bool] = None
    super_over: bool = False  # a tie on the scores, won in the super over that followed

    def describe_margin(self) -> str:
        """Human wording of the margin, e.g. "12 runs" or "1 wicket"; empty if none."""
        if self.margin is None or self.margin_type is None:
            return ""
        unit = self.margin_type if self.margin != 1 else self.margin_type[:-1]
        return f"{self.margin} {unit}"


def _checked(
    which: str, innings: Innings, overs_limit: int, players_per_side: int
) -> None:
    # Prefix field and message so the scorer knows which innings is wrong.
    try:
        validate_innings(innings, overs_limit, players_per_side)
    except ScoreError as err:
        label = which.replace("_", " ").capitalize()
        text = err.message[:1].lower() + err.message[1:]
        raise ScoreError(f"{which}.{err.field}", f"{label}: {text}") from None


def _innings_complete(innings: Innings, overs_limit: int, players_per_side: int) -> bool:
    return innings.is_all_out(players_per_side) or innings.balls >= overs_limit * BALLS_PER_OVER


def derive_result(
    first: Optional[Innings],
    second: Optional[Innings],
    overs_limit: int,
    *,
    declared_no_result: bool = False,
    players_per_side: int = DEFAULT_PLAYERS_PER_SIDE,
) -> Result:
    """Work out the result from the scores, refusing scores that cannot have happened."""
    _validate_settings(overs_limit, players_per_side)
    quota = f"all {overs_limit} overs"
    if first is not None:
        _checked("first_innings", first, overs_limit, players_per_side)
    if second is not None:
        _checked("second_innings", second, overs_limit, players_per_side)
        if first is None:
            raise ScoreError("first_innings", "Enter the first innings before the second.")
        if second.batting_team_id == first.batting_team_id:
            raise ScoreError(
                "second_innings.batting_team_id", "The same team cannot bat in both innings."
            )

    first_done = first is not None and _innings_complete(first, overs_limit, players_per_side)
    if first is not None and not first_done:
        if second is not None and second.has_started():
            raise ScoreError(
                "second_innings",
                f"The second innings cannot start until the first is all out or has used {quota}.",
            )
        if not declared_no_result:
            raise ScoreError(
                "first_innings.overs",
                f"The first innings was not all out and did not use {quota}; "
                "correct the overs or record the match as a no result.",
            )

    if first is None or second is None or not first_done:
        if declared_no_result:
            return Result(OUTCOME_NO_RESULT)
        raise ScoreError(
            "second_innings" if first is not None else "first_innings",
            "Enter both innings, or record the match as a no result.",
        )

    target = first.runs + 1
    chased = second.runs >= target
    second_done = chased or _innings_complete(second, overs_limit, players_per_side)

    if declared_no_result:
        if second_done:
            raise ScoreError(
                "outcome",
                "The scores show a finished match, so it cannot be recorded as a no result.",
            )
        return Result(OUTCOME_NO_RESULT)
    if not second_done:
        raise ScoreError(
            "second_innings.overs",
            f"The chase was not all out, did not use {quota} and did not reach the target "
            f"of {target}; correct the score or record the match as a no result.",
        )

    if chased:
        overshoot = second.runs - target
        if overshoot > MAX_CHASE_OVERSHOOT:
            raise ScoreError(
                "second_innings.runs",
                f"The innings should have ended when the target of {target} was reached; "
                f"{second.runs} is {overshoot} runs past it, but the final ball can take a side "
                f"at most {MAX_CHASE_OVERSHOOT} past the target.",
            )
        if second.is_all_out(players_per_side):
            raise ScoreError(
                "second_innings.wickets",
                "A side that reached the target cannot also be all out; check the wickets.",
            )
        return Result(
            OUTCOME_WIN,
            winner_id=second.batting_team_id,
            margin=players_per_side - 1 - second.wickets,
            margin_type="wickets",
            won_by_batting_first=False,
        )
    if second.runs == first.runs:
        return Result(OUTCOME_TIE)
    return Result(
        OUTCOME_WIN,
        winner_id=first.batting_team_id,
        margin=first.runs - second.runs,
        margin_type="runs",
        won_by_batting_first=True,
    )


def check_claimed_result(
    first: Optional[Innings],
    second: Optional[Innings],
    overs_limit: int,
    claimed_winner_id: Optional[int],
    claimed_outcome: str,
    *,
    players_per_side: int = DEFAULT_PLAYERS_PER_SIDE,
) -> Result:
    """Return the derived result, or raise ScoreError if the scorer's claim contradicts it."""
    if claimed_outcome not in OUTCOMES:
        raise ScoreError("outcome", "Choose a result: win, tie or no result.")
    if claimed_outcome != OUTCOME_WIN and claimed_winner_id is not None:
        raise ScoreError("winner_id", "A tie or no result has no winner; leave the winner empty.")
    if claimed_outcome == OUTCOME_WIN and claimed_winner_id is None:
        raise ScoreError("winner_id", "Choose the winning team.")

    derived = derive_result(
        first,
        second,
        overs_limit,
        declared_no_result=claimed_outcome == OUTCOME_NO_RESULT,
        players_per_side=players_per_side,
    )
    if claimed_outcome == OUTCOME_NO_RESULT:
        return derived
    # derive_result only returns win/tie here, and then both innings exist.
    assert first is not None and second is not None
    if claimed_outcome == OUTCOME_WIN and claimed_winner_id not in (
        first.batting_team_id,
        second.batting_team_id,
    ):
        raise ScoreError("winner_id", "The winner must be one of the two teams in this match.")
    if derived.outcome == OUTCOME_TIE:
        if claimed_outcome == OUTCOME_TIE:
            return derived
        raise ScoreError(
            "outcome", f"Both sides scored {first.runs}, so the match is a tie, not a win."
        )
    side = "batting first" if derived.won_by_batting_first else "chasing"
    shown = f"the side {side} won by {derived.describe_margin()}"
    if claimed_outcome == OUTCOME_TIE:
        raise ScoreError("outcome", f"The scores are not level: {shown}.")
    if claimed_winner_id != derived.winner_id:
        raise ScoreError(
            "winner_id",
            f"The claimed winner does not match the scores ({first.runs} against "
            f"{second.runs}): {shown}.",
        )
    return derived
