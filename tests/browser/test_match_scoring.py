"""A scorer signs in, starts a match, records both innings and finishes it; the public pages show the result."""
import pytest

from tests.support.match_factories import insert_team, schedule_match

pytestmark = pytest.mark.browser


def test_scorer_scores_a_match_and_the_public_sees_it(app, live_server, browser_page, make_user):
    """The whole workflow through the admin UI in Chromium, then the public match and standings pages."""
    eagles, tigers = insert_team(app, 1, "Immanuel Eagles"), insert_team(app, 2, "Trinity Tigers")
    match_id = schedule_match(app, 1, eagles, tigers)
    username, password = make_user("Scorer")
    page, url = browser_page, live_server.url

    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{url}/matchmodelview/list/")
    page.click(f"a[href*='/matchmodelview/show/{match_id}']")

    page.click("#step-start")
    page.select_option("#toss_winner_id", str(tigers))
    page.select_option("#toss_choice", "bowl")
    page.click("#match-step-form button[type=submit]")
    page.wait_for_selector("#step-innings")

    for runs, wickets, overs in (("165", "8", "10"), ("166", "5", "9.4")):
        page.click("#step-innings")
        page.fill("#runs", runs)
        page.fill("#wickets", wickets)
        page.fill("#overs", overs)
        page.click("#match-step-form button[type=submit]")
        page.wait_for_selector("#step-finish")

    page.click("#step-finish")
    page.click("#match-step-form button[type=submit]")
    page.wait_for_selector("#step-correct")

    page.goto(f"{url}/matches/{match_id}")
    assert page.inner_text("#result") == "Trinity Tigers won by 5 wickets"
    assert "165/8 (10 ov)" in page.inner_text("#scores") and "166/5 (9.4 ov)" in page.inner_text("#scores")
    assert page.inner_text("#toss") == "Trinity Tigers won the toss and chose to bowl"
    page.goto(f"{url}/standings")
    first_row = page.locator("section[data-group='Group A'] tbody tr").first.inner_text()
    assert first_row.split("\t")[:7] == ["Trinity Tigers", "1", "1", "0", "0", "0", "2"]
    assert "+0.672" in first_row
