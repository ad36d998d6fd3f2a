"""Cached anonymous public JSON reads answered before Flask, with the headers the full stack last gave the same read."""
import logging
import time

from flask_limiter.constants import HeaderNames
from flask_limiter.util import get_remote_address
from flask_talisman.talisman import NONCE_LENGTH, get_random_string
from werkzeug.http import http_date, parse_etags

from .request_id import HEADER as REQUEST_ID_HEADER
from .request_id import request_id_for

log = logging.getLogger("app.http")

# Path (also its Flask rule, the metrics label) -> the read cache key its view answers from.
FAST_READS = {"/api/churches/availability": "church_availability.json", "/api/teams": "confirmed_teams.json",
              "/api/schedule/matches": "schedule.json", "/api/standings": "standings.json"}
# Requests these headers could change the answer for (who asks, a body, conditions other than If-None-Match)
# go to Flask, which handles them in full.
FULL_STACK_HEADERS = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE",
                      "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE", "HTTP_RANGE", "CONTENT_TYPE",
                      "HTTP_TRANSFER_ENCODING")
# Headers made afresh for every request, never replayed.
PER_REQUEST = frozenset({"date", "content-length", REQUEST_ID_HEADER.lower(), "retry-after", "x-ratelimit-limit",
                         "x-ratelimit-remaining", "x-ratelimit-reset", "set-cookie"})
RECORDINGS_KEPT = 256  # Origin values are the client's choice: the table of recordings must stay small
NONCE = "'nonce-"


class FastReads:
    """WSGI middleware: a cached read's fresh entry with a recording of its full-stack headers is answered here."""

    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.recordings = {}  # (path, ETag, Origin, scheme) -> (headers, CSP text split at its nonce)
        self.limit = None

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        path = environ.get("PATH_INFO")
        if path not in FAST_READS or not self._plain(environ):
            return self.wsgi_app(environ, start_response)
        entry = self.app.extensions["read_cache"].fresh(FAST_READS[path])
        key = (path, f'"{entry.etag}"' if entry else None, environ.get("HTTP_ORIGIN"), environ["wsgi.url_scheme"])
        recording = self.recordings.get(key) if entry else None
        counted = self._count(environ) if recording else None
        if counted is None:
            return self.wsgi_app(environ, self._recorder(path, environ, start_response))
        return self._answer(environ, start_response, entry, key[1], recording, counted, started)

    def _plain(self, environ):
        """An anonymous GET or HEAD without a query, a body or conditions Flask must judge."""
        return (environ["REQUEST_METHOD"] in ("GET", "HEAD") and not environ.get("QUERY_STRING")
                and environ.get("CONTENT_LENGTH", "0") in ("", "0") and self.app.config["PUBLIC_READ_FAST_PATH"]
                and not any(name in environ for name in FULL_STACK_HEADERS))

    def _count(self, environ):
        """Spend one public read of this client's budget as the limiter would; the rate-limit headers, [] when
        the limiter is off, None when Flask must answer (budget spent, or the limiter in a state only it handles).

        A refused read is counted again by Flask: the budget is spent already, so only the 429 changes hands.
        """
        limiter = self.app.appbuilder.sm.limiter
        if not (limiter.enabled and limiter.initialized):
            return []
        limit = self.limit or self._public_read_limit(limiter)
        address = environ.get("REMOTE_ADDR")
        if not limit or not address or limiter._storage_dead or limiter._request_filters:
            return None
        parts = (limiter._key_prefix, address, "public-read") if limiter._key_prefix else (address, "public-read")
        try:
            if not limiter.limiter.hit(limit, *parts):
                return None
            reset, remaining = limiter.limiter.get_window_stats(limit, *parts)
        except Exception:  # noqa: BLE001 -- storage trouble: Flask-Limiter's own fallback decides
            return None
        if not limiter._headers_enabled:
            return []
        names, reset_at = limiter._header_mapping, int(reset + 1)
        retry = http_date(reset_at) if limiter._retry_after == "http-date" else str(int(reset_at - time.time()))
        return [(names[HeaderNames.LIMIT], str(limit.amount)), (names[HeaderNames.REMAINING], str(remaining)),
                (names[HeaderNames.RESET], str(reset_at)), (names[HeaderNames.RETRY_AFTER], retry)]

    def _public_read_limit(self, limiter):
        """The public-read budget's one limit, keyed by client address; False (never fast) for anything else."""
        runtime = list(self.app.extensions["public_read_limit"])
        fits = len(runtime) == 1 and runtime[0].key_func is get_remote_address and runtime[0].scope == "public-read"
        self.limit = runtime[0].limit if fits else False
        return self.limit

    def _answer(self, environ, start_response, entry, etag, recording, limit_headers, started):
        """304 when the client holds this ETag, else 200 with the cached body (HEAD: none)."""
        headers, csp, dated = recording
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        matched = environ.get("HTTP_IF_NONE_MATCH")
        matched = matched is not None and (matched == etag or parse_etags(matched).contains_weak(etag[1:-1]))
        out = [pair for pair in headers if not matched or pair[0] != "Content-Type"]
        if csp:  # Talisman gives every answer a nonce of its own
            out.append(("Content-Security-Policy", f"{csp[0]}{get_random_string(NONCE_LENGTH)}{csp[1]}"))
        if dated:
            out.append(("Date", http_date()))
        out += [(REQUEST_ID_HEADER, request_id), *limit_headers]
        if not matched:
            out.append(("Content-Length", str(len(entry.body))))
        status = 304 if matched else 200
        start_response("304 NOT MODIFIED" if matched else "200 OK", out)
        self._observe(environ, status, request_id, started)
        return [] if matched or environ["REQUEST_METHOD"] == "HEAD" else [entry.body]

    def _observe(self, environ, status, request_id, started):
        """The access line and metrics the full stack gives every request."""
        seconds = time.perf_counter() - started
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        metrics = self.app.extensions.get("metrics")
        if metrics is not None:
            metrics["requests"].labels(method, path, str(status)).inc()
            metrics["latency"].labels(method, path).observe(seconds)
        if self.app.extensions.get("request_log"):
            log.info("%s %s %s", method, path, status,
                     extra={"event": "http.request", "status": status, "duration_ms": round(seconds * 1000, 1),
                            "client": environ.get("REMOTE_ADDR"), "request_id": request_id, "method": method,
                            "path": path, "user": None})

    def _recorder(self, path, environ, start_response):
        """start_response, noting the headers of a full-stack 200 for this read so later ones can replay them."""
        origin, scheme = environ.get("HTTP_ORIGIN"), environ["wsgi.url_scheme"]

        def recording_start_response(status, headers, exc_info=None):
            found = {name.lower(): value for name, value in headers}
            if (status.startswith("200 ") and "etag" in found and "set-cookie" not in found
                    and found.get("cache-control", "").startswith("public")):
                if len(self.recordings) >= RECORDINGS_KEPT:
                    self.recordings.clear()
                self.recordings[(path, found["etag"], origin, scheme)] = _replayable(headers)
            return start_response(status, headers, exc_info)

        return recording_start_response


def _replayable(headers):
    """The headers minus those made per request, the CSP split around its nonce, and whether a Date was sent."""
    dated = any(name.lower() == "date" for name, _value in headers)
    kept = [(name, value) for name, value in headers
            if name.lower() not in PER_REQUEST and name.lower() != "content-security-policy"]
    policy = next((value for name, value in headers if name.lower() == "content-security-policy"), None)
    if policy is None:
        return kept, None, dated
    start = policy.find(NONCE)
    if start < 0:
        kept.append(("Content-Security-Policy", policy))
        return kept, None, dated
    end = policy.index("'", start + len(NONCE))
    return kept, (policy[:start + len(NONCE)], policy[end:]), dated


def init_fast_reads(app):
    """Answer cached anonymous reads before Flask (inside ProxyFix, so the client address is the real one)."""
    app.wsgi_app = FastReads(app, app.wsgi_app)
