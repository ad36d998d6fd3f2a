"""A person fills the registration form in Chromium, with files, in English and in Tamil."""
import pytest

from tests.support import payloads
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def site(app_factory):
    """The app with CSRF on, served on loopback."""
    with LiveServer(app_factory(WTF_CSRF_ENABLED=True)) as server:
        yield server


@pytest.fixture
def document_files(tmp_path):
    """A real PDF and JPEG on disk for the file inputs."""
    pdf, jpg = tmp_path / "letter.pdf", tmp_path / "card.jpg"
    pdf.write_bytes(payloads.pdf_bytes(4096))
    jpg.write_bytes(payloads.jpeg_bytes(4096))
    return str(pdf), str(jpg)


def fill(page, document_files, form, players=11):
    """Type every field and attach every file as a captain would."""
    pdf, jpg = document_files
    for name in ("team_name", "church_name", "captain_name", "captain_phone", "captain_email", "vice_name",
                 "vice_phone", "vice_email"):
        page.fill(f"#{name}", form[name])
    page.set_input_files("#pastor_letter", pdf)
    page.set_input_files("#payment_receipt", jpg)
    while page.locator(".player-row").count() < players:
        page.click("#add-player")
    for i in range(players):
        page.fill(f"#player_{i}_name", form[f"player_{i}_name"])
        page.select_option(f"#player_{i}_role", "Bowler" if i % 2 else "Batsman")
        page.set_input_files(f"#player_{i}_aadhar_file", jpg)
        page.set_input_files(f"#player_{i}_subscription_file", pdf)


def test_english_form_shows_errors_then_registers(site, browser_page, document_files):
    """A bad phone is flagged beside its field; corrected, the form registers and shows the code."""
    page = browser_page
    form, _files = payloads.registration(players=12, captain_phone="12345")
    page.goto(f"{site.url}/register")
    fill(page, document_files, form, players=12)
    page.click("#submit-registration")
    error = page.locator("#captain_phone-error")
    assert "10-digit" in error.inner_text()
    assert page.input_value("#team_name") == form["team_name"]
    assert page.locator(".player-row").count() == 12
    fill(page, document_files, form | {"captain_phone": "98765 43210"}, players=12)
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success")
    assert page.inner_text("#team-code") == "ICCT-001"


def test_tamil_form_registers(site, browser_page, document_files):
    """Switched to Tamil, the labels are Tamil and a registration succeeds."""
    page = browser_page
    page.goto(f"{site.url}/register")
    page.click("text=தமிழ்")
    page.goto(f"{site.url}/register")
    assert page.get_attribute("html", "lang") == "ta"
    form, _files = payloads.registration()
    fill(page, document_files, form)
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success")
    assert page.inner_text("#team-code") == "ICCT-001"


def test_form_fits_a_phone_screen(site, browser):
    """On a 390-pixel-wide screen nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site.url}/register")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0
