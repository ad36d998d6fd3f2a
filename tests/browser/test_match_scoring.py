"""An organiser records a whole result in one form (desktop and a 390 px phone); the public schedule and
standings, open in other pages, show the result without a reload."""
from datetime import datetime, timedelta, timezone

import pytest

from tests.support.browser import page_in_context, sign_in, within_width
from tests.support.match_factories import insert_team, schedule_match

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def record_result(page, url, match_id, toss_winner, scores):
    """From the match list to the one form: the super-over and played parts follow the result type; toss, both
    innings, submit."""
    page.goto(f"{url}/matchmodelview/list/")
    page.click(f"a[href*='/matchmodelview/show/{match_id}']")
    page.click("#step-result")
    page.wait_for_load_state("load")
    assert not page.is_visible("#super_first_runs")  # only for a tie settled by a super over
    page.select_option("#result_type", "super_over")
    assert page.is_visible("#super_first_runs")
    page.select_option("#result_type", "abandoned")
    assert page.is_visible("#reason") and not page.is_visible("#first_runs")
    page.select_option("#result_type", "normal")
    page.select_option("#toss_winner_id", str(toss_winner))
    page.select_option("#toss_choice", "bowl")
    for name, value in scores.items():
        page.fill(f"#{name}", value)
    page.click("#match-step-form button[type=submit]")
    page.wait_for_selector(".alert-success")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_organiser_records_a_whole_result_and_the_open_schedule_updates(app, live_server, browser, make_user,
                                                                         viewport):
    """One form completes the match; the schedule page already open picks the sentence up by itself."""
    app.config.update(PUBLIC_LIVE_POLL_SECONDS=1)
    eagles, tigers = insert_team(app, 1, "Immanuel Eagles"), insert_team(app, 2, "Trinity Tigers")
    match_id = schedule_match(app, 1, eagles, tigers,
                              scheduled_at=datetime.now(timezone.utc) - timedelta(minutes=90))
    options = {"viewport": viewport} if viewport else {}
    with page_in_context(browser, 20_000, **options) as public, page_in_context(browser, 20_000, **options) as admin:
        violations = []
        for page in (public, admin):
            page.on("console", lambda message: violations.append(message.text)
                    if "Content Security Policy" in message.text else None)
        url = live_server.url
        public.goto(f"{url}/schedule")
        row = f"tr[data-match='{match_id}']"
        assert "Immanuel Eagles vs Trinity Tigers" in public.inner_text(row)
        public.evaluate("window.loadedOnce = true")  # gone if the page reloads
        standings = public.context.new_page()
        standings.goto(f"{url}/standings")
        standings.evaluate("window.loadedOnce = true")

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
        standings.wait_for_function(
            "() => (document.querySelector(\"section[data-group='Group A'] tbody tr\") || {}).innerText"
            "?.split('\\t').slice(0, 7).join(',') === 'Trinity Tigers,1,1,0,0,0,2'")
        assert standings.evaluate("window.loadedOnce") is True
        assert public.locator(f"#completed {row}").count() == 1
        assert violations == []
        if viewport:
            assert within_width(public.locator(f"{row} td.teams"), PHONE["width"])
            assert within_width(public.locator(f"{row} .sentence"), PHONE["width"])
            assert within_width(admin_row.locator("td", has_text="Immanuel Eagles vs Trinity Tigers"), PHONE["width"])
