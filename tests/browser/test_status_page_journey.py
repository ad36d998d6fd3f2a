"""A captain fixes a rejected registration in Chromium on a phone: the link from the rejection email, two problem
documents replaced, and the team back in the organisers' review queue."""
import hashlib
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Document, Player
from app.services.mail.sender import OutboxSender
from app.services.review.document_verdicts import set_verdict
from tests.support import payloads
from tests.support.browser import assert_no_sideways_scroll, reject_in_admin, sign_in

pytestmark = pytest.mark.browser


def _mark_problems(app, team_id):
    """An organiser's verdicts: the first player's Aadhaar and the pastor's letter are problems."""
    with app.app_context():
        rows = db.session.execute(select(Document.id, Document.kind, Player.position)
                                  .outerjoin(Player, Document.player_id == Player.id)
                                  .where(Document.team_id == team_id)).all()
        for doc_id, kind, position in rows:
            if (kind, position) in (("aadhar", 1), ("pastor_letter", None)):
                set_verdict(doc_id, "problem", f"Please send a clearer {kind}", actor="admin")
        db.session.remove()


def test_captain_replaces_two_problem_documents_from_the_email(mail_site, browser_page, phone, make_team,
                                                               smtp_server, tmp_path):
    """Organiser rejects; the captain opens the emailed link on a 360 px phone (no sideways scroll), uploads two
    files, and the organiser finds the team in the review queue again."""
    app = mail_site.app
    team_id = make_team(on=app)
    _mark_problems(app, team_id)
    organiser = browser_page
    sign_in(organiser, mail_site.url)
    reject_in_admin(organiser, f"{mail_site.url}/teammodelview/show/{team_id}", "Two documents cannot be read",
                    "ICCT-901")

    with app.app_context():
        # The decision tries the email at once; whatever it left queued goes now.
        OutboxSender(app).run_once()
        db.session.remove()
    (_to, email), = smtp_server.inbox.wait_for(1)
    text = email.get_body(("plain",)).get_content()
    assert "Please send a clearer aadhar" in text and "Please send a clearer pastor_letter" in text
    link = re.search(r"http://127\.0\.0\.1:\d+/status/[A-Za-z0-9_-]{43}", text).group(0)

    captain = phone
    captain.goto(link)
    assert captain.locator("#team-code").inner_text() == "ICCT-901"
    assert "Two documents cannot be read" in captain.locator("#rejection-reason").inner_text()
    assert_no_sideways_scroll(captain, "status page")
    inputs = captain.locator("#replacement-form input[type=file]")
    assert inputs.count() == 2
    scan, letter = tmp_path / "aadhar.jpg", tmp_path / "letter.pdf"
    scan.write_bytes(payloads.jpeg_bytes(20_000))
    letter.write_bytes(payloads.pdf_bytes(30_000))
    inputs.nth(0).set_input_files(str(letter))  # team documents come first: the pastor's letter
    inputs.nth(1).set_input_files(str(scan))
    captain.click("#replace-submit")
    captain.wait_for_selector("text=2 document(s) replaced.")
    assert captain.locator("#team-status-word").inner_text() == "Waiting for review"
    assert captain.locator("#replacement-form input[type=file]").count() == 0
    assert_no_sideways_scroll(captain, "after the replacement")
    captain.goto(f"{link}?_l_=ta")  # the Tamil page, whose words run longer, fits too
    assert captain.locator("html").get_attribute("lang") == "ta"
    assert_no_sideways_scroll(captain, "in Tamil")

    organiser.goto(f"{mail_site.url}/reviewqueuemodelview/list/")
    assert any("ICCT-901" in row for row in organiser.locator("table tbody tr").all_inner_texts())
    with app.app_context():
        stored = {kind: (sha, verdict) for kind, sha, verdict in db.session.execute(
            select(Document.kind, Document.sha256, Document.verdict).where(Document.team_id == team_id))}
        db.session.remove()
    assert stored["pastor_letter"] == (hashlib.sha256(letter.read_bytes()).hexdigest(), None)
    assert stored["aadhar"] == (hashlib.sha256(scan.read_bytes()).hexdigest(), None)
