"""Schemathesis fuzzes the admin UI's form posts, actions and list arguments on a live server, as the REST fuzz
does the API: every route of our admin views, from an OpenAPI document built from the running app."""
import os

import pytest
import requests
import schemathesis
from schemathesis.checks import not_a_server_error

from app.extensions import db
from app.models import Player, name_key
from app.services.matches import workflow
from app.services.review.decisions import decide
from tests.conftest import ADMIN_PASSWORD
from tests.support.admin_openapi import admin_openapi
from tests.support.form_login import signed_in
from tests.support.fuzzing import fuzz_failures
from tests.support.live_server import serving_a_copy
from tests.support.match_factories import insert_team, schedule_match

# As in test_schemathesis.py: CI replays the same examples (derandomized); FUZZ_EXPLORE=1 draws fresh ones and
# FUZZ_EXAMPLES sets how many. Fewer by default than there: the admin UI has twice as many routes.
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))


def seed(app):
    """Teams in every state, players, matches scheduled, live and completed, and a queued email."""
    teams = [insert_team(app, number, status=status) for number, status in
             enumerate(["confirmed"] * 4 + ["pending", "rejected", "pending"], start=1)]
    _scheduled, live, completed = (schedule_match(app, number, first, second) for number, first, second in
                                  ((1, teams[0], teams[1]), (2, teams[2], teams[3]), (3, teams[0], teams[2])))
    with app.app_context():
        for position in range(1, 4):
            name = f"Player {position}"
            db.session.add(Player(team_id=teams[0], code=f"ICCT-001-P{position:02d}", position=position, name=name,
                                  name_key=name_key(name)))
        db.session.commit()
        for match_id, first, second in ((live, teams[2], teams[3]), (completed, teams[0], teams[2])):
            workflow.start_match(match_id, {"toss_winner_id": first, "toss_choice": "bat"})
        workflow.record_innings(completed, {"batting_team_id": teams[0], "runs": 120, "wickets": 5, "overs": "10"})
        workflow.record_innings(completed, {"batting_team_id": teams[2], "runs": 100, "wickets": 9, "overs": "10"})
        workflow.finish_match(completed, {})
        decide(teams[6], "confirm")  # queues an email and writes an audit event
        db.session.remove()


@pytest.fixture(scope="module")
def admin_fuzz_server(template_db, tmp_path_factory):
    """One live server on one seeded database copy for the whole module."""
    with serving_a_copy(template_db, tmp_path_factory.mktemp("admin-fuzz"), prepare=seed) as server:
        yield server


@pytest.fixture(scope="module")
def admin_session(admin_fuzz_server):
    """A session signed in as Admin through the login form."""
    return signed_in(admin_fuzz_server.url, "admin", ADMIN_PASSWORD)[0]


@pytest.fixture(scope="module")
def admin_schema(admin_fuzz_server, admin_session):
    """The admin UI's document: every route of the app's own admin views (FAB's user and role screens are left
    out: a fuzzed password reset or role edit would end the admin's own session halfway)."""
    app = admin_fuzz_server.app
    views = [view for view in app.appbuilder.baseviews
             if type(view).__module__.startswith("app.views.") and getattr(view, "blueprint", None) is not None]
    return schemathesis.openapi.from_dict(admin_openapi(app, admin_fuzz_server.url, admin_session, views))


def fuzz_admin_routes(schema, server, session):
    """Run every operation, deletions last (they remove records the others' examples name); return failures."""
    operations = sorted((result.ok() for result in schema.get_all_operations()),
                        key=lambda operation: ("/delete/" in operation.path, operation.label))
    return fuzz_failures(operations, lambda case: case.call_and_validate(
        base_url=server.url, session=session, checks=[not_a_server_error], timeout=15, allow_redirects=False),
        MAX_EXAMPLES)


@pytest.mark.fuzz
def test_admin_forms_and_actions_never_fail_as_admin(admin_schema, admin_fuzz_server, admin_session):
    """Signed in as Admin: no form post, action or list argument gets a 5xx."""
    assert len(list(admin_schema.get_all_operations())) > 40  # every admin route is in the document
    failures = fuzz_admin_routes(admin_schema, admin_fuzz_server, admin_session)
    assert not failures, "\n\n".join(failures)


@pytest.mark.fuzz
def test_admin_forms_and_actions_never_fail_anonymously(admin_schema, admin_fuzz_server):
    """Anonymous: every route refuses or sends to the login page, never a 5xx."""
    failures = fuzz_admin_routes(admin_schema, admin_fuzz_server, requests.Session())
    assert not failures, "\n\n".join(failures)
