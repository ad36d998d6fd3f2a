"""Slow and idle clients against the real waitress server: bounded header time, idle timeout, per-address cap."""
import http.client
import socket
import time

import pytest
import requests

from tests.support import payloads
from tests.support.live_server import LiveServer

# Bounds far shorter than production's so the tests wait seconds; a long idle bound isolates the header bound.
HEADER_BOUND = 2
GENEROUS = 30


def serve(app_factory, **overrides):
    """A live server with short connection bounds; `overrides` replace any of them."""
    settings = {"WAITRESS_HEADER_TIMEOUT": HEADER_BOUND, "WAITRESS_CHANNEL_TIMEOUT": GENEROUS,
                "WAITRESS_CONNECTION_LIMIT": 20, "WAITRESS_CONNECTIONS_PER_ADDRESS": 0}
    settings.update(overrides)
    return LiveServer(app_factory(**settings))


def address(server):
    """(host, port) of a live server."""
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def closed_within(sock, seconds, trickle=b""):
    """Seconds until the server closes `sock`, or None past `seconds`; one byte of `trickle` goes out per wait."""
    started = time.monotonic()
    remaining = iter(trickle)
    sock.settimeout(0.3)
    while time.monotonic() - started < seconds:
        try:
            byte = next(remaining, None)
            if byte is not None:
                sock.sendall(bytes([byte]))
            if sock.recv(1024) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - started
    return None


def get_health(sock):
    """Send GET /health on `sock` (keeping it open) and return the response."""
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
    response = http.client.HTTPResponse(sock)
    response.begin()
    response.read()
    return response


def test_idle_connections_past_the_limit_do_not_lock_out_health(app_factory):
    """25 silent sockets against a limit of 20: they are cut at the header bound and /health answers in seconds."""
    with serve(app_factory) as server:
        idle = [socket.create_connection(address(server), timeout=5) for _ in range(25)]
        try:
            started = time.monotonic()
            response = requests.get(f"{server.url}/health", timeout=HEADER_BOUND + 6)
            assert response.status_code == 200
            assert time.monotonic() - started < HEADER_BOUND + 4
        finally:
            for sock in idle:
                sock.close()


def test_trickled_header_is_cut_at_the_header_bound(app_factory):
    """A request line and headers sent a byte at a time never complete: the connection closes at about the bound."""
    trickle = b"GET /health HTTP/1.1\r\nHost: test\r\n" + b"X-Padding: " + b"a" * 200
    with serve(app_factory) as server, socket.create_connection(address(server), timeout=5) as sock:
        elapsed = closed_within(sock, HEADER_BOUND + 6, trickle)
        assert elapsed is not None and HEADER_BOUND - 0.5 < elapsed < HEADER_BOUND + 3


def test_idle_keep_alive_connection_closes_after_the_idle_bound(app_factory):
    """After a served request, a silent keep-alive connection is closed after WAITRESS_CHANNEL_TIMEOUT."""
    with serve(app_factory, WAITRESS_HEADER_TIMEOUT=GENEROUS, WAITRESS_CHANNEL_TIMEOUT=2) as server, \
            socket.create_connection(address(server), timeout=5) as sock:
        assert get_health(sock).status == 200
        elapsed = closed_within(sock, 10)
        assert elapsed is not None and elapsed < 6


def test_slow_but_steady_registration_upload_succeeds(app_factory):
    """About 600 KiB at 128 KiB/s takes over twice both bounds, yet every byte keeps it alive: 201."""
    with serve(app_factory, WAITRESS_CHANNEL_TIMEOUT=HEADER_BOUND) as server:
        form, files = payloads.registration(file_size=24 * 1024, church="CSI Slow Upload Church")
        prepared = requests.Request("POST", f"{server.url}/api/register/team", data=form, files=files).prepare()
        body = prepared.body
        assert len(body) > 512 * 1024
        head = (f"POST /api/register/team HTTP/1.1\r\nHost: test\r\nContent-Type: {prepared.headers['Content-Type']}"
                f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        with socket.create_connection(address(server), timeout=30) as sock:
            sock.sendall(head)
            chunk, rate = 8 * 1024, 128 * 1024
            started = time.monotonic()
            for offset in range(0, len(body), chunk):
                # The client's pace is the behaviour under test: hold each chunk until its slot at 128 KiB/s.
                time.sleep(max(0.0, started + offset / rate - time.monotonic()))
                sock.sendall(body[offset:offset + chunk])
            assert time.monotonic() - started > 2 * HEADER_BOUND
            response = http.client.HTTPResponse(sock)
            response.begin()
            text = response.read()
        assert response.status == 201, text[:300]


def test_one_address_cannot_hold_more_than_its_share(app_factory):
    """With TRUSTED_PROXIES=0, connections past WAITRESS_CONNECTIONS_PER_ADDRESS from one address are closed
    at once; another address is still served."""
    with serve(app_factory, WAITRESS_HEADER_TIMEOUT=GENEROUS, WAITRESS_CONNECTIONS_PER_ADDRESS=3) as server:
        held = [socket.create_connection(address(server), timeout=5) for _ in range(3)]
        try:
            with socket.create_connection(address(server), timeout=5) as extra:
                with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
                    get_health(extra)
            with socket.create_connection(address(server), timeout=5, source_address=("127.0.0.2", 0)) as other:
                assert get_health(other).status == 200
        finally:
            for sock in held:
                sock.close()


def test_per_address_cap_is_off_behind_a_proxy(app_factory):
    """Behind TRUSTED_PROXIES every connection comes from the proxy, so the per-address cap does not apply."""
    with serve(app_factory, WAITRESS_HEADER_TIMEOUT=GENEROUS, WAITRESS_CONNECTIONS_PER_ADDRESS=3,
               TRUSTED_PROXIES=1) as server:
        held = [socket.create_connection(address(server), timeout=5) for _ in range(3)]
        try:
            with socket.create_connection(address(server), timeout=5) as extra:
                assert get_health(extra).status == 200
        finally:
            for sock in held:
                sock.close()
