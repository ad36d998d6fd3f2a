"""Every public read served from the encoded cache answers 304 to its own ETag, with the headers of its 200 (HTTP
leaves the body's own headers off a 304); a reader signed in by cookie still gets the organiser's list."""
import re

import pytest

from tests.web.conftest import ORIGIN

JSON_READS = ("/api/churches/availability", "/api/teams", "/api/schedule/matches", "/api/schedule/matches/{match}",
              "/api/standings")
PAGES = ("/schedule", "/schedule/live", "/schedule/print", "/schedule.ics", "/matches/{match}", "/standings",
         "/standings/live")
# A 304 describes the body the asker holds: no body, so none of the body's own headers.
BODY_HEADERS = {"content-type", "content-length", "content-disposition"}
# Made afresh for each request.
PER_REQUEST = {"x-request-id", "date"}


def comparable(response):
    """The response's headers that a 304 must repeat, the CSP with its nonce taken out."""
    headers = {name.lower(): value for name, value in response.headers.items()
               if name.lower() not in BODY_HEADERS | PER_REQUEST}
    if "content-security-policy" in headers:
        headers["content-security-policy"] = re.sub(r"'nonce-[^']+'", "'nonce'", headers["content-security-policy"])
    return headers


@pytest.fixture
def match_id(make_team, make_match):
    """Two confirmed teams and a match between them."""
    return make_match(make_team("Wesley Warriors"), make_team("Trinity Tigers"))


@pytest.mark.parametrize("origin", [None, ORIGIN])
@pytest.mark.parametrize("template", JSON_READS + PAGES)
def test_a_cached_read_answers_304_with_the_headers_of_its_200(client, match_id, template, origin):
    """200 with an ETag, then 304 with no body and the same security, CORS, caching and Vary headers; the request
    id echoed on both."""
    path = template.format(match=match_id)
    asked = {"Origin": origin} if origin else {}
    first = client.get(path, headers={**asked, "X-Request-ID": "first-read"})
    assert first.status_code == 200 and first.data and first.headers["ETag"], path
    again = client.get(path, headers={**asked, "If-None-Match": first.headers["ETag"], "X-Request-ID": "again"})
    assert again.status_code == 304 and again.data == b"", path
    assert (first.headers["X-Request-ID"], again.headers["X-Request-ID"]) == ("first-read", "again")
    assert comparable(again) == comparable(first), path
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Cache-Control"):
        assert again.headers[name], (path, name)
    if origin and path.startswith("/api/"):
        assert again.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_each_answer_has_its_own_nonce_in_the_same_policy(client, match_id):
    """The policy text is the same on every answer except the nonce, which is new each time."""
    policies = [client.get("/schedule").headers["Content-Security-Policy"] for _ in range(3)]
    nonces = [re.search(r"'nonce-([^']+)'", policy).group(1) for policy in policies]
    assert len(set(nonces)) == 3
    assert len({policy.replace(nonce, "") for policy, nonce in zip(policies, nonces)}) == 1


def test_an_organiser_signed_in_by_cookie_still_gets_the_private_list(client, organiser, make_team):
    """Readers without cookies or a token are anonymous at once; a session cookie still means the organiser's list
    (every slot-holding team, contacts, not stored), never the public entry or its 304."""
    make_team("Wesley Warriors")
    make_team("Trinity Tigers", status="pending")
    public = client.get("/api/teams")
    assert [team["team_name"] for team in public.json["data"]] == ["Wesley Warriors"]
    for headers in ({}, {"If-None-Match": public.headers["ETag"]}):
        private = organiser.get("/api/teams", headers=headers)
        assert private.status_code == 200 and private.headers["Cache-Control"] == "private, no-store"
        assert sorted(team["team_name"] for team in private.json["data"]) == ["Trinity Tigers", "Wesley Warriors"]
        assert all("captain" in team for team in private.json["data"])
