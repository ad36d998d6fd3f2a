"""An organiser records a whole result in one form (desktop and a 390 px phone); the public schedule, open in
another page, shows the result sentence without a reload."""
from datetime import datetime, timedelta, timezone

import pytest

from tests.support.match_factories import insert_team, schedule_match

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def sign_in(page, url, username, password):
    """Log in through FAB's form."""
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_load_state()


def record_result(page, url, match_id, toss_winner, scores):
    """From the match list to the one form: toss, both innings, submit."""
    page.goto(f"{url}/matchmodelview/list/")
    page.click(f"a[href*='/matchmodelview/show/{match_id}']")
    page.click("#step-result")
    page.select_option("#toss_winner_id", str(toss_winner))
    page.select_option("#toss_choice", "bowl")
    for name, value in scores.items():
        page.fill(f"#{name}", value)
    page.select_option("#result_type", "normal")
    page.click("#match-step-form button[type=submit]")
    page.wait_for_selector(".alert-success")


def within(page, selector, width):
    """True when the element's box lies inside the first `width` pixels of the page."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_organiser_records_a_whole_result_and_the_open_schedule_updates(app, live_server, browser, make_user,
                                                                         viewport):
    """One form completes the match; the schedule page already open picks the sentence up by itself."""
    app.config.update(PUBLIC_LIVE_POLL_SECONDS=1)
    eagles, tigers = insert_team(app, 1, "Immanuel Eagles"), insert_team(app, 2, "Trinity Tigers")
    match_id = schedule_match(app, 1, eagles, tigers,
                              scheduled_at=datetime.now(timezone.utc) - timedelta(minutes=90))
    options = {"viewport": viewport} if viewport else {}
    public_context, admin_context = browser.new_context(**options), browser.new_context(**options)
    try:
        public, admin = public_context.new_page(), admin_context.new_page()
        for page in (public, admin):
            page.set_default_timeout(20_000)
        url = live_server.url
        public.goto(f"{url}/schedule")
        row = f"tr[data-match='{match_id}']"
        assert "Immanuel Eagles vs Trinity Tigers" in public.inner_text(row)
        public.evaluate("window.loadedOnce = true")  # gone if the page reloads

        sign_in(admin, url, *make_user("Organiser"))
        record_result(admin, url, match_id, tigers, {
            "first_runs": "165", "first_wickets": "8", "first_overs": "10",
            "second_runs": "166", "second_wickets": "5", "second_overs": "9.4"})
        assert "Trinity Tigers won by 5 wickets" in admin.inner_text("body")
        admin.goto(f"{url}/matchmodelview/list/")
        admin_row = admin.locator(f"tr:has(a[href*='/matchmodelview/show/{match_id}'])")
        assert "Immanuel Eagles vs Trinity Tigers" in admin_row.inner_text()
        assert "Trinity Tigers won by 5 wickets" in admin_row.inner_text()

        public.wait_for_function(
            "id => (document.querySelector(`tr[data-match='${id}'] .sentence`) || {}).textContent"
            " === 'Trinity Tigers won by 5 wickets'", arg=match_id)
        assert public.evaluate("window.loadedOnce") is True
        assert public.locator(f"#completed {row}").count() == 1
        if viewport:
            assert within(public, f"{row} td.teams", PHONE["width"])
            assert within(public, f"{row} .sentence", PHONE["width"])
            cell = admin_row.locator("td", has_text="Immanuel Eagles vs Trinity Tigers")
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    finally:
        public_context.close()
        admin_context.close()
