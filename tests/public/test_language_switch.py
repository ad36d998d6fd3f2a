"""The public language switch returns to the page it was used on, and only ever to a page of this site."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from app.public.language import same_site_path

OUTSIDE = ["//evil.example/x", "/\\evil.example", "https://evil.example/", "http:/evil.example", "/\t/evil.example",
           "/\n/evil.example", "javascript:alert(1)", "evil.example", "", "\\\\evil.example", "/%0A/x\x7f",
           "//", "/" + "a" * 2001]


def switch_links(page):
    """The header's language links as ((path, query), language)."""
    links = re.findall(r'<a href="([^"]+)" lang="(en|ta)"', page)
    return [((urlsplit(unescape(href)).path, parse_qs(urlsplit(unescape(href)).query)), language)
            for href, language in links]


def switch(client, locale, target):
    """Use the switch with `next` as a browser sends it (percent-encoded by the test client)."""
    return client.get(f"/language/{locale}", query_string={"next": target} if target is not None else None)


@pytest.mark.parametrize("target", OUTSIDE)
def test_a_target_off_this_site_goes_home_instead(client, target):
    """Other hosts, schemes, protocol-relative and backslash tricks, control characters: always "/"."""
    response = switch(client, "ta", target)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("target", ["/schedule", "/matches/3", "/register?church=CSI+Immanuel", "/no-such-page",
                                    "/teams?a=1&a=2", "/%2F%2Fevil.example"])
def test_a_path_of_this_site_is_kept(client, target):
    """Any path here, its query included, is where the switch returns; an encoded slash stays a path."""
    response = switch(client, "ta", target)
    assert response.status_code == 303 and response.headers["Location"] == target


def test_the_rule_itself():
    """The checks behind the redirect, without HTTP in between."""
    assert [same_site_path(target) for target in OUTSIDE] == ["/"] * len(OUTSIDE)
    assert same_site_path(None) == "/" and same_site_path("/standings?x=%2F%2F") == "/standings?x=%2F%2F"


def test_the_chosen_language_sticks_and_an_unknown_one_is_refused(client):
    """After the switch the pages are Tamil; a language we do not have is a 404 and changes nothing."""
    assert switch(client, "fr", "/").status_code == 404
    assert '<html lang="en">' in client.get("/register").get_data(as_text=True)
    switch(client, "ta", "/register")
    page = client.get("/register").get_data(as_text=True)
    assert '<html lang="ta">' in page and "அணியைப் பதிவு செய்யுங்கள்" in page
    switch(client, "en", "/register")
    assert '<html lang="en">' in client.get("/register").get_data(as_text=True)


def test_each_page_links_the_switch_back_to_itself(client, app):
    """The header's links carry the page's own path; FAB's `/lang/` (which ends on the admin) is not used."""
    for path in ("/", "/register", "/churches", "/teams", "/schedule", "/standings", "/no-such-page"):
        page = client.get(path).get_data(as_text=True)
        links = switch_links(page)
        assert [language for _href, language in links] == ["en", "ta"], path
        assert [href for href, _language in links] == [(f"/language/{language}", {"next": [path]})
                                                      for language in ("en", "ta")], path


def test_a_page_shared_by_every_visitor_keeps_no_visitors_query(client):
    """A cached public page is rendered once for everyone, so its switch returns to the bare path."""
    first = client.get("/schedule?utm_source=someone").get_data(as_text=True)
    assert switch_links(first)[1][0][1] == {"next": ["/schedule"]} and "utm_source" not in first
    kept = client.get("/register?church=CSI+Immanuel").get_data(as_text=True)
    assert switch_links(kept)[1][0][1] == {"next": ["/register?church=CSI+Immanuel"]}
