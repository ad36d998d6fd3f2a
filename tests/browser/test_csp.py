"""The nonce CSP breaks nothing: FAB's login, admin lists and forms, Swagger UI and public pages run clean."""
import pytest
import requests

from tests.support.browser import LISTEN_FOR_CSP, sign_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/", "/register", "/churches", "/teams", "/schedule", "/schedule/print", "/standings"]


@pytest.fixture
def watched(browser_page):
    """The page, plus a list collecting every CSP violation it reports (events and console errors)."""
    violations = []
    browser_page.add_init_script(LISTEN_FOR_CSP)
    browser_page.on("console", lambda message: violations.append(message.text)
                    if "Content Security Policy" in message.text else None)
    return browser_page, violations


def visit(page, violations, url, ready=None):
    """Load a page, wait for it to settle, and add the violations it recorded."""
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    assert "nonce-" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    if ready:
        page.wait_for_selector(ready)
    violations.extend(page.evaluate("window.__csp"))


def test_login_admin_pages_and_swagger_have_no_csp_violations(live_server, watched):
    """Sign in through the form, open every admin list in the menu, an add form and the Swagger UI."""
    page, violations = watched
    visit(page, violations, live_server.url + "/login/")
    sign_in(page, live_server.url)
    page.wait_for_load_state("networkidle")
    lists = sorted({href for href in page.eval_on_selector_all(".navbar a[href]", "els => els.map(a => a.href)")
                    if "/list/" in href})
    assert len(lists) >= 5, lists
    for url in lists:
        visit(page, violations, url)
    visit(page, violations, live_server.url + "/churchmodelview/add")
    page.click("body")
    visit(page, violations, live_server.url + "/swagger/v1", ready=".swagger-ui .info")
    assert violations == []


def test_public_pages_have_no_csp_violations(live_server, watched):
    """Every public page that exists yet loads without a CSP violation."""
    page, violations = watched
    present = [path for path in PUBLIC_PAGES if requests.get(live_server.url + path, timeout=10).status_code != 404]
    assert "/" in present
    for path in present:
        visit(page, violations, live_server.url + path)
    assert violations == []
