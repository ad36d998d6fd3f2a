"""The registration form's checks and refusals in Chromium: what the browser catches before sending (phones,
emails, duplicate names, type and size), a photo over the limit shrunk to fit, and a refusal by the server that
keeps every uploaded document."""
import os
import struct
import zlib
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select, update

from app.extensions import db
from app.models.draft import RegistrationDraft
from app.models.team import Team
from tests.support import payloads
from tests.support.browser import (
    LISTEN_FOR_CSP,
    fill_registration,
    page_in_context,
    pick_files,
    record_requests,
    type_fields,
    wait_received,
)

pytestmark = pytest.mark.browser

PLAYERS = 11
LIMIT = 5 * 1024 * 1024


def noisy_png(width, height):
    """A real RGB PNG of random pixels, stored uncompressed: about width * height * 3 bytes that no encoder
    can squeeze much, like a phone's photo."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 0))
            + chunk(b"IEND", b""))


def stored_group_photo(app, code):
    with app.app_context():
        team = db.session.scalar(select(Team).where(Team.code == code))
        found = [(doc.content_type, doc.size) for doc in team.documents if doc.kind == "group_photo"]
        db.session.remove()
        return found


def test_checks_before_sending_and_a_server_refusal_keep_every_document(csrf_server, browser_page, document_files):
    """A bad phone, a bad email and a repeated player name are caught in the page, each beside its field and
    linked from the summary, with nothing posted; the server then refuses a taken team name, and every uploaded
    document stays: renamed, the team registers without a file picked or sent again."""
    taken, files = payloads.registration(players=PLAYERS)
    response = requests.post(f"{csrf_server.url}/api/register/team", data=taken, timeout=30,
                             files={name: (n, content, t) for name, (n, content, t) in files.items()})
    assert response.status_code == 201, response.text
    page = browser_page
    sent = record_requests(page)
    form, _files = payloads.registration(players=PLAYERS, team_name=taken["team_name"])
    page.goto(f"{csrf_server.url}/register")
    fill_registration(page, form, document_files, PLAYERS)
    wait_received(page, 2 + 2 * PLAYERS)

    page.fill("#captain_phone", "12345")
    page.fill("#vice_email", "vice.example.org")
    page.fill("#player_3_name", form["player_1_name"].upper())
    page.click("#submit-registration")
    page.wait_for_selector("#form-message:not([hidden])")
    assert "10-digit" in page.inner_text("#captain_phone-error")
    assert "valid email" in page.inner_text("#vice_email-error")
    assert page.inner_text("#player_3_name-error") == "Another player already has this name."
    links = page.eval_on_selector_all("#error-summary a", "links => links.map(a => a.getAttribute('href'))")
    assert links == ["#captain_phone", "#vice_email", "#player_3_name"]
    page.click("#error-summary a[href='#vice_email']")
    assert page.evaluate("document.activeElement.id") == "vice_email"
    assert not [path for method, path, _size in sent if method == "POST" and path == "register"]

    page.fill("#captain_phone", form["captain_phone"])
    page.fill("#vice_email", form["vice_email"])
    page.fill("#player_3_name", form["player_3_name"])
    page.click("#submit-registration")
    page.wait_for_selector("#team_name-error")
    assert "already registered" in page.inner_text("#team_name-error")
    assert page.get_attribute("#error-summary a", "href") == "#team_name"
    assert page.locator(".upload[data-state=done]").count() == 2 + 2 * PLAYERS
    assert page.is_enabled("#submit-registration")

    page.reload()  # a reload after the refusal keeps everything too
    wait_received(page, 2 + 2 * PLAYERS)
    page.fill("#team_name", form["team_name"] + " Two")
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success", timeout=60_000)  # the submit waits for uploads still going
    assert page.inner_text("#team-code") == "ICCT-002"
    assert sum(1 for method, *_ in sent if method == "PUT") == 2 + 2 * PLAYERS


def test_an_oversized_photo_is_shrunk_and_an_oversized_pdf_refused(csrf_server, browser_page, document_files, tmp_path):
    """A PNG photo over the limit goes up as a JPEG that fits, with a note; a PDF over the limit is refused in the
    page with advice and never sent; a file that is no document at all is refused by its bytes."""
    photo, big_pdf, fake = tmp_path / "team.png", tmp_path / "big.pdf", tmp_path / "letter.pdf.exe"
    photo.write_bytes(noisy_png(1400, 1300))
    big_pdf.write_bytes(payloads.pdf_bytes(LIMIT + 1))
    fake.write_bytes(b"MZ" + b"\x00" * 4000)
    assert photo.stat().st_size > LIMIT
    page = browser_page
    page.add_init_script(LISTEN_FOR_CSP)  # the shrinking (decode, canvas, JPEG) must need nothing the CSP forbids
    sent = record_requests(page)
    form, _files = payloads.registration(players=PLAYERS)
    page.goto(f"{csrf_server.url}/register")
    type_fields(page, form, players=PLAYERS)
    page.set_input_files("#group_photo", str(photo))
    page.wait_for_selector("#group_photo-upload[data-state=done]", timeout=30_000)
    assert "made smaller" in page.inner_text("#group_photo-upload")
    page.set_input_files("#pastor_letter", str(big_pdf))
    page.wait_for_selector("#pastor_letter-error")
    assert "lower resolution" in page.inner_text("#pastor_letter-error")
    page.set_input_files("#payment_receipt", str(fake))
    page.wait_for_selector("#payment_receipt-error")
    assert page.inner_text("#payment_receipt-error") == "Choose a PDF, PNG or JPEG file."
    uploaded = [path.rsplit("/", 1)[1] for method, path, _size in sent if method == "PUT"]
    assert uploaded == ["group_photo"]
    assert page.evaluate("window.__csp") == []

    pick_files(page, document_files, PLAYERS)
    page.click("#submit-registration")  # waits for the uploads still under way, then sends
    page.wait_for_selector("#registration-success", timeout=60_000)  # the submit waits for uploads still going
    [(content_type, size)] = stored_group_photo(csrf_server.app, page.inner_text("#team-code"))
    assert content_type == "image/jpeg" and size <= LIMIT


def test_checks_speak_the_pages_language(csrf_server, browser_page):
    """In Tamil, the page's own checks answer in Tamil."""
    page = browser_page
    page.goto(f"{csrf_server.url}/lang/ta")
    page.goto(f"{csrf_server.url}/register")
    assert page.get_attribute("html", "lang") == "ta"
    page.fill("#captain_email", "not-an-address")
    page.click("#submit-registration")
    assert page.inner_text("#captain_email-error") == "name@example.com போன்ற சரியான மின்னஞ்சல் முகவரியை உள்ளிடவும்."
    assert page.inner_text("#team_name-error") == "இந்தப் புலம் கட்டாயம்."
    assert page.inner_text("#pastor_letter-error") == "இந்த ஆவணத்தை இணைக்கவும்."
    assert page.inner_text("#form-message-text") == "குறிக்கப்பட்ட புலங்களைத் திருத்தவும்."


def test_without_javascript_the_server_summary_links_to_each_field(csrf_server, browser):
    """With JavaScript off, a refused post comes back with a summary whose links lead to each field."""
    with page_in_context(browser, java_script_enabled=False) as page:
        form, _files = payloads.registration(players=PLAYERS, captain_phone="12345")
        page.goto(f"{csrf_server.url}/register")
        type_fields(page, form, players=PLAYERS)
        page.click("#submit-registration")
        page.wait_for_selector("#error-summary a")
        links = page.eval_on_selector_all("#error-summary a", "links => links.map(a => a.getAttribute('href'))")
        assert "#captain_phone" in links and "#pastor_letter" in links and "#player_0_aadhar_file" in links
        assert "10-digit" in page.inner_text("#error-summary a[href='#captain_phone']")
        page.click("#error-summary a[href='#captain_phone']")
        assert page.url.endswith("#captain_phone")
        assert page.input_value("#team_name") == form["team_name"]


def expire_drafts(app):
    """Every draft's day is over."""
    with app.app_context():
        db.session.execute(update(RegistrationDraft).values(expires_at=datetime.now(timezone.utc) - timedelta(1)))
        db.session.commit()
        db.session.remove()


def test_a_draft_that_expired_asks_for_its_documents_again_and_keeps_the_text(csrf_server, browser_page, document_files):
    """The submit of a draft whose day is over is refused; the page says the documents must be attached again,
    keeps every typed field, and the documents attached again go to a new draft that registers."""
    page = browser_page
    sent = record_requests(page)
    form, _files = payloads.registration(players=PLAYERS)
    page.goto(f"{csrf_server.url}/register")
    fill_registration(page, form, document_files, PLAYERS)
    wait_received(page, 2 + 2 * PLAYERS)
    expire_drafts(csrf_server.app)
    page.click("#submit-registration")
    page.wait_for_selector(".notice:has-text('expired')")
    assert page.locator(".upload[data-state=done]").count() == 0
    assert page.input_value("#team_name") == form["team_name"]
    assert page.is_enabled("#submit-registration")

    pick_files(page, document_files, PLAYERS)
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success", timeout=60_000)  # the submit waits for uploads still going
    assert [path for method, path, _size in sent if method == "POST" and "draft" in path] == ["register/draft"] * 2
