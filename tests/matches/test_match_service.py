"""The match workflow through the service: every transition, score bounds, derived results and audit events.

Over 300 lines: the transition table and the result checks share one match-building fixture.
"""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Match
from app.services.matches import workflow as matches
from app.services.matches.fixtures import check_deletable, create_match, prepare_match_edit
from app.web.errors import Conflict, NotFound, ValidationFailed


@pytest.fixture
def pair(make_team):
    """Two confirmed teams."""
    return make_team("Immanuel Eagles"), make_team("Trinity Tigers")


@pytest.fixture
def fixture_id(pair, make_match):
    """A scheduled match between the pair."""
    return make_match(*pair)


def status_of(in_app, match_id):
    """The stored status of a match."""
    return in_app(lambda: db.session.get(Match, match_id).status)


def events(in_app, match_id):
    """The audit event names of a match, oldest first."""
    return in_app(lambda: [e.event for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.match_id == match_id).order_by(AuditEvent.id))])


def drive(in_app, match_id, pair, to_status):
    """Bring a fresh match to the given status through the workflow."""
    one, two = pair
    if to_status == "scheduled":
        return
    if to_status == "abandoned":
        in_app(matches.abandon_match, match_id, {"reason": "Rain all day"})
        return
    in_app(matches.start_match, match_id, {"toss_winner_id": one, "toss_choice": "bat"})
    if to_status == "completed":
        in_app(matches.record_innings, match_id, {"batting_team_id": one, "runs": 80, "wickets": 10, "overs": "9.2"})
        in_app(matches.record_innings, match_id, {"batting_team_id": two, "runs": 81, "wickets": 3, "overs": "8"})
        in_app(matches.finish_match, match_id, {})


def step_payload(step, pair):
    """The service function and a valid body for one workflow step."""
    one, two = pair
    return {
        "start": (matches.start_match, {"toss_winner_id": one, "toss_choice": "bowl"}),
        "innings": (matches.record_innings, {"batting_team_id": one, "runs": 50, "wickets": 2, "overs": "5"}),
        "finish": (matches.finish_match, {"outcome": "no_result"}),
        "abandon": (matches.abandon_match, {"reason": "Ground flooded"}),
        "correct": (matches.correct_match, {"reason": "Scorer typo", "first_runs": 80, "first_wickets": 10,
                                            "first_overs": "9.2", "second_runs": 82, "second_wickets": 3,
                                            "second_overs": "8"}),
    }[step]


@pytest.mark.parametrize("status, step, allowed", [
    ("scheduled", "start", True), ("scheduled", "innings", False), ("scheduled", "finish", False),
    ("scheduled", "abandon", True), ("scheduled", "correct", False),
    ("live", "start", False), ("live", "innings", True), ("live", "finish", True), ("live", "abandon", True),
    ("live", "correct", False),
    ("completed", "start", False), ("completed", "innings", False), ("completed", "finish", False),
    ("completed", "abandon", False), ("completed", "correct", True),
    ("abandoned", "start", False), ("abandoned", "innings", False), ("abandoned", "finish", False),
    ("abandoned", "abandon", False), ("abandoned", "correct", False),
])
def test_every_transition_is_allowed_or_refused(in_app, pair, fixture_id, status, step, allowed):
    """Each step works exactly from the states the workflow allows; otherwise 409 and nothing changes."""
    drive(in_app, fixture_id, pair, status)
    service, payload = step_payload(step, pair)
    if allowed:
        in_app(service, fixture_id, payload)
        assert step in matches.next_steps(status)
    else:
        with pytest.raises(Conflict):
            in_app(service, fixture_id, payload)
        assert status_of(in_app, fixture_id) == status
        assert step not in matches.next_steps(status)


def test_happy_path_writes_one_audit_event_per_step(in_app, pair, play, fixture_id):
    """Created, started, two innings, completed: each audited against the match."""
    one, two = pair
    result = play(fixture_id, one, "bat", (one, 165, 8, "10"), (two, 120, 10, "9.4"))
    assert result == {"status": "completed", "outcome": "win", "winner_id": one, "margin": 45, "margin_type": "runs"}
    assert events(in_app, fixture_id) == ["match.created", "match.started", "match.innings_recorded",
                                          "match.innings_recorded", "match.completed"]


def test_toss_decides_the_batting_order(in_app, pair, fixture_id):
    """Choosing to bowl sends the other side in first; its innings must come first."""
    one, two = pair
    in_app(matches.start_match, fixture_id, {"toss_winner_id": one, "toss_choice": "bowl"})
    with pytest.raises(Conflict):
        in_app(matches.record_innings, fixture_id, {"batting_team_id": one, "runs": 10, "wickets": 0, "overs": "1"})
    in_app(matches.record_innings, fixture_id, {"batting_team_id": two, "runs": 10, "wickets": 0, "overs": "1"})
    match = in_app(lambda: (lambda m: (m.first_batting_id, m.second_batting_id, m.first_runs))(
        db.session.get(Match, fixture_id)))
    assert match == (two, one, 10)


@pytest.mark.parametrize("payload, field", [
    ({"toss_winner_id": 999999, "toss_choice": "bat"}, "toss_winner_id"),
    ({"toss_choice": "bat"}, "toss_winner_id"),
    ({"toss_winner_id": "TEAM", "toss_choice": "field"}, "toss_choice"),
    ({"toss_winner_id": "TEAM", "toss_choice": "bat", "scorecard_url": "javascript:alert(1)"}, "scorecard_url"),
    ({"toss_winner_id": "TEAM", "toss_choice": "bat", "started_at": "yesterday"}, "started_at"),
])
def test_start_refuses_bad_toss(in_app, pair, fixture_id, payload, field):
    """The toss winner must be one of the two teams, the choice bat or bowl."""
    payload = {k: (pair[0] if v == "TEAM" else v) for k, v in payload.items()}
    with pytest.raises(ValidationFailed) as refused:
        in_app(matches.start_match, fixture_id, payload)
    assert field in refused.value.fields
    assert status_of(in_app, fixture_id) == "scheduled"


@pytest.mark.parametrize("runs, wickets, overs, field", [
    (-1, 0, "5", "runs"), (1000, 0, "5", "runs"), ("lots", 0, "5", "runs"), (True, 0, "5", "runs"),
    (10, -1, "5", "wickets"), (10, 11, "5", "wickets"), (10, 2.5, "5", "wickets"),
    (10, 2, "12.6", "overs"), (10, 2, "10.1", "overs"), (10, 2, "-1", "overs"), (10, 2, "", "overs"),
    (10, 2, "abc", "overs"),
])
def test_innings_bounds(in_app, pair, fixture_id, runs, wickets, overs, field):
    """Runs 0–999, wickets 0–10, overs with 0–5 balls and within the 10-over limit."""
    one, _ = pair
    in_app(matches.start_match, fixture_id, {"toss_winner_id": one, "toss_choice": "bat"})
    with pytest.raises(ValidationFailed) as refused:
        in_app(matches.record_innings, fixture_id,
               {"batting_team_id": one, "runs": runs, "wickets": wickets, "overs": overs})
    assert field in refused.value.fields


@pytest.mark.parametrize("runs, wickets, overs", [(0, 0, "0"), (999, 10, "10"), ("12", "3", "9.5"), (7, 1, 1.3)])
def test_innings_at_the_bounds_are_accepted(in_app, pair, fixture_id, runs, wickets, overs):
    """Edge values and string or numeric input are read correctly."""
    one, _ = pair
    in_app(matches.start_match, fixture_id, {"toss_winner_id": one, "toss_choice": "bat"})
    in_app(matches.record_innings, fixture_id, {"batting_team_id": one, "runs": runs, "wickets": wickets,
                                                "overs": overs})


def test_all_failing_fields_are_reported_at_once(in_app, pair, fixture_id):
    """One refusal names runs, wickets and overs together."""
    in_app(matches.start_match, fixture_id, {"toss_winner_id": pair[0], "toss_choice": "bat"})
    with pytest.raises(ValidationFailed) as refused:
        in_app(matches.record_innings, fixture_id, {"batting_team_id": pair[0], "runs": -5, "wickets": 12,
                                                    "overs": "3.7"})
    assert set(refused.value.fields) == {"runs", "wickets", "overs"}


@pytest.mark.parametrize("first, second, finish, expected", [
    # batting first wins by runs; the all-out chase is 10 wickets down
    ((0, 150, 7, "10"), (1, 149, 10, "9.1"), {}, ("win", 0, 1, "runs")),
    # chasing side wins by wickets: 10 - 4 fallen = 6
    ((0, 100, 9, "10"), (1, 104, 4, "8.3"), {}, ("win", 1, 6, "wickets")),
    # level scores: a tie, no winner
    ((0, 90, 5, "10"), (1, 90, 9, "10"), {}, ("tie", None, None, None)),
    # rain: chase unfinished, declared no result
    ((0, 90, 5, "10"), (1, 40, 1, "4"), {"outcome": "no_result"}, ("no_result", None, None, None)),
    # first innings all out early is complete
    ((0, 45, 10, "6.1"), (1, 46, 0, "3"), {}, ("win", 1, 10, "wickets")),
    # claimed result that matches the scores is accepted
    ((0, 120, 6, "10"), (1, 100, 10, "9"), {"outcome": "win", "winner_id": 0}, ("win", 0, 20, "runs")),
])
def test_results_are_derived_from_the_scores(pair, make_match, play, first, second, finish, expected):
    """Win by runs, by wickets, tie and no result."""
    match_id = make_match(*pair)
    team = lambda index: pair[index]  # noqa: E731
    finish = {k: (team(v) if k == "winner_id" else v) for k, v in finish.items()}
    result = play(match_id, team(first[0]), "bat", (team(first[0]), *first[1:]), (team(second[0]), *second[1:]),
                  finish)
    outcome, winner, margin, margin_type = expected
    assert result == {"status": "completed", "outcome": outcome, "winner_id": None if winner is None else team(winner),
                      "margin": margin, "margin_type": margin_type}


@pytest.mark.parametrize("first, second, finish, field", [
    ((0, 90, 5, "8"), (1, 40, 1, "4"), {}, "second_innings"),
    ((0, 90, 5, "8"), None, {}, "first_innings.overs"),
    ((0, 90, 5, "10"), (1, 60, 3, "7"), {}, "second_innings.overs"),
    ((0, 90, 5, "10"), (1, 120, 2, "8"), {}, "second_innings.runs"),
    ((0, 90, 5, "10"), (1, 95, 10, "9"), {}, "second_innings.wickets"),
    ((0, 90, 5, "10"), (1, 80, 10, "9"), {"outcome": "win", "winner_id": 1}, "winner_id"),
    ((0, 90, 5, "10"), (1, 80, 10, "9"), {"outcome": "tie"}, "outcome"),
    ((0, 90, 5, "10"), (1, 80, 10, "9"), {"outcome": "no_result"}, "outcome"),
    ((0, 90, 5, "10"), (1, 90, 10, "9"), {"outcome": "win", "winner_id": 0}, "outcome"),
    ((0, 90, 5, "10"), None, {}, "second_innings"),
    ((0, 90, 5, "10"), (1, 80, 10, "9"), {"outcome": "draw"}, "outcome"),
])
def test_inconsistent_results_are_refused(in_app, pair, make_match, first, second, finish, field):
    """Scores that cannot have happened, or a claim that contradicts them, leave the match live."""
    match_id = make_match(*pair)
    one = pair[first[0]]
    in_app(matches.start_match, match_id, {"toss_winner_id": one, "toss_choice": "bat"})
    for innings in (first, second):
        if innings:
            in_app(matches.record_innings, match_id, {"batting_team_id": pair[innings[0]], "runs": innings[1],
                                                      "wickets": innings[2], "overs": innings[3]})
    finish = {k: (pair[v] if k == "winner_id" else v) for k, v in finish.items()}
    with pytest.raises(ValidationFailed) as refused:
        in_app(matches.finish_match, match_id, finish)
    assert field in refused.value.fields
    assert status_of(in_app, match_id) == "live"


def test_no_result_without_any_innings(in_app, pair, fixture_id):
    """A match started but washed out before a ball is completed as a no result."""
    in_app(matches.start_match, fixture_id, {"toss_winner_id": pair[1], "toss_choice": "bowl"})
    match = in_app(lambda: matches.finish_match(fixture_id, {"outcome": "no_result"}).outcome)
    assert match == "no_result"


def test_abandon_needs_a_reason_and_is_audited(in_app, fixture_id):
    """The reason is stored on the audit event."""
    with pytest.raises(ValidationFailed):
        in_app(matches.abandon_match, fixture_id, {"reason": ""})
    in_app(matches.abandon_match, fixture_id, {"reason": "Ground flooded"})
    event = in_app(lambda: (lambda e: (e.from_status, e.to_status, e.reason))(db.session.scalars(
        select(AuditEvent).where(AuditEvent.event == "match.abandoned")).one()))
    assert event == ("scheduled", "abandoned", "Ground flooded")


def test_correction_rederives_the_result_and_keeps_both_versions(in_app, pair, play, fixture_id):
    """A completed match changes only through an audited correction; the result follows the new scores."""
    one, two = pair
    play(fixture_id, one, "bat", (one, 100, 10, "9"), (two, 90, 10, "9.5"))
    with pytest.raises(ValidationFailed):
        in_app(matches.correct_match, fixture_id, {"reason": "", "first_runs": 100})
    in_app(matches.correct_match, fixture_id, {
        "reason": "Two runs missed in the chase", "first_runs": 100, "first_wickets": 10, "first_overs": "9",
        "second_runs": 101, "second_wickets": 7, "second_overs": "9.5"})
    match, event = in_app(lambda: (
        (lambda m: (m.status, m.winner_id, m.margin, m.margin_type))(db.session.get(Match, fixture_id)),
        (lambda e: (e.reason, e.details))(db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "match.corrected")).one())))
    assert match == ("completed", two, 3, "wickets")
    assert event[0] == "Two runs missed in the chase"
    assert event[1]["before"]["second"] == "90 all out (9.5 ov)"
    assert event[1]["after"]["second"] == "101/7 (9.5 ov)"


def test_inconsistent_correction_is_refused_and_changes_nothing(in_app, pair, play, fixture_id):
    """A correction is held to the same rules as the first result."""
    one, two = pair
    play(fixture_id, one, "bat", (one, 100, 10, "9"), (two, 90, 10, "9.5"))
    with pytest.raises(ValidationFailed):
        in_app(matches.correct_match, fixture_id, {
            "reason": "Typo", "first_runs": 100, "first_wickets": 10, "first_overs": "9",
            "second_runs": 60, "second_wickets": 2, "second_overs": "5"})
    assert in_app(lambda: db.session.get(Match, fixture_id).second_runs) == 90


@pytest.mark.parametrize("change, field, error", [
    ({"team2_id": "SAME"}, "team2_id", ValidationFailed),
    ({"team2_id": "PENDING"}, "team2_id", ValidationFailed),
    ({"team1_id": "REJECTED"}, "team1_id", ValidationFailed),
    ({"team1_id": 424242}, "team1_id", ValidationFailed),
    ({"venue": ""}, "venue", ValidationFailed),
    ({"scheduled_at": None}, "scheduled_at", ValidationFailed),
    ({"round_number": 0}, "round_number", ValidationFailed),
    ({"overs_limit": 51}, "overs_limit", ValidationFailed),
    ({"match_number": 1}, "match_number", Conflict),
])
def test_creation_rules(in_app, make_team, pair, fixture_id, change, field, error):
    """Confirmed, different teams; venue and time required; round/match number unique."""
    specials = {"SAME": pair[0], "PENDING": make_team("Pending Panthers", status="pending"),
                "REJECTED": make_team("Rejected Rams", status="rejected")}
    data = {"round_label": "League", "round_number": 1, "match_number": 7, "group_name": "Group A",
            "team1_id": pair[0], "team2_id": pair[1], "venue": "CSI Ground", "scheduled_at": "2026-01-10T09:30"}
    data.update({k: specials.get(v, v) for k, v in change.items()})
    with pytest.raises(error) as refused:
        in_app(create_match, data)
    assert refused.value.details["field"] == field


def test_creation_defaults_and_local_time(in_app, pair):
    """Overs default to the tournament's; a time without a zone is Coimbatore time (UTC+5:30)."""
    data = {"round_label": "League", "round_number": 2, "match_number": 1, "team1_id": pair[0], "team2_id": pair[1],
            "venue": "CSI Ground", "scheduled_at": "2026-01-10T09:30"}
    created = in_app(lambda: (lambda m: (m.overs_limit, m.scheduled_at.isoformat(), m.status))(create_match(data)))
    assert created == (10, "2026-01-10T04:00:00+00:00", "scheduled")


@pytest.mark.parametrize("status, deletable", [("scheduled", True), ("live", False), ("completed", False),
                                               ("abandoned", True)])
def test_delete_and_edit_guards(in_app, pair, fixture_id, status, deletable):
    """Completed and live matches are never deleted; only scheduled ones are edited."""
    drive(in_app, fixture_id, pair, status)

    def attempt(check):
        check(db.session.get(Match, fixture_id))

    if deletable:
        in_app(attempt, check_deletable)
    else:
        with pytest.raises(Conflict):
            in_app(attempt, check_deletable)
    if status == "scheduled":
        in_app(attempt, prepare_match_edit)
    else:
        with pytest.raises(Conflict):
            in_app(attempt, prepare_match_edit)


def test_unknown_match_is_not_found(in_app):
    """Every step answers NotFound for a missing id."""
    with pytest.raises(NotFound):
        in_app(matches.start_match, 98765, {})
