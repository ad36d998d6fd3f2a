"""Fixtures for the waiting list: a mail-enabled app on a real SMTP sink, full churches, joins, delivered offers."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, WaitingEntry
from app.services.mail.sender import OutboxSender
from tests.support import review_factories

make_team = review_factories.make_team  # the shared fixture, offered to this folder's tests

CHURCH = "CSI Waitlist Church Peelamedu"
LINK = re.compile(r"https?://\S+/register/offer/[A-Za-z0-9_\-]+\?_l_=\w+")



@pytest.fixture
def app(app_factory, smtp_server):
    """The app under test, its mail going to the test SMTP server (sent when a test delivers the outbox)."""
    return app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_TIMEOUT=5, MAIL_BACKOFF_SECONDS=0,
                       OUTBOX_SENDER_ENABLED=False, PUBLIC_BASE_URL="http://icct26.test")


@pytest.fixture
def full_church(make_team):
    """Return a callable filling a church (default limit 2) with pending teams; it returns their ids."""

    def fill(church=CHURCH, teams=2):
        return [make_team(church=church) for _ in range(teams)]

    return fill


@pytest.fixture
def join(client):
    """Return a callable posting the waiting-list join form; fields override a valid entry."""
    numbers = iter(range(1, 1000))

    def post(church=CHURCH, **fields):
        n = next(numbers)
        form = {"church_name": church, "team_name": f"Waiting Team {'ABCDEFGHIJ'[n % 10]}{'KLMNOPQRST'[n // 10]}",
                "captain_name": "Selvi Raj", "captain_email": f"waiting{n}@example.org",
                "captain_phone": f"98400 {n:05d}", "language": "en", **fields}
        return client.post("/register/waitlist", data=form)

    return post


@pytest.fixture
def deliver(app, smtp_server):
    """Return a callable sending every queued email to the SMTP sink; it returns all messages received so far."""

    def send():
        with app.app_context():
            OutboxSender(app).run_once()
            db.session.remove()
        return list(smtp_server.inbox.messages)

    return send


@pytest.fixture
def entries(app):
    """Return a callable listing (team name, status) of a church's entries in line order."""

    def read():
        with app.app_context():
            rows = db.session.execute(select(WaitingEntry.team_name, WaitingEntry.status)
                                      .order_by(WaitingEntry.id)).all()
            db.session.remove()
        return [tuple(row) for row in rows]

    return read


def offer_link(message):
    """The private link in an offer email (its text part)."""
    text = message.get_body(("plain",)).get_content()
    found = LINK.search(text)
    assert found, text
    return found.group(0)


def waitlist_events(app):
    """The waiting list's audit events, oldest first."""
    with app.app_context():
        names = db.session.scalars(select(AuditEvent.event).where(AuditEvent.event.like("waitlist.%"))
                                   .order_by(AuditEvent.id)).all()
        db.session.remove()
    return names
