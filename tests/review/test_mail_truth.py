"""After an action the page says the email was sent only when it was; otherwise that it is queued, and why."""
import re

from sqlalchemy import select

from app.extensions import db
from app.models import OutboxEmail
from tests.conftest import ADMIN_PASSWORD
from tests.support import payloads
from tests.support.review_factories import free_port


def _statuses(app):
    with app.app_context():
        rows = db.session.execute(select(OutboxEmail.template, OutboxEmail.status).order_by(OutboxEmail.id)).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def _as_admin(app, path, data):
    """Sign in as the admin on `app`, post `data` to `path`; return the page the answer leads to."""
    web = app.test_client()
    web.post("/login/", data={"username": "admin", "password": ADMIN_PASSWORD})
    return web.post(path, data=data, follow_redirects=True).get_data(as_text=True)


def _confirm_in_admin(app, team_id):
    """Confirm the team through the list action as the admin; return the page after."""
    return _as_admin(app, "/teammodelview/action_post", {"action": "confirm", "rowid": [str(team_id)]})


def test_with_a_mail_server_the_organiser_reads_that_the_email_was_sent(mail_app, make_team, smtp_server):
    """SMTP configured and answering: the decision's email goes at once and the page says so."""
    page = _confirm_in_admin(mail_app, make_team())
    assert "Confirm: ICCT-901. We have emailed the captain and the vice-captain." in page
    [(recipients, message)] = smtp_server.inbox.wait_for(1)
    assert recipients[0] == "captain901@example.org" and "ICCT-901" in message["Subject"]
    assert _statuses(mail_app) == [("confirmed", "sent")]


def test_without_a_mail_server_the_page_says_the_email_is_queued(app, make_team):
    """No SMTP_HOST: never "we have emailed"; the page says the email waits for a mail server."""
    page = _confirm_in_admin(app, make_team())
    assert "We have emailed" not in page
    assert "queued: no mail server is set up yet" in page
    assert _statuses(app) == [("confirmed", "pending")]


def test_with_the_mail_server_down_the_page_says_queued(app_factory, make_team):
    """SMTP configured but not answering: the page says queued, the email stays in the outbox to retry."""
    down = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), MAIL_SEND_NOW_TIMEOUT=2,
                       OUTBOX_SENDER_ENABLED=False, MAIL_BACKOFF_SECONDS=0)
    page = _confirm_in_admin(down, make_team())
    assert "We have emailed" not in page and "is queued and will be sent shortly" in page
    assert _statuses(down) == [("confirmed", "pending")]


def test_the_captain_reads_the_true_state_after_registering(app_factory, smtp_server):
    """The public success page says "we have emailed" when the receipt went out, "queued" when no server is set."""
    for number, (app, expected) in enumerate(((app_factory(), "no mail server is set up yet"),
                          (app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_TIMEOUT=5,
                                       OUTBOX_SENDER_ENABLED=False), "We have emailed the captain"))):
        web = app.test_client()
        form, files = payloads.registration(team_name=f"Truthful Eleven {'AB'[number]}",
                                            captain_email=f"captain{number}@example.org")
        web.get("/register")
        response = web.post("/register", data=payloads.for_test_client(form, files),
                            content_type="multipart/form-data", follow_redirects=True)
        assert response.status_code == 200, re.findall(r"class=\"(?:alert|error)\"[^>]*>([^<]*)", response.get_data(as_text=True))
        page = response.get_data(as_text=True)
        assert expected in page
    assert len(smtp_server.inbox.wait_for(1)) == 1


def test_the_per_team_review_page_sends_the_decision_email_at_once(mail_app, make_team, smtp_server):
    """A decision on /review/team/<id> is emailed at once like the list's, and the next page says it was sent."""
    page = _as_admin(mail_app, f"/review/team/{make_team()}/decide", {"action": "confirm"})
    assert "ICCT-901 Team 901: confirmed. We have emailed the captain and the vice-captain." in page
    [(recipients, message)] = smtp_server.inbox.wait_for(1)
    assert recipients[0] == "captain901@example.org" and "ICCT-901" in message["Subject"]
    assert _statuses(mail_app) == [("confirmed", "sent")]


def test_the_per_team_review_page_says_when_the_email_waits_for_a_mail_server(app, make_team):
    """No SMTP_HOST: the review page's decision says the email is queued, never that it was sent."""
    page = _as_admin(app, f"/review/team/{make_team()}/decide", {"action": "withdraw"})
    assert "ICCT-901 Team 901: withdrawn. The email to the captain and the vice-captain is queued: no mail" in page
    assert _statuses(app) == [("withdrawn", "pending")]


def test_a_new_status_link_is_sent_at_once_and_the_page_says_so(mail_app, make_team, smtp_server):
    """The status-link action sends its email at once and says it was sent, not merely that it was made."""
    page = _as_admin(mail_app, "/teammodelview/action_post", {"action": "status_link", "rowid": [str(make_team())]})
    assert "New status link for: ICCT-901. We have emailed the captain and the vice-captain." in page
    assert len(smtp_server.inbox.wait_for(1)) == 1
    assert _statuses(mail_app) == [("status_link", "sent")]
