"""Fixtures for web plumbing tests: apps with rate limiting on, the JSON log file, a JWT login helper."""
import json
import socket
import uuid
from pathlib import Path

import pytest
import redis

from tests.conftest import ADMIN_PASSWORD
from tests.support.live_server import LiveServer, csrf_server  # noqa: F401  -- csrf_server: a shared fixture

ORIGIN = "http://localhost:5173"


@pytest.fixture
def limited_app(app_factory):
    """Return a callable building an app with rate limiting on (off by default in tests)."""

    def build(**overrides):
        return app_factory(RATELIMIT_ENABLED=True, **overrides)

    return build


@pytest.fixture
def log_lines():
    """Return a callable reading an app's LOG_DIR/app.log as parsed JSON objects."""

    def read(app):
        text = (Path(app.config["LOG_DIR"]) / "app.log").read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    return read


@pytest.fixture
def jwt_token():
    """Return a callable that logs in through /api/v1/security/login and returns the access token."""

    def login(client, username="admin", password=ADMIN_PASSWORD):
        response = client.post("/api/v1/security/login",
                               json={"username": username, "password": password, "provider": "db"})
        assert response.status_code == 200, response.data[:300]
        return response.get_json()["access_token"]

    return login


@pytest.fixture
def redis_prefix():
    """A key prefix no other test uses; its keys are deleted from Redis afterwards."""
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis(host="127.0.0.1", port=6379, db=5)
    keys = list(client.scan_iter(f"*{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
