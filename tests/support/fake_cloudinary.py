"""In-process fake of Cloudinary's upload, destroy, download and delivery endpoints on 127.0.0.1."""
from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import mimetypes
import posixpath
import re
import socket
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http import HTTPStatus
from http.client import HTTPMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

_API_RE = re.compile(r"/v1_1/(?P<cloud>[^/]+)/(?P<rtype>image|raw|video)/(?P<action>upload|destroy|download)")
_DELIVERY_RE = re.compile(r"/(?P<cloud>[^/]+)/(?P<rtype>image|raw|video)/(?P<type>upload|authenticated)/"
                          r"(?:(?P<sig>s--[\w-]+--)/)?(?:v\d+/)?(?P<path>.+)")
_UNSIGNED = {"file", "api_key", "resource_type", "cloud_name", "signature"}


def api_signature(params: dict[str, str], secret: str) -> str:
    """Upload API signature as the SDK computes it: SHA-1 of sorted non-empty `k=v` joined by '&', plus secret."""
    pairs = sorted(f"{k}={v}".replace("&", "%26") for k, v in params.items() if k not in _UNSIGNED and v)
    return hashlib.sha1(("&".join(pairs) + secret).encode()).hexdigest()


def url_signature(path: str, secret: str) -> str:
    """The `s--XXXXXXXX--` component of a signed delivery URL for `path` (public_id plus format)."""
    return "s--" + base64.urlsafe_b64encode(hashlib.sha1((path + secret).encode()).digest())[:8].decode() + "--"


def parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], bytes, str]:
    """Split a multipart/form-data body into text fields, the `file` part's bytes and its filename.

    The SDK sends `file` as the last part, so its bytes run to the closing delimiter, found from the end: the
    file's bytes are never searched (a search through 100 KiB of `p`s for a hex boundary took 0.5 ms: the
    search's filter cannot skip a byte that shares its low bits with a boundary character) and copied once.
    """
    boundary = re.search(r'boundary="?([^";]+)', content_type)
    fields: dict[str, str] = {}
    data, filename = b"", ""
    if not boundary:
        return fields, data, filename
    delimiter = b"\r\n--" + boundary.group(1).encode()
    closing = body.rfind(delimiter + b"--")
    start = body.find(delimiter[2:])
    while 0 <= start < closing:
        start += len(delimiter) - 2
        head_end = body.find(b"\r\n\r\n", start)
        disposition = re.search(rb'name="([^"]*)"(?:; filename="([^"]*)")?', body[start:head_end])
        if head_end < 0 or not disposition:
            break
        if disposition.group(1) == b"file":
            return fields, body[head_end + 4:closing], (disposition.group(2) or b"").decode()
        end = body.find(delimiter, head_end)
        fields[disposition.group(1).decode()] = body[head_end + 4:end].decode()
        start = end + 2
    return fields, data, filename


class _Headers(HTTPMessage):
    """Request headers that the email parser does not treat as a multipart document.

    `http.client.parse_headers` feeds the header block to `email.parser`, which compiles a regular expression
    for every multipart boundary it meets (each upload brings a new one): a fifth of the fake's CPU per upload.
    Without a boundary it just reads the (empty) rest; `parse_multipart` reads the body.
    """

    def get_boundary(self, failobj=None):
        """No boundary for the email parser."""
        return failobj


class _Handler(BaseHTTPRequestHandler):
    """Routes Cloudinary API and delivery requests against the owning FakeCloudinary's state."""

    protocol_version = "HTTP/1.1"
    MessageClass = _Headers
    timeout = 60  # idle keep-alive connections must not pin handler threads forever
    server: FakeCloudinary

    def log_message(self, format: str, *args: object) -> None:
        """Silence per-request logging; tests and benchmarks read counters instead."""

    def do_GET(self) -> None:
        """Download API and delivery URLs."""
        self._dispatch(b"")

    def do_POST(self) -> None:
        """Upload and destroy API calls."""
        self._dispatch(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        # One sendall for head and body: two small writes plus delayed ACK cost ~40 ms per request.
        head = f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nContent-Type: {content_type}\r\n"
        self.wfile.write(f"{head}Content-Length: {len(body)}\r\n\r\n".encode("latin-1") + body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, json.dumps({"error": {"message": message}}).encode())

    def _dispatch(self, body: bytes) -> None:
        fake, url = self.server, urlsplit(self.path)
        failure = fake._count_request()
        fake._wait_at_gate()
        if fake.delay_seconds:  # sleep(0) would still cost a system call and a GIL hand-off per request
            time.sleep(fake.delay_seconds)
        if failure == "down":
            self.close_connection = True  # hang up without answering, like a dropped connection
        elif failure:
            self._error(failure, "injected failure")
        elif url.path == "/_stats":  # counters for benchmarks that run the fake in another process
            with fake.lock:
                stats = {"requests": fake.requests, "uploads": fake.uploads, "destroys": fake.destroys,
                         "live_assets": len(fake.assets), "connections": fake.connections}
            self._send(200, json.dumps(stats).encode())
        elif (m := _API_RE.fullmatch(url.path)) and m["cloud"] == fake.cloud:
            self._api(m["rtype"], m["action"], url.query, body)
        elif self.command == "GET" and (m := _DELIVERY_RE.fullmatch(url.path)) and m["cloud"] == fake.cloud:
            if m["type"] == "authenticated" and m["sig"] != url_signature(m["path"], fake.api_secret):
                return self._error(401, "Invalid or missing URL signature")
            path = posixpath.splitext(m["path"])[0] if m["rtype"] == "image" else m["path"]
            self._serve((m["rtype"], m["type"], path))
        else:
            self._error(404, "Resource not found")

    def _api(self, rtype: str, action: str, query: str, body: bytes) -> None:
        fake = self.server
        if action == "download":
            params, data, filename = dict(parse_qsl(query)), b"", ""
        else:
            params, data, filename = parse_multipart(body, self.headers.get("Content-Type", ""))
        signature = params.get("signature", "")
        if params.get("api_key") != fake.api_key:
            return self._error(401, "Unknown api_key")
        if signature != api_signature(params, fake.api_secret):
            return self._error(401, f"Invalid Signature {signature}")
        asset = (rtype, params.get("type") or "upload", params.get("public_id") or uuid.uuid4().hex)
        if action == "destroy":  # a missing asset is still 200, as on Cloudinary
            with fake.lock:
                found = fake.assets.pop(asset, None) is not None
                fake.destroys += found
            self._send(200, json.dumps({"result": "ok" if found else "not found"}).encode())
        elif action == "download":
            if int(params.get("expires_at") or time.time()) < time.time():
                return self._error(401, "Download URL expired")
            self._serve(asset)
        elif not data:
            self._error(400, "Missing required parameter - file")
        elif not fake._take_upload_budget():
            self._error(500, "injected upload failure")
        else:
            self._upload(asset, data, filename)

    def _upload(self, asset: tuple[str, str, str], data: bytes, filename: str) -> None:
        fake, (rtype, dtype, public_id) = self.server, asset
        fmt = posixpath.splitext(filename if rtype == "image" else public_id)[1][1:].lower()
        path = f"{public_id}.{fmt}" if rtype == "image" else public_id
        sig = url_signature(path, fake.api_secret) + "/" if dtype == "authenticated" else ""
        version = int(time.time())
        url = f"{fake.url}/{fake.cloud}/{rtype}/{dtype}/{sig}v{version}/{path}"
        with fake.lock:
            fake.assets[asset] = (data, fmt)
            fake.uploads += 1
        self._send(200, json.dumps({
            "asset_id": f"{next(fake.asset_ids):032x}", "public_id": public_id, "version": version, "format": fmt,
            "signature": api_signature({"public_id": public_id, "version": str(version)}, fake.api_secret),
            "resource_type": rtype, "type": dtype, "bytes": len(data), "url": url, "secure_url": url,
            "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }).encode())

    def _serve(self, asset: tuple[str, str, str]) -> None:
        with self.server.lock:
            stored = self.server.assets.get(asset)
        if stored is None:
            return self._error(404, "Resource not found")
        self._send(200, stored[0], mimetypes.guess_type(f"x.{stored[1]}")[0] or "application/octet-stream")


class FakeCloudinary(ThreadingHTTPServer):
    """Fake Cloudinary server with fault injection; a context manager serving from a daemon thread.

    Counters (guarded by `lock`): `requests` (every request received), `uploads` (assets stored),
    `destroys` (assets removed), `connections` (TCP connections accepted). `assets` maps (resource_type, type,
    public_id) to (bytes, format).
    """

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, port: int = 0, cloud: str = "demo", api_key: str = "key", api_secret: str = "secret"):
        """Bind 127.0.0.1:`port` (0 picks a free port) at once, so `url` is known before serving."""
        super().__init__(("127.0.0.1", port), _Handler)
        self.cloud, self.api_key, self.api_secret = cloud, api_key, api_secret
        self.lock = threading.Lock()
        self.assets: dict[tuple[str, str, str], tuple[bytes, str]] = {}
        self.requests = self.uploads = self.destroys = self.connections = 0
        self.asset_ids = itertools.count(1)
        self.delay_seconds, self.down = 0.0, False
        self._fail_left, self._fail_status = 0, 500
        self.upload_budget: int | None = None
        self._gate = threading.Event()
        self._gate.set()
        self.waiting_at_gate = 0

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def cloudinary_url(self) -> str:
        """CLOUDINARY_URL pointing the API (upload_prefix) and delivery (cname over plain http) here."""
        return (f"cloudinary://{self.api_key}:{self.api_secret}@{self.cloud}"
                f"?upload_prefix={self.url}&cname={self.url.removeprefix('http://')}&secure=false")

    @property
    def live_assets(self) -> set[tuple[str, str, str]]:
        """Snapshot of stored (resource_type, type, public_id) triples."""
        with self.lock:
            return set(self.assets)

    def fail_next(self, n: int, status: int = 500) -> None:
        """Answer the next `n` requests with `status`; 0 clears pending failures."""
        with self.lock:
            self._fail_left, self._fail_status = n, status

    def fail_uploads_after(self, n: int | None) -> None:
        """Accept `n` more uploads, then answer every further upload 500 (None lifts the limit)."""
        with self.lock:
            self.upload_budget = n

    def delay(self, seconds: float) -> None:
        """Sleep this long before answering every request; 0 disables."""
        self.delay_seconds = seconds

    def hold(self) -> None:
        """Keep every request waiting (counted in `waiting_at_gate`) until `release()`."""
        self._gate.clear()

    def release(self) -> None:
        """Let the held requests, and every later one, through."""
        self._gate.set()

    def _wait_at_gate(self) -> None:
        """Block a request while the gate is held (a minute at most, so a forgotten release cannot hang a run)."""
        if self._gate.is_set():
            return
        with self.lock:
            self.waiting_at_gate += 1
        self._gate.wait(60)
        with self.lock:
            self.waiting_at_gate -= 1

    def set_down(self, down: bool = True) -> None:
        """While down, every request is read and its connection closed without a response."""
        self.down = down

    def _count_request(self) -> int | str | None:
        """Count a request and return the fault to inject: "down", an HTTP status, or None."""
        with self.lock:
            self.requests += 1
            if self.down:
                return "down"
            if self._fail_left > 0:
                self._fail_left -= 1
                return self._fail_status
            return None

    def _take_upload_budget(self) -> bool:
        """Spend one upload from the budget; False once it is used up."""
        with self.lock:
            if self.upload_budget is None:
                return True
            if self.upload_budget <= 0:
                return False
            self.upload_budget -= 1
            return True

    def get_request(self) -> tuple[socket.socket, tuple]:
        """Accept with TCP_NODELAY so a small response never waits on the client's delayed ACK; count the connection."""
        conn, addr = super().get_request()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.lock:
            self.connections += 1
        return conn, addr

    def handle_error(self, request: socket.socket, client_address: tuple) -> None:
        """Stay quiet about clients that hung up (e.g. after their timeout); report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def __enter__(self) -> FakeCloudinary:
        """Start serving in a daemon thread."""
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop serving and release the port."""
        self.shutdown()
        self.server_close()


def main() -> None:
    """Serve until interrupted, printing the CLOUDINARY_URL: `python -m tests.support.fake_cloudinary --port N`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 picks a free one)")
    with FakeCloudinary(port=parser.parse_args().port) as fake:
        print(fake.cloudinary_url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
