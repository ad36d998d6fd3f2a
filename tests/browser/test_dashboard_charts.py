"""Signing in lands on the dashboard with its charts drawn, on a desktop and on a 390 px phone."""
import pytest

from tests.support.browser import assert_no_sideways_scroll, page_in_context, sign_in
from tests.support.match_factories import insert_team, schedule_match

pytestmark = pytest.mark.browser

CHARTS = ["chart-team-status", "chart-registrations", "chart-review-backlog", "chart-church-slots",
          "chart-match-status"]


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_sign_in_lands_on_the_dashboard_with_charts_drawn(app, live_server, browser, width, height, make_team):
    """After the login form, the dashboard shows every chart as an SVG of non-zero size that fits the screen,
    with bars drawn; a bar opens the list it counts."""
    make_team(), make_team(status="confirmed", church="CSI Second Church")
    schedule_match(app, 1, insert_team(app, 1), insert_team(app, 2))
    with page_in_context(browser, viewport={"width": width, "height": height}) as page:
        sign_in(page, live_server.url)
        page.wait_for_url("**/dashboard/")
        for chart in CHARTS:
            svg = page.locator(f"#{chart} svg")
            assert svg.count() == 1, chart
            box = svg.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 30, (chart, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (chart, box, width)  # no sideways scroll
            bars = page.locator(f"#{chart} svg a rect.desk-value")
            assert bars.count() >= 1, chart
            drawn = [bars.nth(i).bounding_box() for i in range(bars.count())]
            assert any(box and box["width"] > 2 and box["height"] > 2 for box in drawn), (chart, drawn)
        assert_no_sideways_scroll(page)
        page.locator('#chart-team-status a[aria-label="Confirmed: 3"] rect.desk-value').click()
        page.wait_for_url("**/teammodelview/list/**")
        assert "ICCT-902" in page.content() and "ICCT-901" not in page.locator("table").first.inner_text()
