"""Answers made before the app runs (waitress's body cap) and CORS caching hints, over real HTTP."""
import http.client
import json
import socket

import requests

from tests.support.live_server import LiveServer
from tests.web.conftest import ORIGIN

PUBLIC = "/api/churches/availability"


def post_head_only(server, length, origin, request_id="trace-413"):
    """Send the headers of a registration POST announcing `length` body bytes, none of them; return the answer."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall((f"POST /api/register/team HTTP/1.1\r\nHost: test\r\nOrigin: {origin}\r\n"
                      f"X-Request-ID: {request_id}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                      f"Content-Length: {length}\r\n\r\n").encode())
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response, response.read()


def test_body_past_waitress_cap_gets_json_error_with_cors(app_factory):
    """WAITRESS_MAX_BODY refuses before Flask runs, still in the shared error shape, readable by the frontend."""
    with LiveServer(app_factory(WAITRESS_MAX_BODY=1024)) as server:
        response, raw = post_head_only(server, 5000, ORIGIN)
    body = json.loads(raw)
    assert response.status == 413 and response.getheader("Content-Type") == "application/json"
    assert body["success"] is False and body["error_code"] == "BODY_TOO_LARGE" and body["message"]
    assert body["request_id"] == "trace-413" == response.getheader("X-Request-ID")
    assert response.getheader("Access-Control-Allow-Origin") == ORIGIN
    assert "X-Request-ID" in response.getheader("Access-Control-Expose-Headers")
    assert "Origin" in response.getheader("Vary")


def test_body_past_waitress_cap_from_a_foreign_origin_gets_no_cors(app_factory):
    """The refusal is JSON for anyone, but only a configured origin is allowed to read it."""
    with LiveServer(app_factory(WAITRESS_MAX_BODY=1024)) as server:
        response, raw = post_head_only(server, 5000, "https://evil.example", request_id="bad id!")
    assert response.status == 413 and json.loads(raw)["error_code"] == "BODY_TOO_LARGE"
    assert response.getheader("Access-Control-Allow-Origin") is None
    assert json.loads(raw)["request_id"] == response.getheader("X-Request-ID") != "bad id!"


def test_api_answers_vary_on_origin_with_a_single_configured_origin(app_factory):
    """With one CORS origin, Access-Control-Allow-Origin depends on Origin, so caches must key on it."""
    with LiveServer(app_factory(CORS_ORIGINS=[ORIGIN])) as server:
        for headers in ({"Origin": ORIGIN}, {}, {"Origin": "https://evil.example"}):
            for path in (PUBLIC, "/api/nothing-here"):
                response = requests.get(server.url + path, headers=headers, timeout=10)
                vary = {part.strip() for part in response.headers.get("Vary", "").split(",")}
                assert "Origin" in vary, (path, headers, response.headers)
