"""The outbox sender against a real SMTP server: content, language, outages, backoff, breaker, no double sends."""
import os
import threading
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Church, OutboxEmail, Team
from app.services.mail import outbox
from app.services.mail.sender import OutboxSender
from app.services.review.decisions import decide
from tests.support.review_factories import SmtpServer, free_port


def _outbox(app):
    """(template, status, attempts, last_error) of every queued email, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        result = [(r.template, r.status, r.attempts, r.last_error) for r in rows]
        db.session.remove()
    return result


def _send(app):
    """One sender batch, as cron's `send-outbox --once` would run it."""
    with app.app_context():
        counts = OutboxSender(app).run_once()
        db.session.remove()
    return counts


def test_decision_emails_reach_the_captain_and_vice_in_their_language(mail_app, make_team, smtp_server):
    """A Tamil confirmation with the roster and check-in list; an English rejection with the reason."""
    tamil, english = make_team(language="ta"), make_team(language="en")
    with mail_app.app_context():
        decide(tamil, "confirm")
        decide(english, "reject", reason="The payment receipt is unreadable")
    assert _send(mail_app) == {"sent": 2, "retry": 0, "failed": 0}
    (confirm_to, confirmed), (reject_to, rejected) = smtp_server.inbox.wait_for(2)
    assert confirm_to == ["captain901@example.org", "vice901@example.org"]
    assert reject_to == ["captain902@example.org", "vice902@example.org"]
    assert confirmed["Content-Language"] == "ta" and "ICCT-901" in confirmed["Subject"]
    assert "உறுதி செய்யப்பட்டது" in confirmed["Subject"]
    text = confirmed.get_body(("plain",)).get_content()
    assert "ICCT-901-P01  Player 01 (Batsman)" in text and "ICCT-901-P11" in text and "ஆதார்" in text
    assert "ICCT-901-P01" in confirmed.get_body(("html",)).get_content()
    assert rejected["Content-Language"] == "en" and "not accepted" in rejected["Subject"]
    assert "Reason: The payment receipt is unreadable" in rejected.get_body(("plain",)).get_content()
    assert "The payment receipt is unreadable" in rejected.get_body(("html",)).get_content()
    assert [row[:3] for row in _outbox(mail_app)] == [("confirmed", "sent", 1), ("rejected", "sent", 1)]


def test_every_template_renders_in_both_languages(mail_app, make_team, smtp_server):
    """received, confirmed, rejected, withdrawn, reopened and status_link, in English and Tamil."""
    team_id = make_team()
    with mail_app.app_context():
        team = db.session.get(Team, team_id)
        for language in ("en", "ta"):
            team.language = language
            for template in outbox.TEMPLATES:
                outbox.queue_team_email(team, template, reason="Because", church="CSI X", player_count=11,
                                        players=[])
        db.session.commit()
    count = 2 * len(outbox.TEMPLATES)
    assert _send(mail_app)["sent"] == count
    messages = smtp_server.inbox.wait_for(count)
    assert {m["Content-Language"] for _, m in messages} == {"en", "ta"}
    assert len({m["Subject"] for _, m in messages}) == count


def test_smtp_outage_keeps_the_email_until_the_server_returns(app_factory, make_team, client, login):
    """With the port closed the decision still succeeds (its one try at sending at once fails); the email waits
    and goes once SMTP is back."""
    server = SmtpServer(free_port())
    mail_app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, MAIL_TIMEOUT=2, MAIL_BACKOFF_SECONDS=0,
                           MAIL_MAX_ATTEMPTS=5)
    team_id = make_team()
    mail_client = mail_app.test_client()
    mail_client.post("/login/", data={"username": "admin", "password": "admin-password-1"})
    assert mail_client.post(f"/teammodelview/action/confirm/{team_id}").status_code == 302
    [(template, status, attempts, error)] = _outbox(mail_app)
    assert (template, status, attempts) == ("confirmed", "pending", 1) and "refused" in error.lower()
    server.start()
    try:
        assert _send(mail_app)["sent"] == 1
        assert len(server.inbox.wait_for(1)) == 1
    finally:
        server.stop()
    assert _outbox(mail_app)[0][:3] == ("confirmed", "sent", 2)


def test_backoff_then_failed_after_max_attempts(app_factory, make_team):
    """Each failure pushes the next attempt further out; after MAIL_MAX_ATTEMPTS the email is failed."""
    mail_app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), MAIL_TIMEOUT=2, MAIL_BACKOFF_SECONDS=60,
                           MAIL_MAX_ATTEMPTS=3, MAIL_BREAKER_FAIL_MAX=10)
    team_id = make_team()
    with mail_app.app_context():
        decide(team_id, "confirm")
        sender = OutboxSender(mail_app)
        delays = []
        for _ in range(3):
            row = db.session.scalars(select(OutboxEmail)).one()
            row.next_attempt_at = row.created_at  # make it due now, as if the wait had passed
            db.session.commit()
            before = time.time()
            sender.run_once()
            row = db.session.scalars(select(OutboxEmail)).one()
            delays.append(row.next_attempt_at.timestamp() - before)
        assert (row.status, row.attempts) == ("failed", 3)
        assert 55 < delays[0] < 65 and 115 < delays[1] < 125
        assert sender.run_once() == {"sent": 0, "retry": 0, "failed": 0}


def test_breaker_opens_and_stops_trying(app_factory, make_team):
    """After MAIL_BREAKER_FAIL_MAX failed sends the sender stops calling SMTP and counts no attempt."""
    mail_app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), MAIL_TIMEOUT=2, MAIL_BACKOFF_SECONDS=0,
                           MAIL_BREAKER_FAIL_MAX=2, MAIL_BREAKER_RESET_SECONDS=600)
    for _ in range(3):
        make_team()
    with mail_app.app_context():
        for team_id in (1, 2, 3):
            decide(team_id, "confirm")
        counts = OutboxSender(mail_app).run_once()
        attempts = db.session.scalars(select(OutboxEmail.attempts).order_by(OutboxEmail.id)).all()
        last = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert counts == {"sent": 0, "retry": 3, "failed": 0}
    assert attempts == [1, 1, 0] and "circuit open" in last.last_error and last.status == "pending"


def test_in_app_sender_thread_delivers_and_stops(app_factory, make_team, smtp_server, login):
    """With SMTP_HOST set the app starts its own sender; a REST decision is mailed without cron."""
    mail_app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, OUTBOX_SENDER_ENABLED=True,
                           MAIL_POLL_SECONDS=0.1)
    sender = mail_app.extensions["outbox_sender"]
    try:
        team_id = make_team()
        web = mail_app.test_client()
        token = web.post("/api/v1/security/login", json={"username": "admin", "password": "admin-password-1",
                                                          "provider": "db"}).json["access_token"]
        response = web.post(f"/api/v1/team/{team_id}/withdraw", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        [(_, message)] = smtp_server.inbox.wait_for(1)
        assert "withdrawn" in message["Subject"]
    finally:
        sender.stop()
    assert not sender.running


def test_send_outbox_cli_once(mail_app, make_team, smtp_server):
    """`flask send-outbox --once` sends the queue and says so."""
    with mail_app.app_context():
        decide(make_team(), "confirm")
    result = mail_app.test_cli_runner().invoke(args=["send-outbox", "--once"])
    assert result.exit_code == 0 and "sent 1" in result.output
    assert len(smtp_server.inbox.wait_for(1)) == 1


def test_send_outbox_cli_needs_smtp(runner):
    """Without SMTP_HOST the command refuses clearly."""
    result = runner.invoke(args=["send-outbox", "--once"])
    assert result.exit_code != 0 and "SMTP_HOST" in result.output


def test_outbox_view_shows_state_and_resends(client, organiser, app, make_team):
    """Organisers see status, attempts and the last error, and can queue a failed email again."""
    with app.app_context():
        decide(make_team(), "confirm")
        row = db.session.scalars(select(OutboxEmail)).one()
        row.status, row.attempts, row.last_error = "failed", 8, "SMTPRecipientsRefused: nobody here"
        db.session.commit()
        row_id = row.id
    page = client.get("/outboxemailmodelview/list/").get_data(as_text=True)
    assert "Failed" in page and "nobody here" in page
    response = client.post("/outboxemailmodelview/action_post", data={"action": "resend", "rowid": [row_id]})
    assert response.status_code == 302
    assert _outbox(app) == [("confirmed", "pending", 0, None)]


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="SKIP LOCKED claims need PostgreSQL")
def test_two_senders_send_each_email_exactly_once(app_factory, app, smtp_server):
    """Two sender processes' worth of apps drain one queue together; every email arrives once."""
    with app.app_context():
        team = Team(code="ICCT-950", name="Queue Team", name_key="queue team",
                    church_id=db.session.scalar(select(Church.id).limit(1)),
                    captain_name="Arun Kumar", captain_phone="9876543210", captain_email="q@example.org",
                    vice_name="Babu Raj", vice_phone="9876543211", vice_email="v@example.org")
        db.session.add(team)
        for number in range(60):
            outbox.queue_team_email(team, "received", church="CSI X", player_count=number)
        db.session.commit()
    settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_server.port, "MAIL_BATCH_SIZE": 5}
    apps = [app_factory(**settings), app_factory(**settings)]
    sent = [0, 0]
    start = threading.Barrier(2)

    def drain(index):
        start.wait()
        with apps[index].app_context():
            sender = OutboxSender(apps[index])
            while counts := sender.run_once():
                if not any(counts.values()):
                    break
                sent[index] += counts["sent"]
            db.session.remove()

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    messages = smtp_server.inbox.wait_for(60)
    ids = [message["Message-ID"] for _, message in messages]
    assert len(ids) == 60 and len(set(ids)) == 60
    assert sum(sent) == 60 and all(sent), sent
    assert {row[1] for row in _outbox(app)} == {"sent"}
