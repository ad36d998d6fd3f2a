"""Teams with players and stored documents inserted through the models, and a real SMTP server, for review tests."""
import hashlib
import itertools
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from app.extensions import db
from app.models import Church, Document, Player, Team, name_key
from app.services.documents.storage import get_storage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def make_team(app):
    """Return a callable inserting a team with players and stored documents; it returns the team's id.

    `on` names another app (say, one on Cloudinary) whose storage should receive the documents.
    """
    numbers = itertools.count(901)

    def create(status="pending", church="CSI Christ Church Test", name=None, captain_email=None, players=11,
               documents=True, language="en", reason=None, on=None):
        number = next(numbers)
        code = f"ICCT-{number:03d}"
        with (on or app).app_context():
            church_row = db.session.query(Church).filter_by(name_key=name_key(church)).one_or_none()
            if church_row is None:
                church_row = Church(verified=True)
                church_row.set_name(church)
                db.session.add(church_row)
            name = name or f"Team {number}"
            team = Team(code=code, name=name, name_key=name_key(name), church=church_row, status=status,
                        rejection_reason=reason or ("Missing letter" if status == "rejected" else None),
                        language=language, captain_name="Arun Kumar", captain_phone="9876543210",
                        captain_email=captain_email or f"captain{number}@example.org", vice_name="Babu Raj",
                        vice_phone="9876543211", vice_email=f"vice{number}@example.org")
            db.session.add(team)
            for position in range(1, players + 1):
                player = Player(team=team, code=f"{code}-P{position:02d}", position=position,
                                name=f"Player {position:02d}", name_key=f"player {position:02d}",
                                role="Batsman" if position % 2 else None)
                db.session.add(player)
                if documents and position == 1:
                    _document(team, player, "aadhar", f"{code}/p01-aadhar.pdf", PDF)
            if documents:
                _document(team, None, "pastor_letter", f"{code}/pastor-letter.pdf", PDF)
                _document(team, None, "group_photo", f"{code}/group-photo.png", PNG, private=False)
            db.session.commit()
            team_id = team.id
            db.session.remove()
        return team_id

    return create


def _document(team, player, kind, key, data, private=True):
    """Store the bytes through the app's storage and add the Document row."""
    content_type = "application/pdf" if data.startswith(b"%PDF") else "image/png"
    stored = get_storage().save(key, data, content_type, private)
    db.session.add(Document(team=team, player=player, kind=kind, backend=stored.backend, storage_key=key,
                            content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                            private=private))


@pytest.fixture
def team_state(app):
    """Return a callable reading a team's (status, rejection_reason) fresh from the database."""

    def read(team_id):
        with app.app_context():
            team = db.session.get(Team, team_id)
            state = (team.status, team.rejection_reason)
            db.session.remove()
        return state

    return read


class Inbox:
    """Collects every message the SMTP server accepts."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        """aiosmtpd hook: keep the envelope and the parsed message."""
        from email import message_from_bytes, policy

        with self.arrived:
            self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content,
                                                                              policy=policy.default)))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count, timeout=60):
        """Block until `count` messages arrived; return them."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        return list(self.messages)


def free_port():
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A real aiosmtpd server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        """Accept mail."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        """Close the port; connections are refused until `start()`."""
        if self.controller:
            self.controller.stop()
            self.controller = None
