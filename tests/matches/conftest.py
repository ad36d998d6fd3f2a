"""Fixtures for match tests: confirmed teams inserted through the models, scheduled matches, a signed-in organiser."""
from itertools import count

import pytest

from app.extensions import db
from tests.support.match_factories import insert_team, schedule_match
from tests.support.statements import count_statements  # noqa: F401  -- a shared fixture


@pytest.fixture
def make_team(app):
    """Return a callable inserting a Church-linked team (confirmed by default) and returning its id."""
    numbers = count(1)
    return lambda name=None, status="confirmed": insert_team(app, next(numbers), name, status)


@pytest.fixture
def make_match(app):
    """Return a callable scheduling a match through the service and returning its id."""
    numbers = count(1)
    return lambda team1, team2, **extra: schedule_match(app, next(numbers), team1, team2, **extra)


@pytest.fixture
def organiser(app, make_user):
    """A signed-in Organiser on a client of its own, so the public client stays anonymous."""
    client = app.test_client()
    client.post("/login/", data=dict(zip(("username", "password"), make_user("Organiser"))))
    return client


@pytest.fixture
def in_app(app):
    """Return a callable running a function inside an app context with a clean session."""

    def run(function, *args, **kwargs):
        with app.app_context():
            try:
                return function(*args, **kwargs)
            finally:
                db.session.remove()

    return run


@pytest.fixture
def play(in_app):
    """Return a callable driving a scheduled match through the service: toss, innings, finish."""
    from app.services.matches import workflow as matches

    def run(match_id, toss_winner, choice, first, second=None, finish=None):
        in_app(matches.start_match, match_id, {"toss_winner_id": toss_winner, "toss_choice": choice})
        for innings in (first, second):
            if innings:
                team, runs, wickets, overs = innings
                in_app(matches.record_innings, match_id,
                       {"batting_team_id": team, "runs": runs, "wickets": wickets, "overs": overs})
        return in_app(lambda: _finished(matches.finish_match(match_id, finish or {})))

    return run


def _finished(match):
    """A plain summary of a finished match, safe to use after the session closes."""
    return {"status": match.status, "outcome": match.outcome, "winner_id": match.winner_id, "margin": match.margin,
            "margin_type": match.margin_type}
