"""The whole result of a match in one step: toss, both innings, result type and any super over, checked by the
same scoring rules as the step-by-step workflow, stored in one transaction or not at all."""
from ...extensions import db
from ...lazy_text import _l
from ...models import utcnow
from ...web.errors import ValidationFailed
from ..audit import events as audit
from .fields import FieldErrors
from .scoring import ScoreError, derive_result
from .super_over import SUPER_OVER_MAX_RUNS, SUPER_OVER_WICKETS, SuperOver, super_over_result
from .workflow import (
    TOSS_CHOICES,
    abandon,
    batting_order,
    in_state,
    innings_fields,
    result_details,
    store_innings,
    store_result,
    team_id_field,
)

RESULT_TYPES = ("normal", "no_result", "super_over", "abandoned")
SUPER_FIELDS = ("super_first_runs", "super_first_wickets", "super_second_runs", "super_second_wickets")
# The scoring rules name innings parts (`first_innings.overs`); the form names its inputs (`first_overs`).
LABELS = {
    "first_runs": _l("first innings runs"), "first_wickets": _l("first innings wickets"),
    "first_overs": _l("first innings overs"), "second_runs": _l("second innings runs"),
    "second_wickets": _l("second innings wickets"), "second_overs": _l("second innings overs"),
    "super_first_runs": _l("the super-over runs of the side batting first in it"),
    "super_first_wickets": _l("the super-over wickets of the side batting first in it"),
    "super_second_runs": _l("the super-over runs of the other side"),
    "super_second_wickets": _l("the super-over wickets of the other side")}
RULE_FIELDS = {"first_innings": "first_runs", "second_innings": "second_runs", "outcome": "result_type",
               "winner_id": "result_type", "overs_limit": "result_type", "players_per_side": "result_type"}


def form_field(rule_field):
    """The form input a scoring-rule refusal belongs to."""
    if rule_field in RULE_FIELDS:
        return RULE_FIELDS[rule_field]
    slot, _, part = rule_field.partition("_innings.")
    if part:
        return f"{slot}_{'runs' if part == 'batting_team_id' else part}"
    return rule_field


def record_result(match_id, data):
    """Record or correct the whole result of a scheduled, live or completed match.

    A completed match is corrected: the reason is required and the audit keeps both versions. `abandoned` calls
    off a scheduled or live match with a reason. Every problem is reported at once, per form field.
    """
    match = in_state(match_id, ("scheduled", "live", "completed"), "given a result")
    errors = FieldErrors(LABELS)
    kind = errors.choice(data, "result_type", RESULT_TYPES)
    correcting = match.status == "completed"
    reason = errors.text(data, "reason", 3, 500, required=correcting or kind == "abandoned")
    if kind == "abandoned":
        if correcting:
            errors.add("result_type", _l("A completed match cannot be abandoned; correct its result instead."))
        errors.raise_if_any()
        abandon(match, reason)
        db.session.commit()
        return match
    if data.get("toss_winner_id") in (None, ""):
        errors.add("toss_winner_id", _l("Choose the team that won the toss."))
    if data.get("toss_choice") in (None, ""):
        errors.add("toss_choice", _l("Choose whether the toss winner chose to bat or to bowl."))
    toss_winner = team_id_field(errors, data, "toss_winner_id", match)
    choice = errors.choice(data, "toss_choice", TOSS_CHOICES)
    first_id, second_id = batting_order(match, toss_winner, choice)
    first, second = (innings_fields(errors, data, slot, team) for slot, team in
                     (("first", first_id), ("second", second_id)))
    supers = _super_over_fields(errors, data, kind, first_id, second_id)
    started_at, ended_at = _times(errors, data, match)
    scorecard_url = errors.url(data, "scorecard_url")
    errors.raise_if_any()
    result = _checked_result(match, kind, first, second, supers)
    before = result_details(match) if correcting else None
    previous = match.status
    match.toss_winner_id, match.toss_choice = toss_winner, choice
    match.first_batting_id, match.second_batting_id = first_id, second_id
    store_innings(match, "first", first)
    store_innings(match, "second", second)
    store_result(match, result, supers)
    match.started_at, match.ended_at, match.status = started_at, ended_at, "completed"
    match.scorecard_url = scorecard_url or match.scorecard_url
    if correcting:
        audit.record("match.corrected", match=match, from_status="completed", to_status="completed", reason=reason,
                     details={"before": before, "after": result_details(match)})
    else:
        audit.record("match.completed", match=match, from_status=previous, to_status="completed",
                     details={**result_details(match), "toss_winner_id": toss_winner, "toss_choice": choice})
    db.session.commit()
    return match


def _super_over_fields(errors, data, kind, first_id, second_id):
    """Both sides' super over for a `super_over` result; any super-over entry with another result type is refused."""
    if kind != "super_over":
        for name in SUPER_FIELDS:
            if data.get(name) not in (None, ""):
                errors.add(name, _l("Super over scores belong only to a tie settled by a super over; choose that "
                                    "result type or clear them."))
        return None, None
    runs = [errors.integer(data, name, 0, SUPER_OVER_MAX_RUNS) for name in SUPER_FIELDS[::2]]
    wickets = [errors.integer(data, name, 0, SUPER_OVER_WICKETS) for name in SUPER_FIELDS[1::2]]
    if None in (*runs, *wickets, first_id, second_id):
        return None, None
    # The side that batted second in the match bats first in the super over.
    return SuperOver(second_id, runs[0], wickets[0]), SuperOver(first_id, runs[1], wickets[1])


def _times(errors, data, match):
    """Start and end times: typed ones, else those already stored, else the scheduled start and now."""
    ended_at = errors.moment(data, "ended_at", required=False) or match.ended_at or utcnow()
    started_at = errors.moment(data, "started_at", required=False) or match.started_at \
        or min(match.scheduled_at, ended_at)
    if ended_at < started_at:
        errors.add("ended_at", _l("The match cannot end before it started."))
    return started_at, ended_at


def _checked_result(match, kind, first, second, supers):
    """The result the scores give for this result type, or a refusal naming the form field."""
    try:
        result = derive_result(first, second, match.overs_limit, declared_no_result=kind == "no_result")
        if kind == "super_over":
            return super_over_result(result, *supers)
        return result
    except ScoreError as error:
        raise ValidationFailed({form_field(error.field): error.message}) from None
