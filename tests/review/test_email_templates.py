"""Organisers edit the emails in the admin (both languages), preview them on a real team, and the sender uses
the edited text; the text is Jinja in a sandbox, so unsafe or broken templates are refused before saving."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import EmailTemplate
from app.services.review.decisions import decide
from tests.conftest import ADMIN_PASSWORD

SUBJECT = "{{ team_code }}: {{ team_name }} is in!"
BODY = "Hello {{ team_name }} from {{ church }},\n\nBring {{ player_count }} players.\nSee you soon.\n\nThe desk"


def _add(client, **fields):
    data = {"name": "confirmed", "language": "en", "subject": SUBJECT, "body": BODY, **fields}
    return client.post("/emailtemplatemodelview/add", data=data, follow_redirects=True)


def _templates(app):
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(EmailTemplate))
        db.session.remove()
    return total


def test_organiser_edits_previews_and_the_captain_receives_the_edited_email(mail_app, make_team, smtp_server,
                                                                             make_user):
    """Saved through the admin form, previewed on a real team, then used for the real email in both parts."""
    team_id = make_team(name="Wesley Warriors")
    web = mail_app.test_client()
    web.post("/login/", data=dict(zip(("username", "password"), make_user("Organiser"))))
    assert _add(web).status_code == 200 and _templates(mail_app) == 1
    with mail_app.app_context():
        row = db.session.scalars(select(EmailTemplate)).one()
        row_id, editor = row.id, row.updated_by
    assert editor == "organiser-user"
    preview = web.get(f"/emailtemplatemodelview/preview/{row_id}?team={team_id}").get_data(as_text=True)
    assert "ICCT-901: Wesley Warriors is in!" in preview
    assert "Hello Wesley Warriors from CSI Christ Church Test," in preview and "Bring 11 players." in preview

    with mail_app.app_context():
        decide(team_id, "confirm")
        db.session.remove()
    from app.services.mail.sender import OutboxSender
    with mail_app.app_context():
        assert OutboxSender(mail_app).run_once()["sent"] == 1
    [(_to, message)] = smtp_server.inbox.wait_for(1)
    assert message["Subject"] == "ICCT-901: Wesley Warriors is in!"
    assert "Bring 11 players." in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "<p>Hello Wesley Warriors from CSI Christ Church Test,</p>" in html and "<br>" in html


def test_each_language_has_its_own_template(mail_app, make_team, smtp_server, login, client):
    """A Tamil template serves Tamil captains only; English captains keep the file template."""
    login()
    assert _add(client, language="ta", subject="{{ team_code }} உறுதி", body="வணக்கம் {{ team_name }}").status_code == 200
    tamil, english = make_team(language="ta"), make_team(language="en")
    from app.services.mail.sender import OutboxSender
    with mail_app.app_context():
        decide(tamil, "confirm"), decide(english, "confirm")
        assert OutboxSender(mail_app).run_once()["sent"] == 2
    by_code = {message["Subject"].split()[0] if "உறுதி" in message["Subject"] else "en": message
               for _to, message in smtp_server.inbox.wait_for(2)}
    assert by_code["ICCT-901"].get_body(("plain",)).get_content().strip() == "வணக்கம் Team 901"
    assert "is confirmed" in by_code["en"]["Subject"]  # the file template


def test_unsafe_or_broken_templates_are_refused_next_to_the_field(app, client, login):
    """The sandbox refuses reaching into Python objects; unknown names and bad syntax are named; nothing is
    stored."""
    login("admin", ADMIN_PASSWORD)
    for body, expected in (("{{ team_name.__class__.__mro__ }}", "unsafe"),
                           ("{{ ''.__class__.__subclasses__() }}", "unsafe"),
                           ("Hello {{ team_nmae }}", "team_nmae"),
                           ("Hello {% if %}", "Expected an expression")):
        page = _add(client, body=body).get_data(as_text=True)
        assert expected in page, (body, page[page.find("help-block") - 200:][:400])
    assert _templates(app) == 0


def test_one_template_per_email_and_language(app, client, login):
    """A second English "confirmed" template is refused with a clear message."""
    login("admin", ADMIN_PASSWORD)
    _add(client)
    page = _add(client).get_data(as_text=True)
    assert "already has a template" in page and _templates(app) == 1


def test_viewers_cannot_edit_templates(client, make_user, login):
    """Only organisers and admins reach the templates."""
    login(*make_user("Viewer"))
    response = client.get("/emailtemplatemodelview/list/")
    assert response.status_code in (302, 403)


def test_template_list_and_preview_statements_do_not_grow(app, client, login, make_team):
    """The list (2 vs 10 templates) and the preview (an 11- vs 15-player team, 1 vs 22 teams on offer) cost
    the same number of SQL statements."""
    from sqlalchemy import event

    login("admin", ADMIN_PASSWORD)
    with app.app_context():
        engine = db.engine

    def statements(url):
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    _add(client), _add(client, language="ta")
    small_list = statements("/emailtemplatemodelview/list/")
    for name in ("received", "rejected", "withdrawn", "reopened"):
        _add(client, name=name), _add(client, name=name, language="ta")
    assert _templates(app) == 10 and statements("/emailtemplatemodelview/list/") == small_list

    small_team = make_team(players=11)
    small = statements(f"/emailtemplatemodelview/preview/1?team={small_team}")
    large_team = make_team(players=15)
    for _ in range(20):
        make_team(documents=False, players=1)
    assert statements(f"/emailtemplatemodelview/preview/1?team={large_team}") == small
