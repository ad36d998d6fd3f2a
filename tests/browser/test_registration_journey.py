"""The captain's journey at real sizes in Chromium: 15 players and 66 MB of documents through /register, with
JavaScript (each document to the draft as it is picked) and without it (one multipart post), a connection cut
mid-way and a reload that need no file picked again, and a phone-width screen."""
import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models.team import Team
from tests.support import payloads
from tests.support.browser import (
    assert_no_sideways_scroll,
    page_in_context,
    phone_page,
    pick_files,
    record_requests,
    type_fields,
    wait_received,
)

pytestmark = pytest.mark.browser

PLAYERS = 15
DOCUMENT_BYTES = 2_000_000  # 33 documents: 66 MB in all, each well under the 5 MiB limit
SAVED = "icct26.registration.v1"
SLOW = 60_000


@pytest.fixture
def documents(tmp_path):
    """A PDF, a JPEG and a group photo of about 2 MB each on disk."""
    paths = {"pdf": tmp_path / "letter.pdf", "jpg": tmp_path / "card.jpg", "photo": tmp_path / "team.jpg"}
    paths["pdf"].write_bytes(payloads.pdf_bytes(DOCUMENT_BYTES))
    paths["jpg"].write_bytes(payloads.jpeg_bytes(DOCUMENT_BYTES))
    paths["photo"].write_bytes(payloads.jpeg_bytes(DOCUMENT_BYTES - 1))
    return {kind: str(path) for kind, path in paths.items()}


def received(page):
    """How many documents the page shows as received by the server."""
    return page.locator(".upload[data-state=done]").count()


def wait_until(page, condition, seconds=30):
    """Let the page run (and route handlers fire) until `condition()` holds."""
    for _ in range(seconds * 50):
        if condition():
            return
        page.wait_for_timeout(20)
    raise AssertionError("condition not met in time")


def team_documents(app, code):
    """(kind, size, content type) of every document stored for the team `code`."""
    with app.app_context():
        team = db.session.scalar(select(Team).where(Team.code == code))
        result = [(doc.kind, doc.size, doc.content_type) for doc in team.documents]
        db.session.remove()
        return result


def team_count(app):
    with app.app_context():
        count = db.session.query(Team).count()
        db.session.remove()
        return count


def finish(page):
    """Submit and wait for the success page; return the team code."""
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success", timeout=SLOW)
    return page.inner_text("#team-code")


def test_fifteen_players_and_66_mb_with_javascript(csrf_server, browser_page, documents):
    """Each document goes up on its own as it is picked; the submit sends only text, once however often it is
    pressed, and ends on the success page, where nothing of the form is left in the browser's storage."""
    page = browser_page
    sent = record_requests(page)
    form, _files = payloads.registration(players=PLAYERS)
    page.goto(f"{csrf_server.url}/register")
    type_fields(page, form, PLAYERS)
    pick_files(page, documents, PLAYERS)
    wait_received(page, 33)
    assert page.inner_text("#overall-text").endswith("33 of 33")
    assert page.evaluate("document.getElementById('overall-progress').value") == 33
    held = []
    page.route("**/register", lambda route: held.append(route) if route.request.method == "POST"
               else route.continue_())
    page.click("#submit-registration")
    wait_until(page, lambda: held)
    assert page.is_disabled("#submit-registration")  # while the submit is on its way...
    assert page.inner_text("#submit-registration").startswith("Submitting")
    page.evaluate("document.getElementById('registration-form').requestSubmit()")  # ...a second one is ignored
    held[0].continue_()
    page.wait_for_selector("#registration-success", timeout=SLOW)
    code = page.inner_text("#team-code")
    assert code == "ICCT-001"
    stored = team_documents(csrf_server.app, code)
    assert len(stored) == 33 and sum(size for _kind, size, _type in stored) >= 60_000_000
    uploads = [size for method, path, size in sent if method == "PUT" and "/files/" in path]
    assert len(uploads) == 33
    submits = [size for method, path, size in sent if method == "POST" and path == "register"]
    assert len(submits) == 1 and 0 < submits[0] < 20_000  # the text and the draft token, no file again
    assert page.evaluate(f"localStorage.getItem('{SAVED}')") is None


def test_fifteen_players_and_66_mb_without_javascript(csrf_server, browser, documents):
    """With JavaScript off the same registration is one multipart post, and it succeeds."""
    with page_in_context(browser, java_script_enabled=False) as page:
        sent = record_requests(page)
        form, _files = payloads.registration(players=PLAYERS)
        page.goto(f"{csrf_server.url}/register")
        assert page.is_hidden("#add-player")  # rows are not added in the page without the script...
        page.select_option("#players-wanted", str(PLAYERS))
        with page.expect_navigation():  # counting the rows before the new page has loaded found none
            page.click("#player-count-form button")  # ...so the captain asks for 15 rows first
        assert page.locator(".player-row").count() == PLAYERS
        type_fields(page, form, PLAYERS)
        pick_files(page, documents, PLAYERS)
        page.click("#submit-registration")
        page.wait_for_selector("#registration-success", timeout=SLOW)
        code = page.inner_text("#team-code")
        stored = team_documents(csrf_server.app, code)
        assert len(stored) == 33 and sum(size for _kind, size, _type in stored) >= 60_000_000
        assert [method for method, path, _size in sent if method != "GET"] == ["POST"]


UPLOADS = "**/register/draft/*/files/*"


def cut_after(page, count):
    """Let `count` uploads through, then hold every later one (the list returned) until the test cuts them."""
    held = []

    def route(request_route):
        if route.passed < count:
            route.passed += 1
            request_route.continue_()
        else:
            held.append(request_route)

    route.passed = 0
    page.route(UPLOADS, route)
    return held


def test_a_cut_connection_and_a_reload_need_no_file_picked_again(csrf_server, browser_page, documents):
    """The connection drops while documents go up: they resume when it returns; the tab reloads and shows the
    typed fields and every received document; the submit is cut too, and after another reload it succeeds."""
    page = browser_page
    context = page.context
    sent = record_requests(page)
    form, _files = payloads.registration(players=PLAYERS)
    page.goto(f"{csrf_server.url}/register")
    type_fields(page, form, PLAYERS)
    held = cut_after(page, 4)
    pick_files(page, documents, PLAYERS)
    wait_received(page, 4)
    wait_until(page, lambda: len(held) >= 3)  # three uploads under way when the connection drops
    context.set_offline(True)
    for route in held:
        route.abort("internetdisconnected")
    page.unroute(UPLOADS)
    page.wait_for_selector(".upload[data-state=failed] .retry", timeout=SLOW)
    assert page.locator(".notice").is_visible()
    assert received(page) < 33
    context.set_offline(False)
    wait_received(page, 33)  # nothing picked again: the lost uploads resumed on their own

    page.reload()
    wait_received(page, 33)
    assert page.input_value("#team_name") == form["team_name"]
    assert page.input_value(f"#player_{PLAYERS - 1}_name") == form[f"player_{PLAYERS - 1}_name"]
    assert page.locator(".player-row").count() == PLAYERS

    context.set_offline(True)
    page.click("#submit-registration")
    page.wait_for_selector("#form-message:not([hidden])")
    assert page.is_enabled("#submit-registration")
    assert team_count(csrf_server.app) == 0
    context.set_offline(False)
    page.reload()
    wait_received(page, 33)
    puts_before = sum(1 for method, *_ in sent if method == "PUT")
    code = finish(page)
    assert len(team_documents(csrf_server.app, code)) == 33
    assert sum(1 for method, *_ in sent if method == "PUT") == puts_before


def test_register_page_has_no_sideways_scroll_on_a_360_pixel_phone(csrf_server, browser, documents):
    """At 360 px nothing scrolls sideways: the empty form in both languages, with upload states and the error
    summary, and without JavaScript."""
    with phone_page(browser) as page:
        for language in ("en", "ta"):
            page.goto(f"{csrf_server.url}/lang/{language}")
            page.goto(f"{csrf_server.url}/register")
            assert_no_sideways_scroll(page, language)
        page.set_input_files("#pastor_letter", documents["pdf"])
        page.set_input_files("#player_0_aadhar_file", documents["jpg"])
        wait_received(page, 2)
        page.fill("#captain_phone", "12345")
        page.click("#submit-registration")
        page.wait_for_selector("#error-summary a[href='#captain_phone']")
        assert_no_sideways_scroll(page, "error summary")
    with phone_page(browser, java_script_enabled=False) as page:
        # without the script: the player-count form, and the server's summary after a refused post
        page.goto(f"{csrf_server.url}/register")
        assert page.is_visible("#player-count-form")
        assert_no_sideways_scroll(page, "without JavaScript")
        page.click("#submit-registration")
        page.wait_for_selector("#error-summary a[href='#team_name']")
        assert_no_sideways_scroll(page, "the server's error summary")


def test_the_compatible_api_still_registers_beside_the_form(csrf_server):
    """A sanity check of the server the journey runs on: the compatible API still registers (code 201)."""
    form, files = payloads.registration(players=11)
    response = requests.post(f"{csrf_server.url}/api/register/team", data=form,
                             files={name: (n, content, t) for name, (n, content, t) in files.items()}, timeout=30)
    assert response.status_code == 201, response.text
