"""Organiser edits of a team's name and contacts and of a player's name and role, under the registration's rules."""
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Player, Team, name_key
from ...web.errors import NotFound, ValidationFailed
from ..audit import events as audit
from ..core.transactions import run_in_transaction
from ..registration.validators import (FieldError, validate_email, validate_person_name, validate_phone,
                                       validate_role, validate_team_name)
from .decisions import check_unique, uniqueness_conflict

# field: (rule, message for a blank required field, or None when the field is optional); in form order
TEAM_RULES = {
    "name": (validate_team_name, "Enter the team name"),
    "captain_name": (validate_person_name, "Enter the captain's name"),
    "captain_phone": (validate_phone, "Enter the captain's mobile number"),
    "captain_email": (validate_email, "Enter the captain's email address"),
    "captain_whatsapp": (validate_phone, None),
    "vice_name": (validate_person_name, "Enter the vice-captain's name"),
    "vice_phone": (validate_phone, "Enter the vice-captain's mobile number"),
    "vice_email": (validate_email, "Enter the vice-captain's email address"),
    "vice_whatsapp": (validate_phone, None),
}
PLAYER_RULES = {"name": (validate_person_name, "Enter the player's name"), "role": (validate_role, None)}
VICE_PHONE_MESSAGE = "The vice-captain needs a different mobile number from the captain"
SAME_PLAYER_MESSAGE = "Another player of this team already has this name; add an initial to tell them apart"
CODE_MESSAGE = "Codes are never typed: they come from the registration counter."
FIXED_MESSAGE = "This field cannot be changed here."
TEXT_MESSAGE = "Must be text."


def team_field_problems(values):
    """{field: message} for each team field in `values` that breaks a registration rule, checked as one form."""
    return _clean_team(values)[1]


def player_field_problems(values):
    """{field: message} for each player field in `values` that breaks a registration rule."""
    return _clean(PLAYER_RULES, values)[1]


def prepare_team_edit(team):
    """Check and normalise a team an adapter has filled in (FAB's edit form) and audit it; the caller commits."""
    _apply_team(team, {})


def edit_team(team_id, changes):
    """Apply `changes` (field -> value) to a team under the same rules, audit and commit; return the team."""
    try:
        return run_in_transaction(lambda: _apply_team(_locked(Team, team_id), changes))
    except IntegrityError as error:  # a registration took the name or captain between our check and our write
        raise uniqueness_conflict(str(error.orig)) from error


def prepare_player_edit(player):
    """Check and normalise a player an adapter has filled in, re-key the name and audit it; the caller commits."""
    _apply_player(player, {})


def edit_player(player_id, changes):
    """Apply `changes` to a player under the same rules, audit and commit; return the player."""
    try:
        return run_in_transaction(lambda: _apply_player(_locked(Player, player_id), changes))
    except IntegrityError as error:  # the same name arrived in a concurrent edit
        raise ValidationFailed({"name": SAME_PLAYER_MESSAGE}) from error


def _apply_team(team, changes):
    """Check the team's values with `changes` laid over them; store them normalised or raise every problem."""
    problems = _fixed_fields(changes, TEAM_RULES)
    clean, found = _clean_team({**_current(team, TEAM_RULES), **_known(changes, TEAM_RULES)})
    if problems or found:
        raise ValidationFailed({**found, **problems})
    _store(team, clean)
    team.name_key = name_key(team.name)
    changed = _changed(team, TEAM_RULES)
    if team.holds_slot:
        check_unique(team)
    _audit("team.edited", changed, team)
    return team


def _apply_player(player, changes):
    """The same for a player, whose name must also be unique within its team."""
    problems = _fixed_fields(changes, PLAYER_RULES)
    clean, found = _clean(PLAYER_RULES, {**_current(player, PLAYER_RULES), **_known(changes, PLAYER_RULES)})
    if "name" in clean and _name_taken(player, name_key(clean["name"])):
        found["name"] = SAME_PLAYER_MESSAGE
    if problems or found:
        raise ValidationFailed({**found, **problems})
    _store(player, clean)
    player.name_key = name_key(player.name)
    changed = _changed(player, PLAYER_RULES)
    _audit("player.edited", changed, player.team, player=player.code)
    return player


def _clean_team(values):
    """The team's normalised values and problems, with the vice-captain's phone compared to the captain's."""
    clean, problems = _clean(TEAM_RULES, values)
    if clean.get("vice_phone") and clean.get("vice_phone") == clean.get("captain_phone"):
        problems["vice_phone"] = VICE_PHONE_MESSAGE
    return clean, problems


def _clean(rules, values):
    """Run each rule on its value: (normalised values, {field: message}); blank optional fields become None."""
    clean, problems = {}, {}
    for field, (rule, missing) in rules.items():
        if field not in values:
            continue
        value = values[field]
        if value is not None and not isinstance(value, str):
            problems[field] = TEXT_MESSAGE
        elif not (value or "").strip():
            if missing:
                problems[field] = missing
            else:
                clean[field] = None
        else:
            try:
                clean[field] = rule(value)
            except FieldError as error:
                problems[field] = error.message
    return clean, problems


def _fixed_fields(changes, rules):
    """A problem for every field of `changes` that no one may set here; a code is never typed."""
    return {field: CODE_MESSAGE if field == "code" else FIXED_MESSAGE for field in changes if field not in rules}


def _known(changes, rules):
    return {field: value for field, value in changes.items() if field in rules}


def _current(item, rules):
    return {field: getattr(item, field) for field in rules}


def _store(item, clean):
    for field, value in clean.items():
        setattr(item, field, value)


def _locked(model, pk):
    """The row, locked for this transaction and read fresh, or NotFound."""
    item = db.session.scalar(select(model).where(model.id == pk).with_for_update(of=model)
                             .execution_options(populate_existing=True))
    if item is None:
        raise NotFound(f"No {model.__name__.lower()} with id {pk}.")
    return item


def _name_taken(player, key):
    with db.session.no_autoflush:
        return db.session.scalar(select(Player.id).where(Player.team_id == player.team_id, Player.name_key == key,
                                                         Player.id != player.id)) is not None


def _changed(item, rules):
    """The ruled fields whose value differs from the stored one; asked before anything (a lazy load's autoflush)
    writes the change and so clears its history."""
    state = inspect(item)
    return [field for field in rules if state.attrs[field].history.has_changes()]


def _audit(event, changed, team, **details):
    """Record which fields changed, by name only: the values are personal data and stay out of the log."""
    if changed:
        audit.record(event, team=team, details={**details, "fields": changed})
