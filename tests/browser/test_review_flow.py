"""An organiser reviews teams in a real browser: queue, document, confirm, reject with a reason, outbox."""
import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.support.browser import reject_in_admin, sign_in

pytestmark = pytest.mark.browser


def test_organiser_reviews_two_teams(live_server, browser_page, make_team, make_user):
    """Sign in, open the queue, view a document, confirm one team, reject another, see both emails queued."""
    first, second = make_team(), make_team()
    username, password = make_user("Organiser")
    page = browser_page
    sign_in(page, live_server.url, username, password)

    page.goto(f"{live_server.url}/reviewqueuemodelview/list/")
    rows = page.locator("table tbody tr")
    assert "ICCT-901" in rows.nth(0).inner_text() and "ICCT-902" in rows.nth(1).inner_text()

    page.goto(f"{live_server.url}/reviewqueuemodelview/show/{first}")
    assert "ICCT-901-P11" in page.content()
    with page.context.expect_event("response", lambda r: "/documents/" in r.url) as opened:
        page.locator('a[href^="/documents/"]', has_text="Open").first.click()
    document = opened.value
    assert document.status == 200 and document.headers["content-type"] == "application/pdf"
    assert document.headers["cache-control"] == "private, no-store"

    page.get_by_role("link", name="Confirm").click()
    page.click("#modal-confirm-ok")
    page.wait_for_selector("text=Confirm: ICCT-901")

    reject_in_admin(page, f"{live_server.url}/reviewqueuemodelview/show/{second}", "The pastor's letter is not signed",
                    "ICCT-902")
    assert not [row for row in page.locator("table tbody tr").all_inner_texts() if "ICCT-90" in row]

    page.goto(f"{live_server.url}/outboxemailmodelview/list/")
    rows = page.locator("table tbody tr").all_inner_texts()
    assert [("confirmed" in row, "rejected" in row, "Pending" in row) for row in rows if "ICCT-90" in row] == [
        (False, True, True), (True, False, True)]
    page.goto(f"{live_server.url}/auditeventmodelview/list/")
    assert "The pastor's letter is not signed" in page.content()
    assert ADMIN_PASSWORD not in page.content()
