"""axe-core, run inside every public page in English and in Tamil, finds no serious or critical violation."""
from pathlib import Path

import pytest

from tests.support.browser import PHONE, page_in_context
from tests.support.public_pages import public_paths, register_through_the_form, submit_the_empty_form

pytestmark = pytest.mark.browser

AXE = (Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}
RUN = """async () => { const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + n.failureSummary)})); }"""


@pytest.fixture(params=[{"width": 1280, "height": 900}, PHONE], ids=["desk", "phone"])
def audited(browser, request):
    """A page in a context that lets axe's inline script in (our CSP rightly forbids it; this context only)."""
    with page_in_context(browser, 30_000, bypass_csp=True, viewport=request.param) as page:
        yield page


def violations(page):
    """axe's serious and critical findings on the loaded page."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")  # contrast is judged on the text as finally drawn
    page.add_script_tag(content=AXE)
    return [v for v in page.evaluate(RUN) if v["impact"] in BLOCKING]


@pytest.mark.parametrize("language", ["en", "ta"])
def test_public_pages_have_no_serious_accessibility_violation(public_site, audited, language):
    """Every public page, the success page and the form showing its errors, switched through the header."""
    page = audited
    page.goto(public_site.url + "/")
    with page.expect_navigation():
        page.click(f".lang a[hreflang={language}]")
    found = {}
    for path in public_paths(public_site.matches) + [register_through_the_form(page, public_site.url)]:
        page.goto(public_site.url + path)
        assert page.get_attribute("html", "lang") == language
        found[path] = violations(page)
    submit_the_empty_form(page, public_site.url)
    found["/register with errors"] = violations(page)
    assert {path: found[path] for path in found if found[path]} == {}


def test_axe_finds_what_it_should(public_site, audited):
    """The check can fail: an image without alt text and unlabelled input on a public page are reported."""
    page = audited
    page.goto(public_site.url + "/")
    page.evaluate("""() => { document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="/static/none.png"><input type="text">'); }""")
    assert {"image-alt", "label"} <= {v["id"] for v in violations(page)}
