"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser), pages, and the live sites
the journeys run on."""
from contextlib import ExitStack

import pytest
from playwright.sync_api import sync_playwright

from tests.support import payloads
from tests.support.browser import page_in_context, phone_page
from tests.support.live_server import LiveServer, csrf_server  # noqa: F401  -- shared fixtures
from tests.support.review_factories import make_team, team_state  # noqa: F401  -- shared fixtures

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    """A fresh page in its own context (own cookies) for one test."""
    with page_in_context(browser) as page:
        yield page


@pytest.fixture
def open_page(browser):
    """Return a callable opening another page in a fresh context of its own (`options` as for a context),
    closed when the test ends: for tests with several visitors."""
    with ExitStack() as stack:
        yield lambda **options: stack.enter_context(page_in_context(browser, **options))


@pytest.fixture
def phone(browser):
    """A page in a fresh 360×740 touch context."""
    with phone_page(browser) as page:
        yield page


@pytest.fixture
def mail_site(app_factory, smtp_server):
    """The app with CSRF on and its mail going to the SMTP sink (sent when the test says so), served on loopback;
    the links its emails carry lead to this server."""
    app = app_factory(WTF_CSRF_ENABLED=True, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_TIMEOUT=5,
                      OUTBOX_SENDER_ENABLED=False)
    with LiveServer(app) as server:
        app.config["PUBLIC_BASE_URL"] = server.url
        yield server


@pytest.fixture
def document_files(tmp_path):
    """A real PDF and JPEG of 20 kB on disk for the form's file inputs, as {"pdf": path, "jpg": path}."""
    pdf, jpg = tmp_path / "letter.pdf", tmp_path / "card.jpg"
    pdf.write_bytes(payloads.pdf_bytes(20_000))
    jpg.write_bytes(payloads.jpeg_bytes(20_000))
    return {"pdf": str(pdf), "jpg": str(jpg)}


@pytest.fixture(scope="module")
def public_site(template_db, tmp_path_factory):
    """A live server whose public pages have realistic content (tests/support/public_pages.py), for a module;
    `matches` holds the ids of a completed and a live match."""
    from tests.support.live_server import serving_a_copy
    from tests.support.public_pages import seed_public_pages

    seeded = {}
    with serving_a_copy(template_db, tmp_path_factory.mktemp("public"),
                        prepare=lambda app: seeded.update(seed_public_pages(app))) as server:
        server.matches = seeded
        yield server
