"""The waitress server the app runs on, guarded against slow and greedy clients, refusing in the JSON error shape.

Waitress alone closes a connection only after `channel_timeout` without any traffic, so one that trickles a
header a byte at a time is never closed, and a few hundred idle sockets from one host fill the connection limit.
"""
import json
import logging
import time
from collections import Counter

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, WSGITask

from .admission import QUEUED_AT, RECEIVED_FROM
from .errors import HTTP_CODES, HTTP_MESSAGES
from .origins import EXPOSED_HEADERS
from .request_id import HEADER as REQUEST_ID_HEADER
from .request_id import request_id_for

log = logging.getLogger("app.server")


class JsonErrorTask(ErrorTask):
    """Waitress's own refusals (body past WAITRESS_MAX_BODY, malformed request) as DESIGN 3.2 JSON, with CORS.

    They are made before the app runs, so without this the frontend got a plain-text answer it could not read.
    """

    def execute(self):
        """Write the error document, then close the connection as waitress does."""
        request, server = self.request, self.channel.server
        status, path = request.error.code, getattr(request, "path", None) or ""  # no path when the line was bad
        request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER.upper().replace("-", "_"), ""))
        fallback = 400 if status < 500 else 500
        body = json.dumps({"success": False,
                           "error_code": HTTP_CODES.get(status, HTTP_CODES.get(fallback, "INTERNAL_SERVER_ERROR")),
                           "message": HTTP_MESSAGES.get(status, HTTP_MESSAGES[fallback]),
                           "details": {}, "request_id": request_id}).encode()
        self.status = f"{status} {request.error.reason}"
        self.response_headers.extend([("Content-Type", "application/json"), (REQUEST_ID_HEADER, request_id)])
        self.response_headers.extend(server.cors_headers(path, request.headers.get("ORIGIN")))
        log.warning("request refused by the server", extra={
            "event": "server.refused", "status": status, "request_id": request_id, "client": self.channel.addr[0],
            "path": path})
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class StampedTask(WSGITask):
    """A request that tells the app when it was queued for a thread, so admission control can count that wait."""

    def get_environment(self):
        """Waitress's environ plus the monotonic time this request entered the task queue."""
        environ = super().get_environment()
        environ[QUEUED_AT] = self.channel.queued_at
        environ[RECEIVED_FROM] = self.channel.received_from
        return environ


class GuardedChannel(HTTPChannel):
    """A connection that must deliver each request header in time and counts against its address's share."""

    task_class = StampedTask
    error_task_class = JsonErrorTask
    counted = False  # whether this connection holds one of its address's places
    queued_at = 0.0  # monotonic time its current request entered the task queue
    received_from = 0.0  # monotonic time the first byte of that request arrived

    def __init__(self, server, sock, addr, adj, map=None):
        super().__init__(server, sock, addr, adj, map)
        # Monotonic time since when a request header is awaited; None between requests (the idle bound applies).
        self.header_since = time.monotonic()
        self.counted = server.admit(self)

    def received(self, data):
        """Start the header clock at the first byte of a new request; stop it once no request is partial."""
        previous = self.request
        now = time.monotonic()
        if previous is None and self.header_since is None:
            self.header_since = now
        handled = super().received(data)
        if self.request is None:
            self.header_since = None
        elif previous is not None and self.request is not previous:
            self.header_since = now  # a pipelined request began right after the previous one completed
        return handled

    def service(self):
        """Run the first queued request; a next one already begun was not read meanwhile, so its clock restarts."""
        super().service()
        if self.request is not None:
            self.header_since = time.monotonic()

    def header_overdue(self, cutoff):
        """True when a request header has been awaited since before `cutoff` and nothing is being served."""
        waiting = self.request is None or not self.request.headers_finished
        return not self.requests and waiting and self.header_since is not None and self.header_since < cutoff

    def del_channel(self, map=None):
        """Give the address its share back when the connection goes."""
        super().del_channel(map)
        if self.counted:
            self.counted = False
            self.server.release(self)


class GuardedServer(TcpWSGIServer):
    """Waitress's TCP server plus the header deadline, the per-address cap and JSON refusals.

    `header_timeout`: seconds a connection may take to deliver a whole request header (silent or trickling).
    `per_address`: open connections one client address may hold (0: no cap).
    """

    channel_class = GuardedChannel

    def __init__(self, application, *, header_timeout, per_address, cors_origins, **adjustments):
        adj = Adjustments(**adjustments)
        if len(adj.listen) != 1:
            # One listening socket: the graceful stop closes exactly this server's socket.
            raise ValueError(f"HOST must name one address, not {len(adj.listen)} ({adjustments.get('host')!r})")
        self.header_timeout, self.per_address = header_timeout, per_address
        self.cors_origins = set(cors_origins)
        self.open_by_address = Counter()
        self.capped = set()
        super().__init__(application, adj=adj)

    def add_task(self, task):
        """Queue a channel's next request for a thread, noting when, and since when it was being received (the
        channel is the task waitress queues)."""
        task.queued_at = time.monotonic()
        task.received_from = task.header_since or task.queued_at
        super().add_task(task)

    def admit(self, channel):
        """Count a new connection; close it at once when its address already holds its share. True if counted."""
        host = channel.addr[0]
        if self.per_address and self.open_by_address[host] >= self.per_address:
            channel.will_close = True
            if host not in self.capped:
                self.capped.add(host)
                log.warning("connections refused for an address at its share", extra={
                    "event": "server.address_capped", "client": host, "limit": self.per_address})
            return False
        self.open_by_address[host] += 1
        return True

    def release(self, channel):
        """Forget a closed connection."""
        host = channel.addr[0]
        self.open_by_address[host] -= 1
        if self.open_by_address[host] <= 0:
            del self.open_by_address[host]
        if self.open_by_address[host] < self.per_address:
            self.capped.discard(host)

    def maintenance(self, now):
        """Waitress's idle sweep, then close connections whose request header is overdue."""
        super().maintenance(now)
        cutoff = time.monotonic() - self.header_timeout
        for channel in self.active_channels.values():
            if channel.header_overdue(cutoff):
                channel.will_close = True

    def cors_headers(self, path, origin):
        """The CORS headers flask-cors would add to an /api/ answer for `origin`."""
        if not path.startswith("/api/"):
            return []
        headers = [("Vary", "Origin")]
        if origin in self.cors_origins:
            headers += [("Access-Control-Allow-Origin", origin),
                        ("Access-Control-Expose-Headers", ", ".join(EXPOSED_HEADERS))]
        return headers
