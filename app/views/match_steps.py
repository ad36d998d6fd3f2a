"""The admin forms of the match workflow: which fields each step asks for and which service it calls."""
from dataclasses import dataclass
from typing import Callable

from ..services.matches import workflow as matches
from ..services.matches.readouts import innings_of
from ..services.matches.scoring import format_overs


@dataclass(frozen=True)
class Field:
    """One form input: name, label, kind (select, text, number, datetime) and choices for selects."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple = ()
    value: object = ""


@dataclass(frozen=True)
class Step:
    """A workflow step as the admin UI shows it."""

    title: str
    done: str
    service: Callable
    fields: Callable


def _teams(match):
    return ((match.team1_id, match.team1.name), (match.team2_id, match.team2.name))


def _start_fields(match):
    return [Field("toss_winner_id", "Toss won by", "select", _teams(match)),
            Field("toss_choice", "Chose to", "select", (("bat", "bat"), ("bowl", "bowl"))),
            Field("started_at", "Start time (local, blank for now)", "datetime"),
            Field("scorecard_url", "Scorecard address (optional)")]


def _innings_fields(match):
    batting = match.second_batting_id if innings_of(match, "first") else match.first_batting_id
    order = sorted(_teams(match), key=lambda team: team[0] != batting)
    return [Field("batting_team_id", "Batting team", "select", tuple(order)),
            Field("runs", "Runs", "number"), Field("wickets", "Wickets", "number"),
            Field("overs", f"Overs (such as 12.3; at most {match.overs_limit})")]


def _finish_fields(match):
    return [Field("outcome", "Result", "select", (("", "derive from the scores"), ("no_result", "no result"))),
            Field("ended_at", "End time (local, blank for now)", "datetime")]


def _abandon_fields(match):
    return [Field("reason", "Reason")]


def _correct_fields(match):
    fields = [Field("reason", "Reason for the correction")]
    for slot, label in (("first", "First innings"), ("second", "Second innings")):
        innings = innings_of(match, slot)
        fields += [Field(f"{slot}_runs", f"{label} runs", "number", value=innings.runs if innings else ""),
                   Field(f"{slot}_wickets", f"{label} wickets", "number", value=innings.wickets if innings else ""),
                   Field(f"{slot}_overs", f"{label} overs", value=format_overs(innings.balls) if innings else "")]
    return fields + [Field("outcome", "Result", "select", (("", "derive from the scores"),
                                                            ("no_result", "no result")))]


STEPS = {
    "start": Step("Start match", "The match is live.", matches.start_match, _start_fields),
    "innings": Step("Record innings", "The innings is recorded.", matches.record_innings, _innings_fields),
    "finish": Step("Finish match", "The match is completed.", matches.finish_match, _finish_fields),
    "abandon": Step("Abandon match", "The match is abandoned.", matches.abandon_match, _abandon_fields),
    "correct": Step("Correct result", "The correction is saved.", matches.correct_match, _correct_fields),
}
