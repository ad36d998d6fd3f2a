"""Table-driven tests for overs notation, innings bounds and result derivation.

Over 300 lines: the tables themselves; each row is one case of the scoring rules.
"""

import pytest

from app.services.matches.scoring import (
    Innings,
    Result,
    ScoreError,
    check_claimed_result,
    derive_result,
    format_overs,
    format_score,
    parse_overs,
    validate_innings,
)

LIMIT = 20  # overs per innings in these tests -> 120 balls
A, B = 1, 2  # A bats first unless stated


def inn(team, runs, wickets, overs):
    """Build an Innings from overs notation so the tables read like scorecards."""
    return Innings(team, runs, wickets, parse_overs(overs))


# --- overs notation -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, balls",
    [
        ("12.3", 75),
        ("12", 72),
        ("12.0", 72),
        ("0", 0),
        ("0.5", 5),
        ("18.2", 110),
        ("20", 120),
        (" 7.1 ", 43),
        ("012.3", 75),
    ],
)
def test_parse_overs_valid(text, balls):
    assert parse_overs(text) == balls


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("12.6", "13"),  # suggests the correct spelling
        ("12.9", "13.3"),
        ("-1", "negative"),
        ("-0.3", "negative"),
        ("", "Enter the overs"),
        ("   ", "Enter the overs"),
        ("abc", "Write overs as"),
        ("12.", "Write overs as"),
        (".3", "Write overs as"),
        ("1.2.3", "Write overs as"),
        ("12,3", "Write overs as"),
        ("12.34", "Write overs as"),
        ("1e2", "Write overs as"),
        ("1000", "Write overs as"),
        ("\u0661\u0662", "Write overs as"),  # Arabic-Indic digits are not accepted
        (None, "Enter the overs"),
    ],
)
def test_parse_overs_invalid(text, fragment):
    with pytest.raises(ScoreError) as err:
        parse_overs(text)
    assert err.value.field == "overs"
    assert fragment in err.value.message
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    "balls, text",
    [(0, "0"), (5, "0.5"), (6, "1"), (72, "12"), (75, "12.3"), (110, "18.2"), (120, "20")],
)
def test_format_overs(balls, text):
    assert format_overs(balls) == text


@pytest.mark.parametrize("balls", [-1, 1.5, True, "12"])
def test_format_overs_invalid(balls):
    with pytest.raises(ScoreError):
        format_overs(balls)


def test_overs_round_trip():
    for balls in range(0, 301):
        assert parse_overs(format_overs(balls)) == balls


@pytest.mark.parametrize(
    "innings, text",
    [
        (Innings(A, 165, 8, 110), "165/8 (18.2 ov)"),
        (Innings(A, 120, 3, 120), "120/3 (20 ov)"),
        (Innings(A, 98, 10, 100), "98 all out (16.4 ov)"),
        (Innings(A, 0, 0, 0), "0/0 (0 ov)"),
    ],
)
def test_format_score(innings, text):
    assert format_score(innings) == text


# --- innings bounds -------------------------------------------------------------


@pytest.mark.parametrize(
    "innings, overs_limit, players",
    [
        (Innings(A, 0, 0, 0), LIMIT, 11),
        (Innings(A, 999, 10, 120), LIMIT, 11),
        (Innings(A, 165, 8, 110), LIMIT, 11),
        (Innings(A, 60, 10, 60), 10, 11),
        (Innings(A, 60, 7, 48), 8, 8),  # eight-a-side: 7 wickets is all out
    ],
)
def test_validate_innings_valid(innings, overs_limit, players):
    validate_innings(innings, overs_limit, players)


@pytest.mark.parametrize(
    "innings, overs_limit, players, field",
    [
        (Innings(A, -1, 0, 0), LIMIT, 11, "runs"),
        (Innings(A, 1000, 0, 0), LIMIT, 11, "runs"),
        (Innings(A, "5", 0, 0), LIMIT, 11, "runs"),
        (Innings(A, True, 0, 0), LIMIT, 11, "runs"),
        (Innings(A, 10, -1, 0), LIMIT, 11, "wickets"),
        (Innings(A, 10, 11, 0), LIMIT, 11, "wickets"),
        (Innings(A, 10, 8, 0), 10, 8, "wickets"),
        (Innings(A, 10, 2.0, 0), LIMIT, 11, "wickets"),
        (Innings(A, 10, 0, -1), LIMIT, 11, "overs"),
        (Innings(A, 10, 0, 121), LIMIT, 11, "overs"),
        (Innings(A, 10, 0, 61), 10, 11, "overs"),
        (Innings(None, 10, 0, 6), LIMIT, 11, "batting_team_id"),
        (Innings(A, 10, 0, 0), 0, 11, "overs_limit"),
        (Innings(A, 10, 0, 0), LIMIT, 1, "players_per_side"),
    ],
)
def test_validate_innings_invalid(innings, overs_limit, players, field):
    with pytest.raises(ScoreError) as err:
        validate_innings(innings, overs_limit, players)
    assert err.value.field == field


def test_overs_limit_message_is_friendly():
    with pytest.raises(ScoreError) as err:
        validate_innings(Innings(A, 10, 0, 121), LIMIT)
    assert err.value.message == "Overs cannot be more than the 20-over limit (20.1 entered)."


# --- derived results ------------------------------------------------------------

FIRST_150 = inn(A, 150, 6, "20")


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # Chasing side bowled out short of the target.
        (FIRST_150, inn(B, 130, 10, "18.4"), Result("win", A, 20, "runs", True)),
        # Chasing side used all its overs.
        (FIRST_150, inn(B, 140, 7, "20"), Result("win", A, 10, "runs", True)),
        # Side batting first bowled out, still defends its total.
        (inn(A, 98, 10, "16.4"), inn(B, 97, 10, "19.1"), Result("win", A, 1, "runs", True)),
        # Chase reaches the target exactly.
        (FIRST_150, inn(B, 151, 4, "16.4"), Result("win", B, 6, "wickets", False)),
        (FIRST_150, inn(B, 151, 9, "20"), Result("win", B, 1, "wickets", False)),
        (FIRST_150, inn(B, 151, 0, "12"), Result("win", B, 10, "wickets", False)),
        # Scores level, last-ball six: 5 past the target of 151.
        (FIRST_150, inn(B, 156, 5, "19.3"), Result("win", B, 5, "wickets", False)),
        # Scores level, six off a no-ball: 6 past the target, the most allowed.
        (FIRST_150, inn(B, 157, 5, "19.3"), Result("win", B, 5, "wickets", False)),
        # Ties: all out or overs used with scores level.
        (FIRST_150, inn(B, 150, 10, "19.1"), Result("tie")),
        (FIRST_150, inn(B, 150, 5, "20"), Result("tie")),
    ],
)
def test_derive_result(first, second, expected):
    assert derive_result(first, second, LIMIT) == expected


def test_derive_result_other_team_sizes():
    # Eight-a-side: 7 wickets is all out, so 3 down wins by 4 wickets.
    first = Innings(A, 60, 7, 50)
    second = Innings(B, 61, 3, 40)
    result = derive_result(first, second, 10, players_per_side=8)
    assert result == Result("win", B, 4, "wickets", False)


@pytest.mark.parametrize(
    "result, text",
    [
        (Result("win", A, 1, "runs", True), "1 run"),
        (Result("win", A, 20, "runs", True), "20 runs"),
        (Result("win", B, 1, "wickets", False), "1 wicket"),
        (Result("win", B, 6, "wickets", False), "6 wickets"),
        (Result("tie"), ""),
    ],
)
def test_describe_margin(result, text):
    assert result.describe_margin() == text


@pytest.mark.parametrize(
    "first, second",
    [
        (None, None),  # abandoned without a ball bowled
        (inn(A, 80, 3, "10"), None),  # rain during the first innings
        (FIRST_150, None),  # rain between innings
        (FIRST_150, inn(B, 40, 2, "5")),  # rain during the chase
        (inn(A, 80, 3, "10"), Innings(B, 0, 0, 0)),  # empty second innings = not started
    ],
)
def test_declared_no_result(first, second):
    assert derive_result(first, second, LIMIT, declared_no_result=True) == Result("no_result")


@pytest.mark.parametrize(
    "first, second, declared, field",
    [
        # Chase stopped short: not all out, overs left, target not reached.
        (FIRST_150, inn(B, 100, 5, "15"), False, "second_innings.overs"),
        (FIRST_150, inn(B, 150, 5, "19.5"), False, "second_innings.overs"),
        # First innings unfinished and no chase recorded.
        (inn(A, 100, 5, "15"), None, False, "first_innings.overs"),
        # A chase cannot start before the first innings is over, whatever is declared.
        (inn(A, 100, 5, "15"), inn(B, 80, 10, "14"), False, "second_innings"),
        (inn(A, 100, 5, "15"), inn(B, 20, 1, "3"), True, "second_innings"),
        # Overshoot of 7 or more past the target.
        (FIRST_150, inn(B, 158, 5, "19.3"), False, "second_innings.runs"),
        (FIRST_150, inn(B, 190, 2, "18"), False, "second_innings.runs"),
        # Reached the target yet all out.
        (FIRST_150, inn(B, 151, 10, "19"), False, "second_innings.wickets"),
        # A finished match cannot be declared a no result.
        (FIRST_150, inn(B, 130, 10, "18.4"), True, "outcome"),
        (FIRST_150, inn(B, 140, 5, "20"), True, "outcome"),
        (FIRST_150, inn(B, 151, 5, "17"), True, "outcome"),
        # Structural problems.
        (FIRST_150, inn(A, 100, 10, "15"), False, "second_innings.batting_team_id"),
        (None, inn(B, 100, 10, "15"), True, "first_innings"),
        (None, None, False, "first_innings"),
        (FIRST_150, None, False, "second_innings"),
        # Bounds errors name the innings.
        (Innings(A, 1000, 5, 120), inn(B, 100, 10, "15"), False, "first_innings.runs"),
        (FIRST_150, Innings(B, 100, 11, 90), False, "second_innings.wickets"),
        (FIRST_150, Innings(B, 100, 5, 121), False, "second_innings.overs"),
    ],
)
def test_derive_result_refused(first, second, declared, field):
    with pytest.raises(ScoreError) as err:
        derive_result(first, second, LIMIT, declared_no_result=declared)
    assert err.value.field == field


def test_refusal_messages_are_friendly():
    with pytest.raises(ScoreError) as err:
        derive_result(FIRST_150, inn(B, 158, 5, "19.3"), LIMIT)
    assert "should have ended when the target of 151 was reached" in err.value.message
    with pytest.raises(ScoreError) as err:
        derive_result(Innings(A, 1000, 5, 120), None, LIMIT)
    assert err.value.message == "First innings: runs must be a whole number from 0 to 999."


# --- claimed results ------------------------------------------------------------

CHASED = inn(B, 151, 4, "16.4")  # B wins by 6 wickets
DEFENDED = inn(B, 130, 10, "18.4")  # A wins by 20 runs
LEVEL = inn(B, 150, 10, "19.1")  # tie
STOPPED = inn(B, 40, 2, "5")  # rain


@pytest.mark.parametrize(
    "second, winner, outcome, expected",
    [
        (DEFENDED, A, "win", Result("win", A, 20, "runs", True)),
        (CHASED, B, "win", Result("win", B, 6, "wickets", False)),
        (LEVEL, None, "tie", Result("tie")),
        (STOPPED, None, "no_result", Result("no_result")),
        (None, None, "no_result", Result("no_result")),
    ],
)
def test_claimed_result_accepted(second, winner, outcome, expected):
    assert check_claimed_result(FIRST_150, second, LIMIT, winner, outcome) == expected


@pytest.mark.parametrize(
    "second, winner, outcome, field, fragment",
    [
        # Claimed winner scored fewer runs.
        (DEFENDED, B, "win", "winner_id", "side batting first won by 20 runs"),
        (CHASED, A, "win", "winner_id", "side chasing won by 6 wickets"),
        # Claimed win when scores are level, and a tie when they are not.
        (LEVEL, A, "win", "outcome", "tie, not a win"),
        (DEFENDED, None, "tie", "outcome", "not level"),
        # Winner/outcome combinations that make no sense.
        (DEFENDED, 99, "win", "winner_id", "one of the two teams"),
        (LEVEL, A, "tie", "winner_id", "no winner"),
        (STOPPED, A, "no_result", "winner_id", "no winner"),
        (DEFENDED, None, "win", "winner_id", "Choose the winning team"),
        (DEFENDED, A, "draw", "outcome", "Choose a result"),
        # No result claimed for a finished match; a win claimed for an unfinished one.
        (DEFENDED, None, "no_result", "outcome", "finished match"),
        (STOPPED, A, "win", "second_innings.overs", "no result"),
    ],
)
def test_claimed_result_refused(second, winner, outcome, field, fragment):
    with pytest.raises(ScoreError) as err:
        check_claimed_result(FIRST_150, second, LIMIT, winner, outcome)
    assert err.value.field == field
    assert fragment in err.value.message
