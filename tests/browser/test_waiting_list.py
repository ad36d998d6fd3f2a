"""The waiting list in Chromium: a full church's refusal on /register offers it, the captain joins, an organiser
withdraws a team of that church in the admin, and the first waiting captain gets the offer email (real SMTP sink)
and completes the registration through its link."""
import re

import pytest

from app.extensions import db
from app.services.mail.sender import OutboxSender
from tests.support import payloads, review_factories
from tests.support.browser import fill_registration, sign_in

pytestmark = pytest.mark.browser
make_team = review_factories.make_team  # the shared fixture

CHURCH = "CSI Waitlist Church Peelamedu"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/register/offer/[A-Za-z0-9_\-]+\?_l_=en")


def test_full_church_waiting_list_to_registration(mail_site, browser_page, open_page, make_team, make_user,
                                                  document_files, smtp_server):
    """Refused, joined, withdrawn, emailed, registered through the link; the used link then says so."""
    full = [make_team(church=CHURCH, name=name, on=mail_site.app) for name in ("Early Birds", "Second Birds")]
    captain = browser_page
    form, _files = payloads.registration(church=CHURCH, team_name="Patient Eleven",
                                         captain_email="patient@example.org")

    # The church is full: the refusal offers its waiting list, filled from the form.
    captain.goto(f"{mail_site.url}/register")
    fill_registration(captain, form, document_files)
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
    organiser = open_page()
    sign_in(organiser, mail_site.url, username, password)
    organiser.goto(f"{mail_site.url}/waitingentrymodelview/list/")
    assert "Patient Eleven" in organiser.inner_text("body")
    organiser.goto(f"{mail_site.url}/teammodelview/show/{full[0]}")
    organiser.get_by_role("link", name="Withdraw").click()
    organiser.click("#modal-confirm-ok")
    organiser.wait_for_selector("text=Withdraw: ICCT-")
    organiser.goto(f"{mail_site.url}/waitingentrymodelview/list/")
    assert "offered" in organiser.locator("tr", has_text="Patient Eleven").inner_text()

    # The offer reaches the captain's mailbox through the real SMTP sink.
    with mail_site.app.app_context():
        OutboxSender(mail_site.app).run_once()
        db.session.remove()
    offers = [message for recipients, message in smtp_server.inbox.messages if recipients == ["patient@example.org"]]
    assert len(offers) == 1
    link = LINK.search(offers[0].get_body(("plain",)).get_content()).group(0)
    assert link.startswith(mail_site.url)

    # The link opens the form filled from the entry; the captain adds the rest and registers.
    captain.goto(link)
    captain.wait_for_selector("#waitlist-offer")
    assert CHURCH in captain.inner_text("#waitlist-offer")
    assert captain.input_value("#team_name") == "Patient Eleven"
    assert captain.input_value("#church_name") == CHURCH
    assert captain.input_value("#captain_email") == "patient@example.org"
    fill_registration(captain, form, document_files, fields=("captain_phone", "vice_name", "vice_phone", "vice_email"))
    captain.click("#submit-registration")
    captain.wait_for_selector("#registration-success")
    assert captain.inner_text("#team-code").startswith("ICCT-")
    assert "Patient Eleven" in captain.inner_text("#registration-success")

    organiser.goto(f"{mail_site.url}/waitingentrymodelview/list/")
    assert "registered" in organiser.locator("tr", has_text="Patient Eleven").inner_text()
    captain.goto(link)
    assert captain.get_attribute("#offer-unavailable", "data-reason") == "used"
