"""Fixtures for registration tests: payload factories and a fake Cloudinary the real SDK talks to."""
import pytest

from tests.support import payloads
from tests.support.clock import ManualClock
from tests.support.fake_cloudinary import FakeCloudinary


@pytest.fixture
def payload():
    """Return a callable building a valid (form, files) registration; keyword overrides change fields."""
    return payloads.registration


@pytest.fixture
def post_registration(client):
    """Return a callable posting a (form, files) registration through the test client."""

    def post(form, files, headers=None):
        return client.post("/api/register/team", data=payloads.for_test_client(form, files), headers=headers or {},
                           content_type="multipart/form-data")

    return post


@pytest.fixture
def fake_cloudinary():
    """A fake Cloudinary HTTP server on loopback."""
    with FakeCloudinary() as fake:
        yield fake


@pytest.fixture
def clock():
    """A monotonic clock the test moves itself (the storage breaker's reset runs on it)."""
    return ManualClock()


@pytest.fixture
def cloud_app(app_factory, fake_cloudinary, clock):
    """The app storing documents on the fake Cloudinary, with fast retries and the breaker on the test's clock."""
    return app_factory(CLOUDINARY_URL=fake_cloudinary.cloudinary_url, UPLOAD_RETRY_WAITS=(0.01, 0.01, 0.01),
                       UPLOAD_BREAKER_RESET_SECONDS=60, MONOTONIC_CLOCK=clock)


@pytest.fixture
def cloud_server(cloud_app):
    """The Cloudinary-backed app served by waitress on loopback."""
    from tests.support.live_server import LiveServer

    with LiveServer(cloud_app, threads=16) as server:
        yield server


@pytest.fixture
def send():
    """Return a callable posting a (form, files) registration to a running server with requests."""
    import requests

    def post(base_url, form, files, headers=None, timeout=60):
        return requests.post(f"{base_url}/api/register/team", data=form, files=files, headers=headers or {},
                             timeout=timeout)

    return post
