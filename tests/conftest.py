"""Fixtures: a fresh migrated database per test (SQLite file copy or PostgreSQL template), app, client, runner."""
import os

import pytest

from app import create_app
from app.extensions import db
from tests.support.databases import TemplateDatabase, release

ADMIN_PASSWORD = "admin-password-1"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """A database migrated and seeded once per session; each test gets its own copy."""
    template = TemplateDatabase(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory.mktemp("template"))
    template.build(make_app)
    yield template
    template.drop()


def make_app(database_uri, instance_path, **overrides):
    """Create a testing app on the given database and instance folder."""
    config = {"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_uri, "INSTANCE_PATH": str(instance_path),
              "LOG_DIR": str(instance_path / "logs")}
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app_factory(template_db, tmp_path):
    """Return a callable building apps on this test's database copy, with optional setting overrides."""
    uri = template_db.copy(tmp_path)
    apps = []

    def build(**overrides):
        app = make_app(uri, tmp_path / "instance", **overrides)
        apps.append(app)
        return app

    yield build
    for app in apps:
        release(app)
    template_db.discard(uri)


@pytest.fixture
def app(app_factory):
    """The app under test on its own fresh database."""
    return app_factory()


@pytest.fixture
def client(app):
    """Flask's test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Flask's CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback; `smtp_server.inbox.messages` holds (recipients, message) pairs."""
    from tests.support.review_factories import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def live_server(app):
    """The app served by waitress on loopback for tests that speak real HTTP."""
    from tests.support.live_server import LiveServer

    with LiveServer(app) as server:
        yield server


@pytest.fixture
def login(client):
    """Return a callable that signs the test client in through the real login form."""

    def sign_in(username="admin", password=ADMIN_PASSWORD):
        response = client.post("/login/", data={"username": username, "password": password})
        assert response.status_code == 302, response.data[:300]
        return client

    return sign_in


@pytest.fixture
def make_user(app):
    """Return a callable that creates a user with the given role and returns its username and password."""

    def create(role, username=None, password="user-password-1"):
        username = username or f"{role.lower()}-user"
        with app.app_context():
            sm = app.appbuilder.sm
            user = sm.add_user(username, username, "Test", f"{username}@example.org", sm.find_role(role), password)
            assert user, f"could not create {username}"
            db.session.remove()
        return username, password

    return create


@pytest.fixture
def token_for(client, make_user):
    """Return a callable giving a JWT access token for a new user of the given role (or the admin)."""

    def get(role):
        username, password = ("admin", ADMIN_PASSWORD) if role == "Admin" else make_user(role)
        response = client.post("/api/v1/security/login",
                               json={"username": username, "password": password, "provider": "db"})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['access_token']}"}

    return get
