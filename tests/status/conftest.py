"""Fixtures for the captain's status page: teams with problem documents and a status link, mail and storage."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Document, Player, Team, TeamStatusLink
from app.services.review.document_verdicts import set_verdict
from app.services.status.links import replace_link
from tests.registration.conftest import clock, cloud_app, fake_cloudinary  # noqa: F401  -- shared fixtures
from tests.review.conftest import mail_app, organiser  # noqa: F401  -- shared fixtures
from tests.support.review_factories import make_team, team_state  # noqa: F401  -- shared fixtures

PROBLEMS = {("aadhar", 1): "The photo is blurred", ("pastor_letter", None): "The letter is not signed"}


def documents_of(app, team_id):
    """{(kind, player position or None): (id, storage_key, sha256, verdict)} of a team's documents."""
    with app.app_context():
        rows = db.session.execute(select(Document.id, Document.kind, Player.position, Document.storage_key,
                                         Document.sha256, Document.verdict)
                                  .outerjoin(Player, Document.player_id == Player.id)
                                  .where(Document.team_id == team_id)).all()
        db.session.remove()
    return {(kind, position): (doc_id, key, sha, verdict) for doc_id, kind, position, key, sha, verdict in rows}


def snapshot(app):
    """Everything a status-page request could change: teams, documents, links and the audit log."""
    with app.app_context():
        state = (db.session.execute(select(Team.id, Team.status, Team.rejection_reason, Team.name)
                                    .order_by(Team.id)).all(),
                 db.session.execute(select(Document.id, Document.team_id, Document.storage_key, Document.sha256,
                                           Document.verdict, Document.verdict_note).order_by(Document.id)).all(),
                 db.session.execute(select(TeamStatusLink.team_id, TeamStatusLink.token_hash)).all(),
                 db.session.scalars(select(AuditEvent.event).order_by(AuditEvent.id)).all())
        db.session.remove()
    return state


@pytest.fixture
def status_link(app):
    """Return a callable giving a team a status link (as the organiser's action would) and returning its token."""

    def issue(team_id, on=None):
        with (on or app).app_context():
            token = replace_link(team_id, actor="organiser")
            db.session.commit()
            db.session.remove()
        return token

    return issue


@pytest.fixture
def problem_team(app, make_team, status_link):  # noqa: F811  -- the imported fixture
    """Return a callable making a team whose Aadhaar (player 1) and pastor's letter are marked as problems;
    it returns (team id, status token)."""

    def create(status="rejected", on=None, **team_fields):
        team_id = make_team(status=status, on=on, **team_fields)
        target = on or app
        documents = documents_of(target, team_id)
        with target.app_context():
            for key, note in PROBLEMS.items():
                set_verdict(documents[key][0], "problem", note, actor="organiser")
            db.session.remove()
        return team_id, status_link(team_id, on=on)

    return create
