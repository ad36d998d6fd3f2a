"""The JWT login while PostgreSQL is away answers 503 DATABASE_UNAVAILABLE with Retry-After, then works again."""
import os
import time

import pytest
import requests
from sqlalchemy.engine import make_url

from tests.conftest import ADMIN_PASSWORD, make_app
from tests.support.databases import release
from tests.support.live_server import LiveServer
from tests.support.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")]

CREDENTIALS = {"username": "admin", "password": ADMIN_PASSWORD, "provider": "db", "refresh": True}


@pytest.fixture
def outage(template_db, tmp_path):
    """A live server whose database connections run through a cuttable proxy; yields (server, proxy)."""
    uri = template_db.copy(tmp_path)
    real = make_url(uri)
    with TcpProxy(real.host or "127.0.0.1", real.port or 5432) as proxy:
        app = make_app(real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
                       tmp_path / "instance")
        with LiveServer(app) as server:
            yield server, proxy
        release(app)
    template_db.discard(uri)


def login(server):
    """POST the JWT login; return the response."""
    return requests.post(f"{server.url}/api/v1/security/login", json=CREDENTIALS, timeout=30)


def assert_database_unavailable(response):
    """503 DATABASE_UNAVAILABLE in the shared shape, with Retry-After and no exception text."""
    assert response.status_code == 503, response.text[:300]
    body = response.json()
    assert body["success"] is False and body["error_code"] == "DATABASE_UNAVAILABLE" and body["request_id"], body
    assert int(response.headers["Retry-After"]) > 0
    assert "Traceback" not in response.text and "psycopg2" not in response.text and "SELECT" not in response.text


def test_jwt_login_and_refresh_while_the_database_is_away(outage):
    """Cut: the login and the refresh are 503 (they were a 500 "Fatal error"); restored: both work again."""
    server, proxy = outage
    tokens = login(server).json()
    proxy.cut()
    assert_database_unavailable(login(server))
    assert_database_unavailable(requests.post(f"{server.url}/api/v1/security/refresh", timeout=30,
                                              headers={"Authorization": f"Bearer {tokens['refresh_token']}"}))
    proxy.restore()
    deadline = time.monotonic() + 60
    response = login(server)
    while response.status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        response = login(server)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["access_token"]
