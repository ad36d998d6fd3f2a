"""Fixtures: the rules for scheduling, editing and deleting matches, and round-robin proposals."""
from datetime import timedelta

from sqlalchemy import func, select

from ...extensions import db
from ...models import Match, Team
from ...text import whole_numbers
from ...web.errors import Conflict, ValidationFailed
from ..audit import events as audit
from ..core.bootstrap import ensure_tournament
from .fields import FieldErrors

FIXTURE_FIELDS = ("round_label", "round_number", "match_number", "group_name", "team1_id", "team2_id", "venue",
                  "scheduled_at", "overs_limit")


def _clean_fixture(data, match_id=None):
    """Check every scheduling field at once and return the clean values with both teams loaded."""
    errors = FieldErrors()
    clean = {
        "round_label": errors.text(data, "round_label", 1, 60),
        "round_number": errors.integer(data, "round_number", 1, 999),
        "match_number": errors.integer(data, "match_number", 1, 9999),
        "group_name": errors.text(data, "group_name", 1, 30, required=False),
        "venue": errors.text(data, "venue", 2, 200),
        "scheduled_at": errors.moment(data, "scheduled_at"),
        "overs_limit": errors.integer(data, "overs_limit", 1, 50, required=False)
        or ensure_tournament().overs_per_innings,
    }
    for side in ("team1", "team2"):
        team_id = errors.integer(data, f"{side}_id", 1, 2**31 - 1)
        team = db.session.get(Team, team_id) if team_id else None
        if team_id and team is None:
            errors.add(f"{side}_id", "Choose a registered team.")
        elif team is not None and team.status != "confirmed":
            errors.add(f"{side}_id", f"{team.name} is {team.status}; only confirmed teams can play.")
        clean[side] = team
    if clean["team1"] is not None and clean["team1"] is clean["team2"]:
        errors.add("team2_id", "A team cannot play itself; choose two different teams.")
    errors.raise_if_any()
    clash = select(Match.id).where(Match.round_number == clean["round_number"],
                                   Match.match_number == clean["match_number"])
    if match_id is not None:
        clash = clash.where(Match.id != match_id)
    with db.session.no_autoflush:
        taken = db.session.scalar(clash)
    if taken:
        raise Conflict(f"Round {clean['round_number']} already has a match number {clean['match_number']}.",
                       details={"field": "match_number"})
    return clean


def _fixture_data(match):
    """The scheduling fields of a model filled in by a form or a REST payload."""
    data = {name: getattr(match, name) for name in FIXTURE_FIELDS}
    for side in ("team1", "team2"):
        team = getattr(match, side)
        data[f"{side}_id"] = team.id if team is not None else data[f"{side}_id"]
    return data


def _apply(match, clean):
    for name, value in clean.items():
        setattr(match, name, value)


def prepare_new_match(match):
    """Check and normalise a new match from any adapter, add it and audit `match.created` (caller commits)."""
    clean = _clean_fixture(_fixture_data(match))
    _apply(match, clean)
    match.status = "scheduled"
    db.session.add(match)
    db.session.flush()
    audit.record("match.created", match=match, to_status="scheduled",
                 details={"round": match.round_label, "match_number": match.match_number})
    return match


def create_match(data):
    """Schedule a match from raw form or JSON values and commit it."""
    match = prepare_new_match(Match(**{name: data.get(name) for name in FIXTURE_FIELDS}))
    db.session.commit()
    return match


def prepare_match_edit(match):
    """Check an edit of a scheduled match (caller commits); started or finished matches are refused."""
    if match.status != "scheduled":
        raise Conflict(f"Match {match.id} is {match.status}; only scheduled matches can be edited. "
                       "Use a correction for a completed match.", details={"status": match.status})
    _apply(match, _clean_fixture(_fixture_data(match), match_id=match.id))
    audit.record("match.updated", match=match)


def check_deletable(match):
    """Refuse to delete a live or completed match; audit the deletion of any other."""
    if match.status in ("live", "completed"):
        raise Conflict(f"Match {match.id} is {match.status} and cannot be deleted.", details={"status": match.status})
    # The event keeps the id in its details: a foreign key to a row deleted in the same flush would fail.
    audit.record("match.deleted", from_status=match.status,
                 details={"match_id": match.id, "round": match.round_label, "match_number": match.match_number})


def round_robin(team_ids):
    """Pair every team with every other once, round by round (circle method), so no team plays twice running."""
    teams = list(team_ids) + ([None] if len(team_ids) % 2 else [])
    pairs = []
    for _ in range(len(teams) - 1):
        half = len(teams) // 2
        pairs.extend((a, b) for a, b in zip(teams[:half], reversed(teams[half:])) if a and b)
        teams = [teams[0], teams[-1]] + teams[1:-1]
    return pairs


def propose_fixtures(data):
    """Return the matches a round robin would create, without saving anything."""
    errors = FieldErrors()
    first_start = errors.moment(data, "first_start")
    interval = errors.integer(data, "interval_minutes", 0, 24 * 60)
    team_ids = sorted(set(whole_numbers(data.get("team_ids") or [])))
    if len(team_ids) < 2:
        errors.add("team_ids", "Pick at least two confirmed teams.")
    round_number = errors.integer(data, "round_number", 1, 999)
    errors.raise_if_any()
    next_number = (db.session.scalar(select(func.max(Match.match_number))
                                     .where(Match.round_number == round_number)) or 0) + 1
    return [{"round_label": data.get("round_label"), "round_number": round_number, "match_number": next_number + i,
             "group_name": data.get("group_name"), "team1_id": a, "team2_id": b, "venue": data.get("venue"),
             "scheduled_at": first_start + timedelta(minutes=interval * i), "overs_limit": data.get("overs_limit")}
            for i, (a, b) in enumerate(round_robin(team_ids))]


def create_fixtures(proposals):
    """Create all proposed matches in one transaction, or none of them."""
    try:
        matches = [prepare_new_match(Match(**{name: p.get(name) for name in FIXTURE_FIELDS})) for p in proposals]
    except (ValidationFailed, Conflict):
        db.session.rollback()
        raise
    db.session.commit()
    return matches
