"""Every public page on a 360-pixel phone, in English and in Tamil: nothing scrolls sideways, Tamil is drawn with
our own web font, and the language switch stays on the page."""
import pytest

from tests.support.browser import PHONE, assert_no_sideways_scroll
from tests.support.public_pages import public_paths, register_through_the_form, submit_the_empty_form

pytestmark = pytest.mark.browser

LANGUAGES = {"en": "English", "ta": "தமிழ்"}
# Our @font-face faces that the browser has fetched and decoded.
LOADED_FACES = """async () => { await document.fonts.ready;
    return [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'ICCT Tamil' && f.status === 'loaded')
        .map(f => f.weight); }"""


def switch_to(page, language):
    """Tap the language link in the page's header, as a visitor does, and wait for the page to come back."""
    with page.expect_navigation():
        page.click(f".lang a[hreflang={language}]")


def fonts_drawing(page, selector):
    """The fonts Chromium actually used for an element's text, with whether each was a web font."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return {(font["familyName"], font["isCustomFont"]) for font in fonts}


@pytest.mark.parametrize("language", ["en", "ta"])
def test_every_public_page_fits_a_360_pixel_phone(public_site, phone, language):
    """No page is wider than the screen, with long Tamil and English names, results and the form's errors."""
    phone.goto(public_site.url + "/")
    switch_to(phone, language)
    paths = public_paths(public_site.matches) + [register_through_the_form(phone, public_site.url)]
    for path in paths:
        phone.goto(public_site.url + path)
        assert phone.get_attribute("html", "lang") == language, path
        assert_no_sideways_scroll(phone, path, language)
    submit_the_empty_form(phone, public_site.url)
    assert_no_sideways_scroll(phone, "the form's errors", language)


def test_wide_standings_scroll_inside_their_own_box_with_a_hint(public_site, phone):
    """The points table keeps its columns: it scrolls inside a focusable region, and says so."""
    phone.goto(public_site.url + "/standings")
    region = phone.locator(".table-scroll").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert phone.locator(".scroll-hint").first.is_visible()
    assert region.evaluate("box => box.scrollWidth > box.clientWidth"), "the table fits; then the hint lies"
    assert region.evaluate("box => box.getBoundingClientRect().right") <= PHONE["width"]


def test_schedule_rows_become_cards_that_name_each_value(public_site, phone):
    """On a phone a schedule row (and the printable list's) shows each value under its column's name, teams first."""
    for path, table in (("/schedule", "#completed table"), ("/schedule/print", "table.print-fixtures")):
        phone.goto(public_site.url + path)
        assert not phone.locator(f"{table} thead").is_visible() or \
            phone.locator(f"{table} thead").bounding_box()["width"] <= 1
        labels = phone.eval_on_selector_all(f"{table} tbody tr:first-child td",
                                            "cells => cells.map(c => getComputedStyle(c, '::before').content)")
        expected = ["Teams", "Result", "Time", "Venue", "Match"] if path == "/schedule" else \
            ["Time", "Match", "Teams", "Venue", "Result"]
        assert labels == [f'"{label}"' for label in expected], path


def test_tamil_text_is_drawn_with_our_noto_sans_tamil(public_site, phone):
    """Tamil glyphs come from the web font we serve (not a font the device happens to have), regular and bold."""
    phone.goto(public_site.url + "/")
    switch_to(phone, "ta")
    phone.goto(public_site.url + "/teams")
    assert phone.evaluate("document.fonts.check('16px \"ICCT Tamil\"', 'தமிழ்')")
    assert set(phone.evaluate(LOADED_FACES)) == {"400", "700"}
    # Chromium names the fonts it drew the text with; this machine also has Noto Sans Tamil installed, so only
    # "custom" (a web font) tells ours apart from the system's copy.
    assert ("Noto Sans Tamil", True) in fonts_drawing(phone, "h1")
    assert ("Noto Sans Tamil", True) in fonts_drawing(phone, "footer")
    assert ("Noto Sans Tamil", False) not in fonts_drawing(phone, "main")


@pytest.mark.parametrize("path", ["/schedule", "/standings", "/schedule/print", "/register", "/no-such-page",
                                  "match"])
def test_language_switch_stays_on_the_page(public_site, browser_page, path):
    """Tamil and back to English from the page itself: the same page each time, never the admin login."""
    page = browser_page
    path = f"/matches/{public_site.matches['completed']}" if path == "match" else path
    page.goto(public_site.url + path)
    for language in ("ta", "en"):
        switch_to(page, language)
        assert page.url == public_site.url + path
        assert page.get_attribute("html", "lang") == language
        assert page.get_attribute(f".lang a[hreflang={language}]", "aria-current") == "true"


def test_language_switch_keeps_the_query_of_a_page_that_is_not_shared(public_site, browser_page):
    """A page rendered for this visitor alone returns with its query; FAB's one-request `_l_` is dropped."""
    page = browser_page
    page.goto(public_site.url + "/register?church=CSI+Immanuel&_l_=en")
    switch_to(page, "ta")
    assert page.url == public_site.url + "/register?church=CSI+Immanuel"
    assert page.get_attribute("html", "lang") == "ta"
