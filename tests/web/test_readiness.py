"""/health/ready over real HTTP: database, storage breaker, mail sender and limiter storage, as the README says."""
import time

import requests

from tests.support import payloads
from tests.support.fake_cloudinary import FakeCloudinary
from tests.support.live_server import LiveServer


def ready(server):
    """GET /health/ready; return (status code, body)."""
    response = requests.get(f"{server.url}/health/ready", timeout=10)
    return response.status_code, response.json()


def register(server):
    """Post one valid registration; return the response."""
    form, files = payloads.registration()
    return requests.post(f"{server.url}/api/register/team", data=form, files=files, timeout=60)


def test_ready_reports_every_dependency(live_server):
    """Each check the README names is present; with no SMTP configured, mail says so rather than failing."""
    status, body = ready(live_server)
    assert status == 200 and body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "storage": "ok", "mail": "not configured",
                              "rate_limit_storage": "disabled"}
    assert body["details"]["storage"]["backend"] == "local"


def test_open_storage_breaker_degrades_readiness(app_factory):
    """Cloudinary down: a registration trips the storage breaker and readiness says storage is unavailable (200)."""
    with FakeCloudinary() as cloud:
        app = app_factory(CLOUDINARY_URL=cloud.cloudinary_url, UPLOAD_BREAKER_FAIL_MAX=1, UPLOAD_RETRY_WAITS=())
        with LiveServer(app) as server:
            assert ready(server)[1]["checks"]["storage"] == "ok"
            cloud.set_down()
            assert register(server).status_code == 503
            status, body = ready(server)
    assert status == 200 and body["status"] == "degraded"
    assert body["checks"]["storage"] == "unavailable" and body["checks"]["database"] == "ok"
    assert body["details"]["storage"] == {"backend": "cloudinary", "breaker": "open"}


def test_failing_mail_server_degrades_readiness_and_shows_the_queue(app_factory, closed_port):
    """SMTP unreachable: the sender's breaker opens; readiness reports mail unavailable and the unsent email's age."""
    app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port, OUTBOX_SENDER_ENABLED=True,
                      MAIL_POLL_SECONDS=0.05, MAIL_BREAKER_FAIL_MAX=1)
    try:
        with LiveServer(app) as server:
            assert ready(server)[1]["checks"]["mail"] == "ok"
            assert register(server).status_code == 201
            deadline = time.monotonic() + 60
            while (body := ready(server)[1])["checks"]["mail"] != "unavailable" and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        app.extensions["outbox_sender"].stop()
    assert body["status"] == "degraded" and body["checks"]["mail"] == "unavailable"
    mail = body["details"]["mail"]
    assert mail["breaker"] == "open" and mail["oldest_unsent_minutes"] == 0
    assert mail["counts"]["pending"] + mail["counts"]["sending"] == 1  # the failed attempt may still be recording
