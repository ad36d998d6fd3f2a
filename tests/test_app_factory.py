"""The application factory, migrations and the operator commands."""
import re
import subprocess
import sys

from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from app.models import Church, CodeCounter, Tournament
from app.services.churches.rules import church_names

OUR_TABLES = {"tournament", "church", "team", "player", "document", "match", "audit_event", "outbox_email",
              "idempotency_record", "code_counter", "pending_deletion"}
FAB_TABLES = {"ab_user", "ab_role", "ab_permission", "ab_view_menu", "ab_permission_view", "ab_user_role"}


def test_migrations_build_the_full_schema_from_empty(app):
    """The template database was built by `flask setup` (migrations) alone: every table is there."""
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert OUR_TABLES | FAB_TABLES | {"alembic_version"} <= tables


def test_setup_seeds_churches_tournament_and_counter(app):
    """Setup leaves the listed churches, one tournament row and the code counter."""
    with app.app_context():
        assert db.session.query(Church).count() == len(church_names()) == 82
        tournament = db.session.query(Tournament).one()
        assert (tournament.min_players, tournament.max_players, tournament.church_slot_limit) == (11, 15, 2)
        assert db.session.get(CodeCounter, "team").next_value == 1


def test_seed_churches_is_idempotent(runner):
    """Seeding again adds nothing."""
    result = runner.invoke(args=["seed-churches"])
    assert result.exit_code == 0 and "Added 0 churches" in result.output


def test_setup_again_keeps_the_existing_admin(runner):
    """A second setup migrates nothing new and does not create another admin."""
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "Admin user already exists" in result.output


def test_create_admin_generates_a_password_when_none_given(runner, client):
    """`create-admin` without a password prints a generated one that works."""
    result = runner.invoke(args=["create-admin", "--username", "second", "--email", "second@example.org"])
    assert result.exit_code == 0, result.output
    password = re.search(r"^  password:  (\S+)$", result.output, re.MULTILINE)[1]
    assert len(password) >= 12
    response = client.post("/login/", data={"username": "second", "password": password})
    assert response.status_code == 302


def test_two_apps_live_in_one_process(app_factory):
    """Each create_app() call builds its own AppBuilder; both serve requests."""
    first, second = app_factory(), app_factory()
    assert first.appbuilder is not second.appbuilder
    for each in (first, second):
        assert each.test_client().get("/health").status_code == 200
        assert each.test_client().get("/api/v1/church/").status_code == 401


def test_sqlite_enforces_foreign_keys(app):
    """SQLite's foreign keys are on, so ON DELETE rules hold on both databases."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1


def test_timestamps_are_timezone_aware_utc(app):
    """Datetimes come back aware and in UTC on every database."""
    with app.app_context():
        church = db.session.query(Church).first()
        assert church.created_at.utcoffset().total_seconds() == 0


def test_default_run_uses_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    """With no DATABASE_URL the app uses a SQLite file under INSTANCE_PATH."""
    app = create_app({"ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": ""})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path.resolve() / 'icct26.db'}"
    assert app.config["UPLOAD_FOLDER"].startswith(str(tmp_path.resolve()))


def test_cli_is_reachable_through_flask_app(tmp_path):
    """The operator commands are listed by `flask --app app`."""
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "--help"], capture_output=True, text=True,
                         env={"INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert out.returncode == 0, out.stderr
    for command in ("setup", "seed-churches", "create-admin", "sync-roles", "db"):
        assert command in out.stdout
