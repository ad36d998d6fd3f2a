"""The waiting list in Chromium: a full church's refusal on /register offers it, the captain joins, an organiser
withdraws a team of that church in the admin, and the first waiting captain gets the offer email (real SMTP sink)
and completes the registration through its link."""
import re

import pytest

from app.extensions import db
from app.services.mail.sender import OutboxSender
from tests.support import payloads, review_factories
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser
make_team = review_factories.make_team  # the shared fixture

CHURCH = "CSI Waitlist Church Peelamedu"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/register/offer/[A-Za-z0-9_\-]+\?_l_=en")



@pytest.fixture
def site(app_factory, smtp_server):
    """The app with CSRF on and mail to the SMTP sink, served on loopback."""
    app = app_factory(WTF_CSRF_ENABLED=True, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_TIMEOUT=5,
                      OUTBOX_SENDER_ENABLED=False)
    with LiveServer(app) as server:
        server.app = app
        app.config["PUBLIC_BASE_URL"] = server.url  # the offer email's link must reach this server
        yield server


@pytest.fixture
def document_files(tmp_path):
    """A real PDF and JPEG on disk for the file inputs."""
    pdf, jpg = tmp_path / "letter.pdf", tmp_path / "card.jpg"
    pdf.write_bytes(payloads.pdf_bytes(4096))
    jpg.write_bytes(payloads.jpeg_bytes(4096))
    return str(pdf), str(jpg)


def fill(page, document_files, form, fields):
    """Type the given fields and attach every document, as a captain would."""
    pdf, jpg = document_files
    for name in fields:
        page.fill(f"#{name}", form[name])
    page.set_input_files("#pastor_letter", pdf)
    page.set_input_files("#payment_receipt", jpg)
    for i in range(11):
        page.fill(f"#player_{i}_name", form[f"player_{i}_name"])
        page.set_input_files(f"#player_{i}_aadhar_file", jpg)
        page.set_input_files(f"#player_{i}_subscription_file", pdf)


def test_full_church_waiting_list_to_registration(site, browser, make_team, make_user, document_files,
                                                  smtp_server):
    """Refused, joined, withdrawn, emailed, registered through the link; the used link then says so."""
    full = [make_team(church=CHURCH, name=name, on=site.app) for name in ("Early Birds", "Second Birds")]
    captain = browser.new_context().new_page()
    captain.set_default_timeout(15_000)
    form, _files = payloads.registration(church=CHURCH, team_name="Patient Eleven",
                                         captain_email="patient@example.org")
    everything = ("team_name", "church_name", "captain_name", "captain_phone", "captain_email", "vice_name",
                  "vice_phone", "vice_email")

    # The church is full: the refusal offers its waiting list, filled from the form.
    captain.goto(f"{site.url}/register")
    fill(captain, document_files, form, everything)
    captain.click("#submit-registration")
    captain.wait_for_selector("#waitlist-join")
    assert "Join the waiting list of " + CHURCH in captain.inner_text("#waitlist-title")
    assert captain.input_value("#waitlist_team_name") == "Patient Eleven"
    assert captain.input_value("#waitlist_captain_email") == "patient@example.org"
    captain.click("#join-waitlist")
    captain.wait_for_selector("#waitlist-joined")
    assert "number 1 in line" in captain.inner_text("#waitlist-joined")

    # An organiser withdraws one of the church's teams in the admin.
    username, password = make_user("Organiser")
    organiser = browser.new_context().new_page()
    organiser.set_default_timeout(15_000)
    organiser.goto(f"{site.url}/login/")
    organiser.fill("#username", username)
    organiser.fill("#password", password)
    organiser.click("input[type=submit], button[type=submit]")
    organiser.wait_for_url(lambda url: "/login" not in url)
    organiser.goto(f"{site.url}/waitingentrymodelview/list/")
    assert "Patient Eleven" in organiser.inner_text("body")
    organiser.goto(f"{site.url}/teammodelview/show/{full[0]}")
    organiser.get_by_role("link", name="Withdraw").click()
    organiser.click("#modal-confirm-ok")
    organiser.wait_for_selector("text=Withdraw: ICCT-")
    organiser.goto(f"{site.url}/waitingentrymodelview/list/")
    assert "offered" in organiser.locator("tr", has_text="Patient Eleven").inner_text()

    # The offer reaches the captain's mailbox through the real SMTP sink.
    with site.app.app_context():
        OutboxSender(site.app).run_once()
        db.session.remove()
    offers = [message for recipients, message in smtp_server.inbox.messages if recipients == ["patient@example.org"]]
    assert len(offers) == 1
    link = LINK.search(offers[0].get_body(("plain",)).get_content()).group(0)
    assert link.startswith(site.url)

    # The link opens the form filled from the entry; the captain adds the rest and registers.
    captain.goto(link)
    captain.wait_for_selector("#waitlist-offer")
    assert CHURCH in captain.inner_text("#waitlist-offer")
    assert captain.input_value("#team_name") == "Patient Eleven"
    assert captain.input_value("#church_name") == CHURCH
    assert captain.input_value("#captain_email") == "patient@example.org"
    fill(captain, document_files, form, ("captain_phone", "vice_name", "vice_phone", "vice_email"))
    captain.click("#submit-registration")
    captain.wait_for_selector("#registration-success")
    assert captain.inner_text("#team-code").startswith("ICCT-")
    assert "Patient Eleven" in captain.inner_text("#registration-success")

    organiser.goto(f"{site.url}/waitingentrymodelview/list/")
    assert "registered" in organiser.locator("tr", has_text="Patient Eleven").inner_text()
    captain.goto(link)
    assert captain.get_attribute("#offer-unavailable", "data-reason") == "used"
