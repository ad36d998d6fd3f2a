"""Fixtures for the review workflow: teams inserted through the models, a real SMTP server, signed-in clients."""
import pytest

from tests.support.review_factories import SmtpServer, make_team, team_state  # noqa: F401  -- shared fixtures


@pytest.fixture
def mail_app(app_factory, smtp_server):
    """An app whose mail goes to the test SMTP server, with short backoff (the in-app thread stays off)."""
    return app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_TIMEOUT=5,
                       MAIL_BACKOFF_SECONDS=0, MAIL_MAX_ATTEMPTS=3, OUTBOX_SENDER_ENABLED=False)


@pytest.fixture
def organiser(client, make_user, login):
    """The test client, signed in as an Organiser."""
    return login(*make_user("Organiser"))
