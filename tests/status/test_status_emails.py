"""The captain's emails and the status link, through a real SMTP server: the registration email's link opens the
page, a rejection lists the problem documents and links to the page, and an organiser's new link revokes the old."""
import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, OutboxEmail, TeamStatusLink
from app.services.mail.sender import OutboxSender
from tests.support import payloads

LINK = re.compile(r"https?://[^\s\"<]+/status/[A-Za-z0-9_-]{43}")
BASE_URL = "https://register.icct26.example"


def _deliver(app, smtp_server, count):
    """Send the outbox as cron's `send-outbox --once` would; return the last `count` messages received."""
    with app.app_context():
        OutboxSender(app).run_once()
        db.session.remove()
    return [message for _to, message in smtp_server.inbox.wait_for(count)][-count:]


def _link(message):
    """The one status link in a message's text part (the HTML part holds the same one)."""
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    links = set(LINK.findall(text))
    assert len(links) == 1, text
    assert links == set(LINK.findall(html))
    return links.pop()


def _path(link):
    assert link.startswith(f"{BASE_URL}/status/")
    return link.removeprefix(BASE_URL)


def test_the_registration_email_carries_a_working_private_link(app_factory, smtp_server):
    """Registered over HTTP, in Tamil: the email's absolute link (on PUBLIC_BASE_URL) opens the team's page;
    the database holds only the link's hash, and the outbox only a sealed copy."""
    app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, PUBLIC_BASE_URL=BASE_URL + "/")
    client = app.test_client()
    form, files = payloads.registration(language="ta")
    response = client.post("/api/register/team", data=payloads.for_test_client(form, files))
    assert response.status_code == 201, response.json
    (message,) = _deliver(app, smtp_server, 1)
    link = _link(message)
    token = link.rsplit("/", 1)[1]
    page = client.get(_path(link))
    assert page.status_code == 200 and response.json["team_id"] in page.get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalars(select(TeamStatusLink.token_hash)).all()
        outbox_context = str(db.session.scalars(select(OutboxEmail.context)).one())
        db.session.remove()
    assert len(stored) == 1 and token not in stored[0] and token not in outbox_context


def test_the_rejection_email_lists_the_problem_documents_and_links_to_the_page(mail_app, smtp_server, login,
                                                                              problem_team, team_state):
    """An organiser rejects over HTTP: the email names both problem documents (kind, player, note) in English,
    and its new link opens the page where they can be replaced, while the earlier link stops working."""
    mail_app.config["PUBLIC_BASE_URL"] = BASE_URL
    team_id, earlier_token = problem_team(status="pending", on=mail_app)
    organiser = mail_app.test_client()
    organiser.post("/login/", data={"username": "admin", "password": "admin-password-1"})
    response = organiser.post("/teammodelview/reject", data={"ids": str(team_id), "reason": "Two documents"})
    assert response.status_code == 302 and team_state(team_id)[0] == "rejected"
    (message,) = _deliver(mail_app, smtp_server, 1)
    text = message.get_body(("plain",)).get_content()
    assert "- Aadhaar card, Player 01 (ICCT-901-P01): The photo is blurred" in text
    assert "- Pastor's letter: The letter is not signed" in text
    html = message.get_body(("html",)).get_content()
    assert "The photo is blurred" in html and "The letter is not signed" in html
    captain = mail_app.test_client()
    page = captain.get(_path(_link(message))).get_data(as_text=True)
    assert "ICCT-901" in page and page.count('type="file"') == 2
    assert captain.get(f"/status/{earlier_token}").status_code == 404


def test_a_tamil_rejection_lists_the_problems_in_tamil(mail_app, smtp_server, problem_team):
    """The same list in the captain's language."""
    from app.services.review.decisions import decide

    mail_app.config["PUBLIC_BASE_URL"] = BASE_URL
    team_id, _token = problem_team(status="pending", on=mail_app, language="ta")
    with mail_app.app_context():
        decide(team_id, "reject", reason="இரண்டு ஆவணங்கள்")
        db.session.remove()
    (message,) = _deliver(mail_app, smtp_server, 1)
    text = message.get_body(("plain",)).get_content()
    assert message["Content-Language"] == "ta" and "இந்த ஆவணங்களை மாற்ற வேண்டும்" in text
    assert "Player 01 (ICCT-901-P01): The photo is blurred" in text and "Aadhaar card" not in text
    assert _link(message)


def test_an_organisers_new_link_is_audited_emailed_and_revokes_the_old_one(mail_app, smtp_server, make_team,
                                                                           status_link):
    """A team registered before status links gets one by the action; a second one revokes the first."""
    mail_app.config["PUBLIC_BASE_URL"] = BASE_URL
    team_id = make_team(on=mail_app)
    organiser = mail_app.test_client()
    organiser.post("/login/", data={"username": "admin", "password": "admin-password-1"})
    captain = mail_app.test_client()
    paths = []
    for count in (1, 2):
        response = organiser.post("/teammodelview/action_post", data={"action": "status_link", "rowid": [team_id]})
        assert response.status_code == 302
        (message,) = _deliver(mail_app, smtp_server, count)[-1:]
        assert "ICCT-901" in message["Subject"] and message["To"] == "captain901@example.org, vice901@example.org"
        paths.append(_path(_link(message)))
    assert captain.get(paths[0]).status_code == 404
    assert captain.get(paths[1]).status_code == 200
    with mail_app.app_context():
        events = db.session.execute(select(AuditEvent.event, AuditEvent.actor, AuditEvent.details)
                                    .where(AuditEvent.team_id == team_id).order_by(AuditEvent.id)).all()
        db.session.remove()
    assert [tuple(e) for e in events] == [("team.status_link_issued", "admin", {"revoked_earlier_link": False}),
                                          ("team.status_link_issued", "admin", {"revoked_earlier_link": True})]


def test_viewers_and_scorers_cannot_send_status_links(client, make_user, login, make_team):
    """The action needs Team write: a Scorer's post changes nothing."""
    team_id = make_team()
    login(*make_user("Scorer"))
    response = client.post("/teammodelview/action_post", data={"action": "status_link", "rowid": [team_id]})
    assert response.status_code in (302, 403)
    with client.application.app_context():
        assert db.session.scalar(select(TeamStatusLink.id)) is None
        db.session.remove()
