"""Migration 0005 adds the waiting list and takes it away again on downgrade, leaving the rest as it was."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db


def tables(app):
    with app.app_context():
        names = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    return names


def test_downgrade_and_upgrade_again(app, join, full_church):
    """Down to 0002 the table and its indexes go (the teams stay); up again it is back, empty and usable."""
    full_church()
    assert join().status_code == 200
    with app.app_context():
        downgrade(revision="0002")
    assert "waiting_entry" not in tables(app) and "team" in tables(app)
    with app.app_context():
        upgrade()
        indexes = {index["name"] for index in inspect(db.engine).get_indexes("waiting_entry")}
        db.engine.dispose()
    assert {"uq_waiting_entry_active_captain", "ix_waiting_entry_church_status"} <= indexes
    assert join().status_code == 200
