"""The public read rows of `bench.run`: church availability and the unpaged team list, each also as a 304.

The database holds 2,000 teams (1,000 churches, 25,000 players). The team list is measured twice: with all 2,000
confirmed (the list holds its first 1,000), then with 164 confirmed and the rest pending, a full tournament's worth
(two teams for each of 82 churches) as issue 17 puts it. Pending teams still hold their church's slots, so
availability reads the same rows in both. Each 304 row asks with If-None-Match of the ETag fetched once.
"""
import http.client
import itertools
import time
from urllib.parse import urlsplit

from bench.load import Request
from config import Config
from bench.seed import confirm_only

CONFIRMED = 164
AVAILABILITY, TEAMS = "/api/churches/availability", "/api/teams"


def get(urls, path, headers=None):
    """A request maker GETting `path` round-robin over `urls`, with `headers`."""
    cycle = itertools.cycle(urls)
    headers = dict(headers or {})
    return lambda _n: Request(f"{next(cycle)}{path}", headers=headers)


def current_etag(base, path):
    """The ETag `base + path` answers now."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.getheader("ETag")
    finally:
        connection.close()


def measure(against_bare, warm, reader, database_url, count):
    """Add the read rows through `against_bare` (bench.run's paired rounds); `warm(maker)` sends a few requests."""
    def row(label, path, target, conditional=False):
        headers = {"If-None-Match": current_etag(reader.url, path)} if conditional else None
        scenario = get([reader.url], path, headers)
        warm(scenario)
        against_bare(label, "GET", scenario, target, wrk_app=reader, path=path, total=count * 2,
                     headers=headers)

    row(f"GET {AVAILABILITY} (2,000 teams), c=8", AVAILABILITY, 0.5)
    row(f"GET {AVAILABILITY} 304 (If-None-Match), c=8", AVAILABILITY, 0.8, conditional=True)
    row(f"GET {TEAMS} (2,000 confirmed, lists 1,000), c=8", TEAMS, 0.05)
    confirm_only(database_url, CONFIRMED)
    # The change came from another process: the instance sees it once its cache entries expire.
    time.sleep(Config.PUBLIC_READ_CACHE_SECONDS + 0.5)
    row(f"GET {TEAMS} ({CONFIRMED} confirmed), c=8", TEAMS, 0.5)
    row(f"GET {TEAMS} 304 ({CONFIRMED} confirmed, If-None-Match), c=8", TEAMS, 0.8, conditional=True)
