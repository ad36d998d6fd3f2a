"""A person fills the registration form in Chromium, with files, in English and in Tamil."""
import pytest

from tests.support import payloads
from tests.support.browser import assert_no_sideways_scroll, fill_registration, page_in_context

pytestmark = pytest.mark.browser


def test_english_form_shows_errors_then_registers(csrf_server, browser_page, document_files):
    """A bad phone is flagged beside its field; corrected, the form registers and shows the code."""
    page = browser_page
    form, _files = payloads.registration(players=12, captain_phone="12345")
    page.goto(f"{csrf_server.url}/register")
    fill_registration(page, form, document_files, players=12)
    page.click("#submit-registration")
    error = page.locator("#captain_phone-error")
    assert "10-digit" in error.inner_text()
    assert page.input_value("#team_name") == form["team_name"]
    assert page.locator(".player-row").count() == 12
    fill_registration(page, form | {"captain_phone": "98765 43210"}, document_files, players=12)
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success")
    assert page.inner_text("#team-code") == "ICCT-001"


def test_tamil_form_registers(csrf_server, browser_page, document_files):
    """Switched to Tamil, the labels are Tamil and a registration succeeds."""
    page = browser_page
    page.goto(f"{csrf_server.url}/register")
    page.click("text=தமிழ்")
    page.goto(f"{csrf_server.url}/register")
    assert page.get_attribute("html", "lang") == "ta"
    form, _files = payloads.registration()
    fill_registration(page, form, document_files)
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success")
    assert page.inner_text("#team-code") == "ICCT-001"


def test_form_fits_a_phone_screen(csrf_server, browser):
    """On a 390-pixel-wide screen nothing scrolls sideways."""
    with page_in_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True) as page:
        page.goto(f"{csrf_server.url}/register")
        assert_no_sideways_scroll(page)
