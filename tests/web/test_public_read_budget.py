"""A crowd behind one address can browse: public reads have their own budget, registration writes keep 30 a minute."""
import re

import requests

from tests.support.live_server import LiveServer
from tests.web.conftest import ORIGIN

PAGES = ("/", "/churches", "/teams", "/schedule", "/standings", "/register")
JSON_READS = ("/api/churches/availability", "/api/teams", "/api/schedule/matches", "/api/standings")
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
REGISTER_API = "/api/register/team"


def browse(session, url, reads):
    """Read pages (each with the assets it links) and JSON documents in turn, `reads` of them, assets aside;
    return every (path, status) seen."""
    seen = []
    paths = PAGES + JSON_READS
    for number in range(reads):
        path = paths[number % len(paths)]
        response = session.get(url + path, timeout=10)
        seen.append((path, response.status_code))
        if path in PAGES:
            seen += [(asset, session.get(url + asset, timeout=10).status_code)
                     for asset in sorted(set(ASSET.findall(response.text)))]
    return seen


def test_two_hundred_public_reads_pass_and_the_31st_registration_is_refused(limited_app):
    """One address reads 200 pages and documents (assets aside) within the minute without a 429; CORS preflights
    are free; the 31st registration write in the minute gets 429 JSON with Retry-After, reads still pass."""
    with LiveServer(limited_app()) as server, requests.Session() as browser:
        seen = browse(browser, server.url, reads=200)
        assert {path for path, _ in seen if path.startswith("/static/")} >= {"/static/site.css", "/static/register.js"}
        assert [(path, status) for path, status in seen if status != 200] == []

        preflight = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "Idempotency-Key"}
        assert {requests.options(server.url + REGISTER_API, headers=preflight, timeout=10).status_code
                for _ in range(30)} == {200}

        statuses = [requests.post(server.url + REGISTER_API, files={"team_name": (None, "")}, timeout=10).status_code
                    for _ in range(15)]
        statuses += [requests.post(server.url + "/register", data={"team_name": ""}, timeout=10).status_code
                     for _ in range(15)]
        assert 429 not in statuses, statuses
        refused = requests.post(server.url + REGISTER_API, files={"team_name": (None, "")},
                                headers={"Origin": ORIGIN}, timeout=10)
        assert refused.status_code == 429 and refused.json()["error_code"] == "RATE_LIMIT_EXCEEDED"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert requests.get(server.url + "/api/churches/availability", timeout=10).status_code == 200


def test_public_reads_have_a_budget_of_their_own(limited_app):
    """Reads beyond RATELIMIT_PUBLIC_READS are refused, without touching the registration budget."""
    app = limited_app(RATELIMIT_PUBLIC_READS="5 per minute", RATELIMIT_PUBLIC="2 per minute")
    with LiveServer(app) as server:
        reads = [requests.get(server.url + "/api/standings", timeout=10).status_code for _ in range(6)]
        assert reads == [200] * 5 + [429]
        assert requests.get(server.url + "/static/site.css", timeout=10).status_code == 200
        writes = [requests.post(server.url + REGISTER_API, files={"team_name": (None, "")}, timeout=10).status_code
                  for _ in range(3)]
        assert 429 not in writes[:2] and writes[2] == 429
