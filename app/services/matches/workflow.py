"""The match workflow: schedule → start → score each innings → finish, or abandon; audited corrections.

The admin's one result form (result_form.py) reuses these steps' field readers and stores."""
from sqlalchemy import select

from ...extensions import db
from ...models import Match, utcnow
from ...web.errors import Conflict, NotFound, ValidationFailed
from ..audit import events as audit
from .fields import FieldErrors
from .readouts import both_innings, innings_of, score_text
from .scoring import (
    BALLS_PER_OVER,
    MAX_RUNS,
    Innings,
    ScoreError,
    check_claimed_result,
    derive_result,
    validate_innings,
)

TOSS_CHOICES = ("bat", "bowl")
# `result` is the one form (result_form.record_result) for the whole result, the others are its single steps.
NEXT_STEPS = {"scheduled": ("result", "start", "abandon"), "live": ("result", "innings", "finish", "abandon"),
              "completed": ("result", "correct"), "abandoned": ()}
OUTCOME_CHOICES = ("win", "tie", "no_result")
MAX_WICKETS = 10


def get_match(match_id, lock=False):
    """Return the match with this id, locked for update when asked; 404 when there is none."""
    query = select(Match).where(Match.id == match_id)
    if lock:
        query = query.with_for_update(of=Match)
    match = db.session.scalar(query)
    if match is None:
        raise NotFound(f"There is no match {match_id}.")
    return match


def next_steps(status):
    """The workflow steps a match in this status allows, in the order a scorer takes them."""
    return NEXT_STEPS.get(status, ())


def in_state(match_id, allowed, doing):
    match = get_match(match_id, lock=True)
    if match.status not in allowed:
        raise Conflict(f"Match {match_id} is {match.status}; only a {' or '.join(allowed)} match can be {doing}.",
                       details={"status": match.status})
    return match


def team_id_field(errors, data, field, match):
    """Read a team id that must be one of the match's two teams."""
    team_id = errors.integer(data, field, 1, 2**31 - 1)
    if team_id is not None and team_id not in (match.team1_id, match.team2_id):
        errors.add(field, "Choose one of the two teams in this match.")
        return None
    return team_id


def _score_refusal(error):
    """Turn a scoring rule refusal into the shared 422 naming its field."""
    return ValidationFailed({error.field: error.message})


def start_match(match_id, data):
    """Record the toss and start time; `scheduled` → `live`."""
    match = in_state(match_id, ("scheduled",), "started")
    errors = FieldErrors()
    toss_winner = team_id_field(errors, data, "toss_winner_id", match)
    choice = errors.choice(data, "toss_choice", TOSS_CHOICES)
    started_at = errors.moment(data, "started_at", required=False) or utcnow()
    scorecard_url = errors.url(data, "scorecard_url")
    errors.raise_if_any()
    match.toss_winner_id, match.toss_choice = toss_winner, choice
    match.first_batting_id, match.second_batting_id = batting_order(match, toss_winner, choice)
    match.started_at, match.status = started_at, "live"
    match.scorecard_url = scorecard_url or match.scorecard_url
    audit.record("match.started", match=match, from_status="scheduled", to_status="live",
                 details={"toss_winner_id": toss_winner, "toss_choice": choice})
    db.session.commit()
    return match


def batting_order(match, toss_winner, choice):
    """(batting first, batting second) team ids from the toss; (None, None) while the toss is unknown."""
    if toss_winner is None or choice is None:
        return None, None
    other = match.team2_id if toss_winner == match.team1_id else match.team1_id
    return (toss_winner, other) if choice == "bat" else (other, toss_winner)


def record_innings(match_id, data):
    """Record (or update, while live) the score of the innings the given team batted."""
    match = in_state(match_id, ("live",), "scored")
    errors = FieldErrors()
    batting = team_id_field(errors, data, "batting_team_id", match)
    runs = errors.integer(data, "runs", 0, MAX_RUNS)
    wickets = errors.integer(data, "wickets", 0, MAX_WICKETS)
    balls = errors.overs(data, "overs")
    if balls is not None and balls > match.overs_limit * BALLS_PER_OVER:
        errors.add("overs", f"Overs cannot be more than the {match.overs_limit}-over limit.")
    errors.raise_if_any()
    slot = "first" if batting == match.first_batting_id else "second"
    if slot == "second" and innings_of(match, "first") is None:
        raise Conflict("Record the first innings before the second.", details={"field": "batting_team_id"})
    innings = Innings(batting, runs, wickets, balls)
    try:
        validate_innings(innings, match.overs_limit)
    except ScoreError as error:
        raise _score_refusal(error) from None
    store_innings(match, slot, innings)
    audit.record("match.innings_recorded", match=match,
                 details={"innings": slot, "batting_team_id": batting, "score": score_text(innings)})
    db.session.commit()
    return match


def store_innings(match, slot, innings):
    for name, value in (("runs", innings and innings.runs), ("wickets", innings and innings.wickets),
                        ("balls", innings and innings.balls)):
        setattr(match, f"{slot}_{name}", value)


def _derive(match, data, errors):
    """Derive the result from the scores, checking the scorer's claimed outcome and winner if given."""
    outcome = errors.choice(data, "outcome", OUTCOME_CHOICES, required=False)
    winner = team_id_field(errors, data, "winner_id", match) if data.get("winner_id") not in (None, "") else None
    errors.raise_if_any()
    first, second = both_innings(match)
    try:
        if outcome is None:
            return derive_result(first, second, match.overs_limit)
        return check_claimed_result(first, second, match.overs_limit, winner, outcome)
    except ScoreError as error:
        raise _score_refusal(error) from None


def store_result(match, result, super_overs=(None, None)):
    """Store a derived result; the super-over columns are filled for a tie settled by one and cleared otherwise."""
    match.outcome, match.winner_id = result.outcome, result.winner_id
    match.margin, match.margin_type = result.margin, result.margin_type
    first, second = super_overs
    match.super_first_runs, match.super_first_wickets = (first.runs, first.wickets) if first else (None, None)
    match.super_second_runs, match.super_second_wickets = (second.runs, second.wickets) if second else (None, None)


def finish_match(match_id, data):
    """Derive and store the result; `live` → `completed`. Inconsistent scores are refused."""
    match = in_state(match_id, ("live",), "finished")
    errors = FieldErrors()
    ended_at = errors.moment(data, "ended_at", required=False) or utcnow()
    if match.started_at and ended_at < match.started_at:
        errors.add("ended_at", "The match cannot end before it started.")
    result = _derive(match, data, errors)
    store_result(match, result)
    match.ended_at, match.status = ended_at, "completed"
    audit.record("match.completed", match=match, from_status="live", to_status="completed",
                 details=result_details(match))
    db.session.commit()
    return match


def abandon_match(match_id, data):
    """Call off a scheduled or live match, with a reason; `scheduled`/`live` → `abandoned`."""
    match = in_state(match_id, ("scheduled", "live"), "abandoned")
    errors = FieldErrors()
    reason = errors.text(data, "reason", 3, 500)
    errors.raise_if_any()
    abandon(match, reason)
    db.session.commit()
    return match


def abandon(match, reason):
    """Mark a locked scheduled or live match abandoned and audit it (the caller commits)."""
    previous = match.status
    match.status, match.ended_at = "abandoned", utcnow()
    audit.record("match.abandoned", match=match, from_status=previous, to_status="abandoned", reason=reason)


def correct_match(match_id, data):
    """Replace the scores of a completed match and re-derive its result; the reason and both versions are audited."""
    match = in_state(match_id, ("completed",), "corrected")
    errors = FieldErrors()
    reason = errors.text(data, "reason", 3, 500)
    corrected = {slot: innings_fields(errors, data, slot, getattr(match, f"{slot}_batting_id"))
                 for slot in ("first", "second")}
    errors.raise_if_any()
    before = result_details(match)
    with db.session.no_autoflush:
        for slot, innings in corrected.items():
            store_innings(match, slot, innings)
        result = _derive(match, data, errors)
    store_result(match, result)
    audit.record("match.corrected", match=match, from_status="completed", to_status="completed", reason=reason,
                 details={"before": before, "after": result_details(match)})
    db.session.commit()
    return match


def innings_fields(errors, data, slot, batting_id):
    """Read `<slot>_runs/_wickets/_overs`; all blank means the innings was not played."""
    names = [f"{slot}_runs", f"{slot}_wickets", f"{slot}_overs"]
    if all(data.get(name) in (None, "") for name in names):
        return None
    runs = errors.integer(data, names[0], 0, MAX_RUNS)
    wickets = errors.integer(data, names[1], 0, MAX_WICKETS)
    balls = errors.overs(data, names[2])
    if None in (runs, wickets, balls, batting_id):
        return None
    return Innings(batting_id, runs, wickets, balls)


def result_details(match):
    """The result as the audit log keeps it: both scores, outcome, winner, margin and any super over."""
    first, second = both_innings(match)
    details = {"first": score_text(first), "second": score_text(second), "outcome": match.outcome,
               "winner_id": match.winner_id, "margin": match.margin, "margin_type": match.margin_type}
    if match.super_first_runs is not None:
        details["super_over"] = [f"{match.super_first_runs}/{match.super_first_wickets}",
                                 f"{match.super_second_runs}/{match.super_second_wickets}"]
    return details

