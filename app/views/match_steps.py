"""The admin forms of a match: start it (toss), record its whole result in one form, or call it off."""
from dataclasses import dataclass
from typing import Callable

from flask_babel import lazy_gettext as _

from ..services.matches import workflow as matches
from ..services.matches.readouts import innings_of, result_type_of
from ..services.matches.result_form import record_result
from ..services.matches.scoring import format_overs


@dataclass(frozen=True)
class Field:
    """One form input: name, label, kind (select, text, number, overs, datetime), choices and a stored value."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple = ()
    value: object = ""


@dataclass(frozen=True)
class Step:
    """A workflow step as the admin UI shows it: its sections of fields, each a (legend, fields) pair."""

    title: str
    done: str
    service: Callable
    sections: Callable


def _teams(match):
    return ((match.team1_id, match.team1.name), (match.team2_id, match.team2.name))


def _choose(label):
    return (("", label),)


def _start_sections(match):
    return [("", [Field("toss_winner_id", _("Toss won by"), "select", _teams(match)),
                  Field("toss_choice", _("Chose to"), "select", (("bat", _("bat")), ("bowl", _("bowl")))),
                  Field("started_at", _("Start time (local, blank for now)"), "datetime"),
                  Field("scorecard_url", _("Scorecard address (optional)"))])]


def _innings_section(match, slot, legend):
    innings = innings_of(match, slot)
    return (legend, [
        Field(f"{slot}_runs", _("Runs"), "number", value=innings.runs if innings else ""),
        Field(f"{slot}_wickets", _("Wickets"), "number", value=innings.wickets if innings else ""),
        Field(f"{slot}_overs", _("Overs (such as 9.4; at most %(limit)d)", limit=match.overs_limit), "overs",
              value=format_overs(innings.balls) if innings else "")])


def _result_sections(match):
    """Every input of the one result form, filled with what is stored (a live match's toss, a completed result)."""
    types = (("normal", _("Result from the scores (win or tie)")), ("no_result", _("No result (play stopped)")),
             ("super_over", _("Tie settled by a super over")), ("abandoned", _("Abandoned (no play)")))
    if match.status == "completed":
        types = types[:3]
    toss = ("", [Field("toss_winner_id", _("Toss won by"), "select", _choose(_("Choose")) + _teams(match),
                       value=match.toss_winner_id or ""),
                 Field("toss_choice", _("Chose to"), "select", _choose(_("Choose")) + (("bat", _("bat")),
                                                                                      ("bowl", _("bowl"))),
                       value=match.toss_choice or "")])
    sections = [(_("Toss"), toss[1]),
                _innings_section(match, "first", _("First innings (the side batting first after the toss)")),
                _innings_section(match, "second", _("Second innings (the chase)")),
                (_("Result"), [Field("result_type", _("Result type"), "select", types,
                                     value=result_type_of(match) or "normal")]),
                (_("Super over (only for a tie settled by one)"), [
                    Field("super_first_runs", _("Runs of the side batting first in the super over (the chasing "
                                                "side of the match)"), "number", value=_or_blank(
                                                    match.super_first_runs)),
                    Field("super_first_wickets", _("Its wickets (0 to 2)"), "number",
                          value=_or_blank(match.super_first_wickets)),
                    Field("super_second_runs", _("Runs of the other side"), "number",
                          value=_or_blank(match.super_second_runs)),
                    Field("super_second_wickets", _("Its wickets (0 to 2)"), "number",
                          value=_or_blank(match.super_second_wickets))]),
                (_("Times and scorecard"), [
                    Field("started_at", _("Start time (local, blank for the scheduled time)"), "datetime"),
                    Field("ended_at", _("End time (local, blank for now)"), "datetime"),
                    Field("scorecard_url", _("Scorecard address (optional)"), value=match.scorecard_url or "")])]
    reason_label = _("Reason for the correction") if match.status == "completed" else \
        _("Reason (required when the match is abandoned)")
    return sections + [("", [Field("reason", reason_label)])]


def _or_blank(value):
    return "" if value is None else value


def _abandon_sections(match):
    return [("", [Field("reason", _("Reason"))])]


STEPS = {
    "start": Step(_("Start match"), _("The match is live."), matches.start_match, _start_sections),
    "result": Step(_("Record result"), _("The result is saved."), record_result, _result_sections),
    "abandon": Step(_("Abandon match"), _("The match is abandoned."), matches.abandon_match, _abandon_sections),
}
