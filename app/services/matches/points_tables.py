"""Points tables per group (or per round when a match has no group) from the completed matches."""
from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import Match
from .readouts import both_innings, result_of
from .standings import CompletedMatch, compute_standings


@dataclass(frozen=True)
class GroupTable:
    """One group's ordered rows, each with its team's name."""

    group: str
    rows: list  # (team name, StandingRow) pairs in table order


def group_of(match):
    """The table a match counts in: its group, or its round label when it has none."""
    return match.group_name or match.round_label


def scheduled_matches():
    """Every match with both teams, in schedule order, in one query."""
    return db.session.scalars(select(Match).order_by(Match.scheduled_at, Match.round_number,
                                                     Match.match_number)).all()


def standings_tables(matches=None):
    """Build every group's table; teams with no completed match yet are listed with zeros.

    Abandoned matches do not count: an abandonment means the fixture was called off, whereas a match
    that started and could not be finished is completed as a no result (one point each).
    """
    matches = scheduled_matches() if matches is None else matches
    groups, names, played = {}, {}, {}
    for match in matches:
        key = group_of(match)
        teams = groups.setdefault(key, [])
        for team in (match.team1, match.team2):
            names[team.id] = team.name
            if team.id not in teams:
                teams.append(team.id)
        result = result_of(match)
        if result is not None:
            first, second = both_innings(match)
            played.setdefault(key, []).append(
                CompletedMatch(match.team1_id, match.team2_id, first, second, result, match.overs_limit))
    tables = []
    for key in sorted(groups, key=str.casefold):
        rows = compute_standings(played.get(key, []), groups[key])
        tables.append(GroupTable(key, [(names[row.team_id], row) for row in rows]))
    return tables

