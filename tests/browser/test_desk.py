"""The organiser's desk in a real browser, on a desktop and a 390 px phone: a 15-player team reviewed from the queue
with the keyboard only (two documents marked as problems, then rejected, the email listing both), and both teams
of a match checked in on a phone."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Document, MatchCheckin, Player, Team
from app.services.mail.sender import OutboxSender
from tests.support.browser import LISTEN_FOR_CSP, assert_no_sideways_scroll, page_in_context, sign_in
from tests.support.desk_documents import BLUE, RED, add_document, add_players, pdf_of, png_of
from tests.support.match_factories import insert_team, schedule_match

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": dict(viewport={"width": 1280, "height": 900}),
             "phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                           device_scale_factor=2)}


@pytest.fixture
def app(app_factory, smtp_server):
    """The app under test, its mail going to the SMTP server (sent when the test says so)."""
    return app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_TIMEOUT=5, MAIL_BACKOFF_SECONDS=0,
                       OUTBOX_SENDER_ENABLED=False)


@pytest.fixture(params=sorted(VIEWPORTS))
def device(request, browser):
    """A fresh page sized as a desktop or a phone, watching for CSP violations."""
    with page_in_context(browser, **VIEWPORTS[request.param]) as page:
        page.add_init_script(LISTEN_FOR_CSP)
        yield request.param, page


def test_keyboard_review_of_a_15_player_team_from_the_queue(app, live_server, device, make_team, make_user,
                                                           smtp_server):
    name, page = device
    team_id = make_team(players=15)  # pastor's letter (unreadable PDF: a placeholder), group photo, P01 Aadhaar
    for position in range(2, 16):
        add_document(app, team_id, "aadhar", pdf_of(RED if position % 2 else BLUE), position=position)
    add_document(app, team_id, "payment_receipt", png_of(BLUE))
    later = make_team(players=11)
    with app.app_context():
        documents = db.session.scalars(select(Document).where(Document.team_id == team_id)).all()
        db.session.remove()
    assert len(documents) == 18
    sign_in(page, live_server.url, *make_user("Organiser"))

    page.goto(f"{live_server.url}/reviewqueuemodelview/list/")
    for _ in range(60):  # Tab through the page to the queue's "review the oldest team" button
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#start-review')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/review/team/{team_id}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('.doc-thumb').naturalWidth") == 320  # drawn on the server
    cards = page.eval_on_selector_all(".doc", "cards => cards.map(c => c.id)")
    assert len(cards) == 18
    problems = {cards[4]: "Photo is blurred", cards[11]: "Name does not match the roster"}

    page.keyboard.press("v")  # the first document, large, then closed again
    page.wait_for_selector("#doc-viewer[open]")
    page.keyboard.press("Escape")
    page.wait_for_selector("#doc-viewer:not([open])", state="attached")
    page.keyboard.press("k")  # back on the first card
    for card in cards:
        assert page.evaluate("document.activeElement.id") == card
        if card in problems:
            page.keyboard.press("p")
            page.keyboard.type(problems[card])
            page.keyboard.press("Enter")
            page.wait_for_selector(f"#{card}.verdict-problem")
        else:
            page.keyboard.press("o")
            page.wait_for_selector(f"#{card}.verdict-ok")
        if card != cards[-1]:
            expect(page.locator(f"#{card}")).not_to_be_focused()
    assert page.inner_text("#problem-count") == "2" and page.inner_text("#unreviewed-count") == "0"
    assert not page.query_selector("#decide-reopen")
    if name == "phone":
        assert_no_sideways_scroll(page)

    page.keyboard.press("r")
    page.wait_for_selector("#reject-form")
    reason = page.input_value("#reason")
    assert all(note in reason for note in problems.values()), reason
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/review/team/{later}")
    assert "ICCT-901" in page.inner_text(".alert") and page.evaluate("window.__csp") == []

    with app.app_context():
        team = db.session.get(Team, team_id)
        assert (team.status, team.rejection_reason) == ("rejected", reason)
        marked = {d.id: (d.verdict, d.verdict_note) for d in team.documents}
        assert sorted(v for v in marked.values() if v[0] == "problem") == sorted(
            ("problem", note) for note in problems.values())
        flagged = {int(card.split("-")[1]) for card in problems}
        owners = {d.id: d.player.name for d in team.documents if d.id in flagged and d.player}
        db.session.remove()
    with app.app_context():
        OutboxSender(app).run_once()
        db.session.remove()
    (recipients, message), = smtp_server.inbox.wait_for(1)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "captain901@example.org" in recipients and "was not accepted" in body
    assert all(note in body for note in problems.values()), body
    assert all(owner in body for owner in owners.values()), body
    # The captain replaces just those documents through the private status page the email links to.
    link = re.search(r"https?://\S+/status/[A-Za-z0-9_-]{43}", body)
    assert link and "These documents need to be replaced" in body, body


def test_checking_in_both_teams_of_a_match_on_a_phone(app, live_server, browser, make_user):
    home, away = insert_team(app, 1), insert_team(app, 2)
    players = {home: add_players(app, home, 11), away: add_players(app, away, 15)}
    add_document(app, away, "aadhar", pdf_of(RED), position=1)
    match_id = schedule_match(app, 1, home, away)
    with page_in_context(browser, **VIEWPORTS["phone"]) as page:
        page.add_init_script(LISTEN_FOR_CSP)
        sign_in(page, live_server.url, *make_user("Scorer"))
        page.goto(f"{live_server.url}/checkin/")
        page.tap(f'a[data-match="{match_id}"]')
        page.wait_for_url(f"**/checkin/match/{match_id}")
        assert_no_sideways_scroll(page)
        assert not page.query_selector(".id-thumb")  # scorers see no documents
        assert page.is_hidden(".tick-save")
        present = {home: players[home][:11], away: players[away][:12]}
        for team, ids in present.items():
            for index, player_id in enumerate(ids, start=1):
                page.tap(f'form[action$="/player/{player_id}"] .tick-label')
                expect(page.locator(f"#count-{team}")).to_have_text(str(index))
        page.tap(f'form[action$="/player/{players[away][11]}"] .tick-label')  # a mistake, undone
        expect(page.locator(f"#count-{away}")).to_have_text("11")
        page.reload()
        assert page.inner_text(f"#count-{home}") == "11" and page.inner_text(f"#count-{away}") == "11"
        assert page.evaluate("window.__csp") == []

        page.emulate_media(media="print")  # the team sheet: no buttons or thumbnails, a signature line per team
        assert page.is_hidden("#print-sheet") and page.is_hidden(".navbar")
        assert page.locator(".signature").first.is_visible()
        page.emulate_media(media="screen")
        with app.app_context():
            ticked = set(db.session.scalars(select(MatchCheckin.player_id).where(MatchCheckin.match_id == match_id)))
            teams = {db.session.get(Player, pid).team_id for pid in ticked}
            db.session.remove()
        assert ticked == set(players[home]) | set(players[away][:11]) and teams == {home, away}
