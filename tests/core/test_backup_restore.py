"""`flask backup` and `flask restore`: teams registered over HTTP and decided, backed up, restored into a fresh
install (an empty database, or one `flask setup` made) with a fresh instance folder, and compared row by row and
byte by byte; the restored install then hands out the next gapless code. Runs on PostgreSQL with TEST_DATABASE_URL."""
import os
import uuid
import zipfile

import pytest
import requests
from flask_appbuilder import Model
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.models import Document
from app.services.documents.storage import ObjectNotFound, get_storage
from tests.conftest import ADMIN_PASSWORD, make_app
from tests.support import payloads
from tests.support.databases import release
from tests.support.fake_cloudinary import FakeCloudinary
from tests.support.form_login import admin_auth
from tests.support.live_server import LiveServer

CHURCHES = ["CSI St Peters Church Rathinapuri", "CSI Christ Church Trichy Road", "CSI Christ Church Gandhipuram",
            "CSI All Souls Church Race Course", "CSI Ramanathapuram Pastorate"]
COMPARED = ["team", "player", "document", "audit_event", "outbox_email", "church", "code_counter", "tournament",
            "ab_user", "ab_role", "ab_user_role", "ab_permission_view", "ab_permission_view_role"]
SERVER = os.environ.get("TEST_DATABASE_URL")
PLAYERS = 12
TEAM_FILES = 3 + 2 * PLAYERS  # letter, receipt, photo; each player's Aadhaar and subscription card


@pytest.fixture
def new_database(tmp_path):
    """Return a callable giving the URI of a new, empty database (a SQLite file, or a throwaway PostgreSQL one)."""
    created = []

    def create(server=SERVER):
        if not server:
            return f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:6]}.db'}"
        name = f"icct_restore_{uuid.uuid4().hex[:10]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        created.append((server, name))
        return str(make_url(server).set(database=name))

    yield create
    for server, name in created:
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_install(new_database, tmp_path):
    """Return a callable building an app on a new empty database and instance folder, optionally `flask setup`
    first (with an admin of its own, which the restore replaces)."""
    apps = []

    def build(set_up=False, database_uri=None, **overrides):
        folder = tmp_path / f"install-{len(apps)}"
        app = make_app(database_uri or new_database(), folder / "instance", ADMIN_USERNAME="other-admin",
                       ADMIN_PASSWORD="other-password-1", ADMIN_EMAIL="other@example.org", **overrides)
        apps.append(app)
        if set_up:
            run(app, "setup")
        return app

    yield build
    for app in apps:
        release(app)


def run(app, *args):
    """Run a `flask` command on `app`; return its result after checking it succeeded."""
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def refused(app, *args):
    """Run a `flask` command that must fail; return its output."""
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 1, result.output
    return result.output


def register(base_url, church):
    """Register a full team through the public API over HTTP; return its code."""
    form, files = payloads.registration(church=church, players=PLAYERS)
    response = requests.post(f"{base_url}/api/register/team", data=form, files=files, timeout=60)
    assert response.status_code == 201, response.text[:300]
    return response.json()["team_id"]


def team_id(app, code):
    """The id of the team with `code`."""
    with app.app_context():
        found = db.session.scalar(text("SELECT id FROM team WHERE code = :code"), {"code": code})
        db.session.remove()
    return found


@pytest.fixture
def source(app):
    """An install with three teams registered over HTTP: one confirmed, one rejected with a reason, one pending."""
    with LiveServer(app) as server:
        codes = [register(server.url, church) for church in CHURCHES[:3]]
        headers = admin_auth(server.url)
        confirmed = requests.post(f"{server.url}/api/v1/team/{team_id(app, codes[0])}/confirm", headers=headers,
                                  timeout=30)
        rejected = requests.post(f"{server.url}/api/v1/team/{team_id(app, codes[1])}/reject", headers=headers,
                                 json={"reason": "The pastor's letter is unsigned."}, timeout=30)
        assert confirmed.status_code == 200 and rejected.status_code == 200, (confirmed.text, rejected.text)
    assert codes == ["ICCT-001", "ICCT-002", "ICCT-003"]
    return app


def contents(app):
    """Every compared table's rows in id order, as the models' types read them, and each document's bytes."""
    tables = Model.metadata.tables
    with app.app_context():
        rows = {name: [tuple(row) for row in db.session.execute(
            select(tables[name]).order_by(*tables[name].primary_key.columns))] for name in COMPARED}
        storage = get_storage()
        files = {document.storage_key: storage.open(document.storage_key, document.private, document.content_type)
                 for document in db.session.scalars(select(Document))}
        db.session.remove()
    return rows, files


def back_up(app, tmp_path):
    """Run `flask backup` into a new archive; return its path."""
    archive = tmp_path / f"backup-{uuid.uuid4().hex[:6]}.zip"
    output = run(app, "backup", "--to", str(archive)).output
    assert "Backed up" in output and archive.exists()
    return archive


@pytest.mark.parametrize("set_up", [False, True], ids=["empty-database", "set-up-install"])
def test_a_restore_brings_back_every_row_and_document_and_the_next_code_follows(source, fresh_install, tmp_path,
                                                                                set_up):
    """Teams, players, documents (their bytes), the audit log, mail, users and roles come back identical, and the
    restored install registers ICCT-004 (the counter and every id sequence carry on where they were)."""
    before = contents(source)
    assert len(before[0]["team"]) == 3 and len(before[0]["player"]) == 3 * PLAYERS and len(before[1]) == 3 * TEAM_FILES
    archive = back_up(source, tmp_path)
    target = fresh_install(set_up=set_up)
    output = run(target, "restore", "--from", str(archive)).output
    assert "Restored" in output
    assert contents(target) == before
    with LiveServer(target) as server:
        assert register(server.url, CHURCHES[3]) == "ICCT-004"
        headers = admin_auth(server.url)  # the backup's admin and password, not the fresh install's
        decided = requests.post(f"{server.url}/api/v1/team/{team_id(target, 'ICCT-004')}/confirm", headers=headers,
                                timeout=30)
        assert decided.status_code == 200, decided.text[:300]


def test_a_database_in_use_is_replaced_only_with_force(source, fresh_install, tmp_path):
    """A second restore over a database holding a newer team refuses and changes nothing; with --force it puts
    the backup back and removes the newer team's files."""
    archive = back_up(source, tmp_path)
    target = fresh_install()
    run(target, "restore", "--from", str(archive))
    with LiveServer(target) as server:
        register(server.url, CHURCHES[3])
    newer, newer_files = contents(target)
    assert "--force" in refused(target, "restore", "--from", str(archive))
    assert contents(target) == (newer, newer_files)
    run(target, "restore", "--from", str(archive), "--force")
    assert contents(target) == contents(source)
    gone = set(newer_files) - set(contents(source)[1])
    assert len(gone) == TEAM_FILES
    with target.app_context():
        for key in gone:
            with pytest.raises(ObjectNotFound):
                get_storage().open(key, True, "application/pdf")


def test_a_backup_needs_every_document_file_as_recorded(source, tmp_path):
    """A missing file, or one whose bytes differ from its row's digest, stops the backup: no archive is left."""
    with source.app_context():
        first, second = db.session.scalars(select(Document).order_by(Document.id).limit(2)).all()
        storage = get_storage()
        storage.delete(first.storage_key, first.private, first.content_type)
        storage.save(second.storage_key, b"%PDF-1.4 not the original", second.content_type, second.private)
        keys = first.storage_key, second.storage_key
        db.session.remove()
    archive = tmp_path / "refused.zip"
    output = refused(source, "backup", "--to", str(archive))
    assert f"{keys[0]}: no file" in output and f"{keys[1]}: the file's bytes are not the ones recorded" in output
    assert list(tmp_path.glob("refused.zip*")) == []


def test_a_damaged_archive_changes_nothing(source, fresh_install, tmp_path):
    """A document whose bytes no longer match the manifest, or a file that is no zip at all, is refused."""
    archive = back_up(source, tmp_path)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as original, zipfile.ZipFile(damaged, "w") as copy:
        members = original.namelist()
        victim = next(name for name in members if name.startswith("documents/"))
        for name in members:
            copy.writestr(name, b"%PDF-1.4 tampered" if name == victim else original.read(name))
    target = fresh_install(set_up=True)
    before = contents(target)
    assert "is damaged; the database was not changed" in refused(target, "restore", "--from", str(damaged))
    assert contents(target) == before
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert "damaged or incomplete" in refused(target, "restore", "--from", str(junk))


def test_a_restore_refuses_a_database_at_another_migration(source, fresh_install, tmp_path):
    """An install migrated to an older revision is not loaded into; the message says to use an empty one."""
    archive = back_up(source, tmp_path)
    target = fresh_install()
    with target.app_context():
        upgrade(revision="0001")
    assert "restore into an empty database" in refused(target, "restore", "--from", str(archive))


def test_an_existing_file_is_never_overwritten(source, tmp_path):
    """`--to` names a new file; an old backup under that name stays as it was."""
    archive = tmp_path / "kept.zip"
    archive.write_bytes(b"an older backup")
    assert "already exists" in refused(source, "backup", "--to", str(archive))
    assert archive.read_bytes() == b"an older backup"


def test_documents_on_cloudinary_are_downloaded_into_the_backup_and_uploaded_again(app_factory, fresh_install,
                                                                                  tmp_path):
    """With Cloudinary storage the archive holds the private assets' bytes, fetched through the storage; a
    restore uploads them to the new install's Cloudinary under the same ids."""
    with FakeCloudinary() as first, FakeCloudinary() as second:
        source = app_factory(CLOUDINARY_URL=first.cloudinary_url)
        with LiveServer(source) as server:
            register(server.url, CHURCHES[0])
        archive = back_up(source, tmp_path)
        target = fresh_install(CLOUDINARY_URL=second.cloudinary_url)
        run(target, "restore", "--from", str(archive))
        assert contents(target) == contents(source)
        assert second.live_assets == first.live_assets and len(first.live_assets) == TEAM_FILES


@pytest.mark.postgres
@pytest.mark.skipif(not SERVER, reason="needs TEST_DATABASE_URL")
def test_a_sqlite_install_moves_to_postgresql(fresh_install, new_database, tmp_path):
    """The dump is portable: a development install on SQLite restores into PostgreSQL, ids and all."""
    sqlite_app = make_app(f"sqlite:///{tmp_path / 'development.db'}", tmp_path / "dev-instance",
                          ADMIN_USERNAME="admin", ADMIN_PASSWORD=ADMIN_PASSWORD, ADMIN_EMAIL="admin@example.org")
    try:
        run(sqlite_app, "setup")
        with LiveServer(sqlite_app) as server:
            assert [register(server.url, church) for church in CHURCHES[:2]] == ["ICCT-001", "ICCT-002"]
        archive = back_up(sqlite_app, tmp_path)
        target = fresh_install(database_uri=new_database())
        run(target, "restore", "--from", str(archive))
        assert contents(target) == contents(sqlite_app)
        with LiveServer(target) as server:
            assert register(server.url, CHURCHES[2]) == "ICCT-003"
    finally:
        release(sqlite_app)
