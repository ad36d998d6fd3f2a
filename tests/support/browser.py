"""What browser tests do again and again: pages in their own context, signing in, filling the registration form,
rejecting a team in the admin, and checking that a page fits its screen's width."""
from contextlib import contextmanager

from tests.conftest import ADMIN_PASSWORD

PHONE = {"width": 360, "height": 740}
TEXT_FIELDS = ("team_name", "church_name", "captain_name", "captain_phone", "captain_email", "vice_name",
               "vice_phone", "vice_email")
# Recorded from the first script on every page, before any of the page's own scripts run.
LISTEN_FOR_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(
    `${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile}:${e.lineNumber}`));
"""
# The wide elements, for a failure message: which boxes stick out past the screen's right edge.
WIDE = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > screen.width)
    .slice(0, 5).map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)"""


@contextmanager
def page_in_context(browser, timeout=15_000, **options):
    """A page in a fresh context of its own (own cookies, `options` such as viewport), closed afterwards."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(timeout)
    try:
        yield page
    finally:
        context.close()


def phone_page(browser, **options):
    """A page on a 360×740 touch phone (see `page_in_context`)."""
    return page_in_context(browser, viewport=PHONE, is_mobile=True, has_touch=True, **options)


def sign_in(page, base_url, username="admin", password=ADMIN_PASSWORD):
    """Sign in through FAB's login form and wait until the browser has left it."""
    page.goto(f"{base_url}/login/")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def assert_no_sideways_scroll(page, *context):
    """The page is no wider than the screen it was opened on: nothing is hidden off to the right (on a phone, say).

    Measured against the viewport the context was given, not `window.innerWidth`: a mobile browser zooms out to
    show a page that is too wide, and its inner width then grows with the page."""
    overflow = page.evaluate("document.documentElement.scrollWidth") - page.viewport_size["width"]
    assert overflow <= 0, (*context, f"{overflow}px too wide", page.evaluate(WIDE))


def within_width(locator, width):
    """True when the (first) element's box lies inside the first `width` pixels of the page."""
    box = locator.first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def reject_in_admin(page, show_url, reason, code):
    """Reject the team shown at `show_url` through the admin's reject form, and wait for the confirmation."""
    page.goto(show_url)
    page.get_by_role("link", name="Reject").click()
    page.wait_for_selector("#reject-form")
    page.fill("#reason", reason)
    page.click("#reject-form button[type=submit]")
    page.wait_for_selector(f"text=Reject: {code}")


def type_fields(page, form, players=11, fields=TEXT_FIELDS):
    """Type `fields` and the players' names and pick roles as a captain would, adding rows up to `players`."""
    for name in fields:
        page.fill(f"#{name}", form[name])
    while page.locator(".player-row").count() < players:
        page.click("#add-player")
    for i in range(players):
        page.fill(f"#player_{i}_name", form[f"player_{i}_name"])
        page.select_option(f"#player_{i}_role", "Bowler" if i % 2 else "Batsman")


def pick_files(page, documents, players=11):
    """Attach every document, one input at a time: `documents` maps "pdf" and "jpg" (and, for the group photo,
    "photo") to files on disk."""
    page.set_input_files("#pastor_letter", documents["pdf"])
    page.set_input_files("#payment_receipt", documents["jpg"])
    if "photo" in documents:
        page.set_input_files("#group_photo", documents["photo"])
    for i in range(players):
        page.set_input_files(f"#player_{i}_aadhar_file", documents["jpg"])
        page.set_input_files(f"#player_{i}_subscription_file", documents["pdf"])


def fill_registration(page, form, documents, players=11, fields=TEXT_FIELDS):
    """Type `fields` and every player and attach every document: a whole registration as a captain fills it."""
    type_fields(page, form, players, fields)
    pick_files(page, documents, players)


def wait_received(page, count, timeout=60_000):
    """Wait until at least `count` documents show as received by the server."""
    page.locator(".upload[data-state=done]").nth(count - 1).wait_for(timeout=timeout)


def record_requests(page):
    """(method, path, body size) of every request the page makes."""
    seen = []
    page.on("request", lambda r: seen.append((r.method, r.url.split("/", 3)[3], len(r.post_data_buffer or b""))))
    return seen
