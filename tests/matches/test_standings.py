"""Points-table tests checked against hand-computed examples."""

from fractions import Fraction

import pytest

from app.services.matches.scoring import Innings, Result, derive_result
from app.services.matches.standings import (
    CompletedMatch,
    StandingRow,
    compute_standings,
    format_nrr,
    net_run_rate,
    round_nrr,
)

OVERS = 10  # 60-ball innings throughout


def played(team1, team2, first, second, no_result=False):
    """Build a CompletedMatch whose result is derived from the scores, as the app would."""
    result = derive_result(first, second, OVERS, declared_no_result=no_result)
    return CompletedMatch(team1, team2, first, second, result, OVERS)


# Example 1 - four teams, 10 overs (60 balls) a side.
#
#   A  1 v 2: 1 80/6 (10)    2 62 all out (8.4 = 52 balls)  -> 1 won by 18 runs
#   B  3 v 4: 3 70/5 (10)    4 71/3 (9 = 54 balls)           -> 4 won by 7 wickets
#   C  1 v 3: 3 90/7 (10)    1 90/9 (10)                     -> tie
#   D  2 v 4: 2 50/2 (6)     abandoned                       -> no result (not in NRR)
#   E  1 v 4: 4 100/4 (10)   1 101/2 (8.2 = 50 balls)        -> 1 won by 8 wickets
#   F  2 v 3: 2 75/8 (10)    3 40 all out (7 = 42 balls)     -> 2 won by 35 runs
#
# All-out sides count the full 60 balls (A: team 2, F: team 3).
#
# Team 1: W2 T1, 2+1+2 = 5 pts. For 80+90+101 = 271 off 60+60+50 = 170 balls.
#         Against 62+90+100 = 252 off 60(all out)+60+60 = 180 balls.
#         NRR = 271*6/170 - 252*6/180 = 9.5647 - 8.4 = 99/85 = +1.165
# Team 2: W1 L1 NR1, 2+0+1 = 3 pts. For 62+75 = 137 off 60(all out)+60 = 120.
#         Against 80+40 = 120 off 60+60(all out) = 120. NRR = 6.85 - 6.0 = +0.850
# Team 4: W1 L1 NR1, 3 pts. For 71+100 = 171 off 54+60 = 114.
#         Against 70+101 = 171 off 60+50 = 110. NRR = 9.0 - 9.3273 = -18/55 = -0.327
# Team 3: L2 T1, 1 pt. For 70+90+40 = 200 off 60+60+60(all out) = 180.
#         Against 71+90+75 = 236 off 54+60+60 = 174. NRR = 6.6667 - 8.1379 = -128/87 = -1.471
# Order: 1 (5 pts), 2 (3, +0.850), 4 (3, -0.327), 3 (1).
EXAMPLE_1 = [
    played(1, 2, Innings(1, 80, 6, 60), Innings(2, 62, 10, 52)),
    played(3, 4, Innings(3, 70, 5, 60), Innings(4, 71, 3, 54)),
    played(1, 3, Innings(3, 90, 7, 60), Innings(1, 90, 9, 60)),
    played(2, 4, Innings(2, 50, 2, 36), None, no_result=True),
    played(1, 4, Innings(4, 100, 4, 60), Innings(1, 101, 2, 50)),
    played(2, 3, Innings(2, 75, 8, 60), Innings(3, 40, 10, 42)),
]


def test_example_1_results_are_as_written():
    results = [m.result for m in EXAMPLE_1]
    assert results == [
        Result("win", 1, 18, "runs", True),
        Result("win", 4, 7, "wickets", False),
        Result("tie"),
        Result("no_result"),
        Result("win", 1, 8, "wickets", False),
        Result("win", 2, 35, "runs", True),
    ]


def test_example_1_table():
    rows = compute_standings(EXAMPLE_1, [1, 2, 3, 4])
    expected = [
        # team, P, W, L, T, NR, pts, rf, bf, ra, bb
        (1, 3, 2, 0, 1, 0, 5, 271, 170, 252, 180),
        (2, 3, 1, 1, 0, 1, 3, 137, 120, 120, 120),
        (4, 3, 1, 1, 0, 1, 3, 171, 114, 171, 110),
        (3, 3, 0, 2, 1, 0, 1, 200, 180, 236, 174),
    ]
    assert [
        (
            r.team_id, r.played, r.won, r.lost, r.tied, r.no_result, r.points,
            r.runs_for, r.balls_faced, r.runs_against, r.balls_bowled,
        )
        for r in rows
    ] == expected
    exact = [Fraction(99, 85), Fraction(17, 20), Fraction(-18, 55), Fraction(-128, 87)]
    assert [r.net_run_rate for r in rows] == pytest.approx([float(x) for x in exact])
    assert [format_nrr(r.net_run_rate) for r in rows] == ["+1.165", "+0.850", "-0.327", "-1.471"]


# Example 2 - head-to-head decides between teams level on points AND net run rate.
#
#   6 v 5: 6 100/5 (10)  5 90/8 (10)  -> 6 won by 10 runs
#   5 v 7: 5 100/5 (10)  7 90/8 (10)  -> 5 won by 10 runs
#   6 v 8: 8 100/5 (10)  6 90/8 (10)  -> 8 won by 10 runs
#
# Team 8: 2 pts, for 100/60 against 90/60 -> NRR +1.000
# Team 5: 2 pts, for 190/120 against 190/120 -> NRR 0
# Team 6: 2 pts, for 190/120 against 190/120 -> NRR 0
# Team 7: 0 pts, for 90/60 against 100/60 -> NRR -1.000
# 5 and 6 are level on points and NRR; 6 beat 5, so 6 ranks above 5 even though
# team id order would put 5 first. 5's win over 7 and 8's win over 6 do not count
# because 7 and 8 are not level with them.
# Order: 8, 6, 5, 7.
EXAMPLE_2 = [
    played(6, 5, Innings(6, 100, 5, 60), Innings(5, 90, 8, 60)),
    played(5, 7, Innings(5, 100, 5, 60), Innings(7, 90, 8, 60)),
    played(6, 8, Innings(8, 100, 5, 60), Innings(6, 90, 8, 60)),
]


def test_example_2_head_to_head():
    rows = compute_standings(EXAMPLE_2, [5, 6, 7, 8])
    assert [(r.team_id, r.points, r.net_run_rate) for r in rows] == [
        (8, 2, 1.0),
        (6, 2, 0.0),
        (5, 2, 0.0),
        (7, 0, -1.0),
    ]


# Example 3 - a three-way cycle (9 beat 10, 10 beat 11, 11 beat 9), each by the same
# scores, leaves everyone on 2 pts, NRR 0 and one head-to-head win: team id decides.
def test_example_3_cycle_falls_back_to_team_id():
    matches = [
        played(9, 10, Innings(9, 100, 5, 60), Innings(10, 90, 8, 60)),
        played(10, 11, Innings(10, 100, 5, 60), Innings(11, 90, 8, 60)),
        played(11, 9, Innings(11, 100, 5, 60), Innings(9, 90, 8, 60)),
    ]
    rows = compute_standings(matches, [11, 10, 9])
    assert [(r.team_id, r.points, r.net_run_rate) for r in rows] == [
        (9, 2, 0.0),
        (10, 2, 0.0),
        (11, 2, 0.0),
    ]


# Example 4 - NRRs equal on paper but not in naive float arithmetic.
#
#   22 v 21: 22 107/6 (10)  21 98/7 (10)            -> 22 won by 9 runs
#   24 v 21: 24 76/8 (10)   21 77/5 (10)            -> 21 won by 5 wickets
#   22 v 23: 22 77/9 (10)   23 78/4 (8.2 = 50 balls) -> 23 won by 6 wickets
#
# Team 23: 2 pts, 78*6/50 - 77*6/60 = 9.36 - 7.70 = +1.660
# Team 22: 2 pts, for 184/120 against 176/110 -> 9.2 - 9.6 = -0.400 exactly
# Team 21: 2 pts, for 175/120 against 183/120 -> 8.75 - 9.15 = -0.400 exactly
# Team 24: 0 pts, 7.6 - 7.7 = -0.100
# runs/(balls/6) in floats gives 22 -0.40000000000000213 and 21 -0.40000000000000036,
# which would wrongly rank 21 first; exact NRR makes them level and 22 beat 21.
# Order: 23, 22, 21, 24.
def test_example_4_equal_nrr_is_exact():
    matches = [
        played(22, 21, Innings(22, 107, 6, 60), Innings(21, 98, 7, 60)),
        played(24, 21, Innings(24, 76, 8, 60), Innings(21, 77, 5, 60)),
        played(22, 23, Innings(22, 77, 9, 60), Innings(23, 78, 4, 50)),
    ]
    rows = compute_standings(matches, [21, 22, 23, 24])
    assert [(r.team_id, r.points, format_nrr(r.net_run_rate)) for r in rows] == [
        (23, 2, "+1.660"),
        (22, 2, "-0.400"),
        (21, 2, "-0.400"),
        (24, 0, "-0.100"),
    ]
    assert rows[1].net_run_rate == rows[2].net_run_rate == -0.4


def test_unplayed_teams_rank_by_id():
    rows = compute_standings([], [3, 1, 2])
    assert rows == [
        StandingRow(t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0) for t in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    "args, expected",
    [((0, 0, 0, 0), 0.0), ((60, 60, 0, 0), 6.0), ((0, 0, 30, 60), -3.0), ((41, 6, 30, 6), 11.0)],
)
def test_net_run_rate(args, expected):
    assert net_run_rate(*args) == expected


@pytest.mark.parametrize(
    "value, rounded, text",
    [
        (1.1647058823529, 1.165, "+1.165"),
        (0.85, 0.85, "+0.850"),
        (-0.32727272, -0.327, "-0.327"),
        (-1.4712643678, -1.471, "-1.471"),
        (0.0625, 0.063, "+0.063"),  # half rounds away from zero
        (-0.0625, -0.063, "-0.063"),
        (-0.0004, 0.0, "0.000"),  # no "-0.000"
        (0.0, 0.0, "0.000"),
    ],
)
def test_round_and_format_nrr(value, rounded, text):
    assert round_nrr(value) == rounded
    assert format_nrr(value) == text


@pytest.mark.parametrize(
    "match, teams",
    [
        (CompletedMatch(1, 5, None, None, Result("no_result"), OVERS), [1, 2]),
        (CompletedMatch(1, 1, None, None, Result("no_result"), OVERS), [1, 2]),
        (CompletedMatch(1, 2, None, None, Result("win", 1, 5, "runs", True), OVERS), [1, 2]),
        (
            CompletedMatch(
                1, 2, Innings(1, 50, 2, 60), Innings(3, 40, 10, 30),
                Result("win", 1, 10, "runs", True), OVERS,
            ),
            [1, 2, 3],
        ),
        (
            CompletedMatch(
                1, 2, Innings(1, 50, 2, 60), Innings(2, 40, 10, 30),
                Result("win", 3, 10, "runs", True), OVERS,
            ),
            [1, 2, 3],
        ),
        (CompletedMatch(1, 2, None, None, Result("no_result"), OVERS), [1, 2, 1]),
    ],
)
def test_inconsistent_match_data_rejected(match, teams):
    with pytest.raises(ValueError):
        compute_standings([match], teams)
