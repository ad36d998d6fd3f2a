"""A captain registering while the server is at its limit: documents answered 503 SERVER_BUSY are sent again on
their own once the Retry-After has passed, and the registration completes with every document."""
import threading

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.models import Document, Team
from tests.support import payloads
from tests.support.browser import fill_registration, wait_received
from tests.support.fake_cloudinary import FakeCloudinary
from tests.support.live_server import LiveServer
from tests.support.waiting import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_site(app_factory):
    """A Cloudinary-backed site with one place for document-carrying writes and a short wait for it."""
    with FakeCloudinary() as fake:
        app = app_factory(WTF_CSRF_ENABLED=True, CLOUDINARY_URL=fake.cloudinary_url, ADMISSION_SLOTS=1,
                          ADMISSION_WAIT_SECONDS=0.3, UPLOAD_RETRY_WAITS=(0.01, 0.01, 0.01))
        with LiveServer(app) as server:
            yield server, fake


def test_uploads_refused_as_busy_are_sent_again_after_retry_after(busy_site, browser_page, document_files):
    """While another registration holds the only place, the page's uploads are refused 503 with Retry-After; the
    page says so, waits, sends them again without the captain doing anything, and the registration goes in."""
    server, fake = busy_site
    page = browser_page
    statuses = []
    page.on("response", lambda response: statuses.append((response.request.method, response.status)))
    form, _files = payloads.registration()
    page.goto(f"{server.url}/register")

    fake.hold()  # the other registration's uploads wait at the fake, so it keeps the place
    other = threading.Thread(target=lambda: requests.post(
        f"{server.url}/api/register/team", data=payloads.registration(church="CSI Christ Church Coimbatore")[0],
        files=payloads.registration()[1], timeout=60))
    other.start()
    wait_for(lambda: fake.waiting_at_gate)
    fill_registration(page, form, document_files)
    page.wait_for_selector(".upload[data-state=failed]", timeout=30_000)
    assert ("PUT", 503) in statuses
    fake.release()
    other.join(60)

    # 24 documents: the letter, the receipt and two for each of 11 players (the group photo is optional).
    wait_received(page, 24)  # nothing picked again: the refused uploads went up on their own
    page.click("#submit-registration")
    page.wait_for_selector("#registration-success", timeout=60_000)
    code = page.inner_text("#team-code")
    with server.app.app_context():
        team_id = db.session.scalar(select(Team.id).where(Team.code == code))
        assert db.session.scalar(select(func.count()).select_from(Document).where(Document.team_id == team_id)) == 24
        db.session.remove()
