"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser)."""
import pytest
from playwright.sync_api import sync_playwright

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
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


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
