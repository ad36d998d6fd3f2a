"""Migration 0002 recomputes every stored name key with the look-alike-folding key, and refuses, listing them,
when stored names turn out to be look-alikes of each other, before it changes anything."""
import os
import unicodedata
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from app.text import name_key
from tests.support.databases import release

NOW = "2026-11-01 10:00:00"


@pytest.fixture
def database_uri(tmp_path):
    """An empty database: a SQLite file, or a throwaway PostgreSQL database when TEST_DATABASE_URL is set."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    name = f"icct_migrate_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield str(make_url(server).set(database=name))
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def old_app(database_uri, tmp_path):
    """An app on a database migrated to 0001, before the look-alike keys."""
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_uri,
                      "INSTANCE_PATH": str(tmp_path / "instance"), "LOG_DIR": str(tmp_path / "logs")})
    with app.app_context():
        upgrade(revision="0001")
    yield app
    release(app)


def old_key(name):
    """The key 0001's code stored: NFC, spacing collapsed, case folded; nothing else."""
    return " ".join(unicodedata.normalize("NFC", name).split()).replace("\u2019", "'").casefold()


def insert(app, churches, teams=(), players=()):
    """Rows as the old code stored them: churches (id, name); teams (id, church_id, name, status); players
    (team_id, position, name)."""
    with app.app_context():
        for church_id, name in churches:
            db.session.execute(text("INSERT INTO church (id, name, name_key, verified, created_at) "
                                    "VALUES (:id, :name, :key, :verified, :now)"),
                               {"id": church_id, "name": name, "key": old_key(name), "verified": True, "now": NOW})
        for team_id, church_id, name, status in teams:
            db.session.execute(text(
                "INSERT INTO team (id, code, name, name_key, church_id, status, rejection_reason, language, "
                "captain_name, captain_phone, captain_email, vice_name, vice_phone, vice_email, created_at, "
                "updated_at) VALUES (:id, :code, :name, :key, :church, :status, :reason, 'en', 'Cap Tain', "
                "'9876500000', :email, 'Vice Cap', '9876500001', 'v@example.org', :now, :now)"),
                {"id": team_id, "code": f"ICCT-{team_id:03d}", "name": name, "key": old_key(name),
                 "church": church_id, "status": status, "reason": "no" if status == "rejected" else None,
                 "email": f"c{team_id}@example.org", "now": NOW})
        for team_id, position, name in players:
            db.session.execute(text("INSERT INTO player (team_id, code, position, name, name_key) "
                                    "VALUES (:team, :code, :position, :name, :key)"),
                               {"team": team_id, "code": f"ICCT-{team_id:03d}-P{position:02d}",
                                "position": position, "name": name, "key": old_key(name)})
        db.session.commit()


def stored(app, table):
    with app.app_context():
        rows = db.session.execute(text(f"SELECT name, name_key FROM {table} ORDER BY id")).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def revision(app):
    with app.app_context():
        value = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()
        return value


def test_upgrade_recomputes_every_key(old_app):
    """Church, team and player keys all become name_key(name); a rejected team may share a holder's key."""
    insert(old_app, churches=[(1, "CSI Wesley Church Ooty"), (2, "Ｇｒａｃｅ Ｃｈａｐｅｌ")],
           teams=[(1, 1, "Rathinapuri Lions", "pending"), (2, 2, "Rathinapuri Li\u043ens", "rejected"),
                  (3, 2, "Mammen Memorial Stars", "confirmed")],
           players=[(1, 1, "Samuel Joseph"), (1, 2, "Samu\u0435l Josephs"), (3, 1, "Anwar Ali")])
    assert stored(old_app, "church")[1][1] == "ｇｒａｃｅ ｃｈａｐｅｌ"
    with old_app.app_context():
        upgrade()
    for table in ("church", "team", "player"):
        assert all(key == name_key(name) for name, key in stored(old_app, table)), table
    assert stored(old_app, "church")[1][1] == name_key("grace chapel")
    assert revision(old_app) != "0001"


def test_upgrade_refuses_and_lists_lookalikes_before_changing_anything(old_app, capfd):
    """Two churches, two slot-holding teams and two players of one team that are now the same name: the upgrade
    stops with every clash listed (ids, team and player codes), and every key and the revision stay as they were."""
    insert(old_app, churches=[(1, "CSI Wesley Church Ooty"), (2, "CSI W\u0435sley Church Ooty"), (3, "CSI Ketti")],
           teams=[(1, 1, "Rathinapuri Lions", "pending"), (2, 3, "Rathinapuri Li\u043ens", "confirmed"),
                  (3, 3, "Rathinapuri LIONS ", "withdrawn")],
           players=[(1, 1, "Samuel Joseph"), (1, 2, "Samu\u0435l Joseph"), (2, 1, "Samuel Joseph")])
    before = {table: stored(old_app, table) for table in ("church", "team", "player")}
    with old_app.app_context(), pytest.raises(SystemExit):
        upgrade()
    report = capfd.readouterr().err  # Flask-Migrate logs the error, and Alembic's logging config sends it to stderr
    assert "church 1" in report and "church 2" in report and "church 3" not in report
    assert "ICCT-001" in report and "ICCT-002" in report and "ICCT-003" not in report
    assert "ICCT-001-P01" in report and "ICCT-001-P02" in report and "ICCT-002-P01" not in report
    assert "Samuel" not in report, "player names are personal data: codes identify them"
    assert {table: stored(old_app, table) for table in before} == before
    assert revision(old_app) == "0001"
