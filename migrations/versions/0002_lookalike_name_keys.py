"""name keys fold look-alikes: recompute every church, team and player key

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 12:00:00

Keys used to fold only case and spacing; app.text.name_key now also folds width, invisible characters and
look-alikes. Names stored under the old keys may now be the same name: the upgrade lists every such clash (the
unique indexes could not hold them) and stops before changing anything, so organisers rename or merge them and
run it again. It uses the live name_key on purpose: stored keys must be exactly what lookups compute.
"""
import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from app.text import name_key

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

HOLDING = ("pending", "confirmed")
KEY_ROOM = 4  # app.text.KEY_ROOM as this revision sets it; a later change to it brings its own revision
# (table, name length) for the key columns, widened because folding spells some characters out ("m" -> "rn").
KEY_COLUMNS = (("church", 100), ("team", 80), ("player", 50))


class LookalikeNames(RuntimeError):
    """Stored names that the new key makes the same; raised before any change."""


def upgrade():
    connection = op.get_bind()
    churches = connection.execute(sa.text("SELECT id, name, name_key FROM church")).all()
    teams = connection.execute(sa.text("SELECT id, code, name, name_key, status FROM team")).all()
    players = connection.execute(sa.text("SELECT id, code, name, name_key, team_id FROM player")).all()
    clashes = (_clashes(churches, lambda row: name_key(row.name), lambda row: f"church {row.id} {row.name!r}")
               + _clashes([row for row in teams if row.status in HOLDING], lambda row: name_key(row.name),
                          lambda row: f"team {row.code} {row.name!r}")
               # Player names are personal data: codes identify them in the report (and in any log of it).
               + _clashes(players, lambda row: (row.team_id, name_key(row.name)), lambda row: f"player {row.code}"))
    if clashes:
        raise LookalikeNames(
            "These names are now the same name (look-alike letters, invisible characters, width or case); the "
            "unique keys cannot hold them. Rename one of each (or move a church's teams to the other church), "
            "then upgrade again:\n" + "\n".join(f"  {' = '.join(group)}" for group in clashes))
    if connection.dialect.name != "sqlite":  # SQLite does not enforce VARCHAR lengths
        for table, length in KEY_COLUMNS:
            op.alter_column(table, "name_key", type_=sa.String(KEY_ROOM * length),
                            existing_type=sa.String(length), existing_nullable=False)
    _store(connection, "church", [(row.id, row.name_key, name_key(row.name)) for row in churches])
    _store(connection, "team", [(row.id, row.name_key, name_key(row.name)) for row in teams])
    _store(connection, "player", [(row.id, row.name_key, name_key(row.name)) for row in players])


def _clashes(rows, key, describe):
    """Groups (descriptions, in id order) of rows sharing a key."""
    groups = defaultdict(list)
    for row in sorted(rows, key=lambda row: row[0]):
        groups[key(row)].append(describe(row))
    return [group for group in groups.values() if len(group) > 1]


def _store(connection, table, rows):
    """Write the new keys in two passes, so no row meets another's old key on the way (the unique indexes are
    checked row by row): first a placeholder no name can have (names refuse control characters), then the key."""
    changed = [(row_id, new) for row_id, old, new in rows if old != new]
    update = sa.text(f"UPDATE {table} SET name_key = :key WHERE id = :id")
    if changed:
        connection.execute(update, [{"id": row_id, "key": f"\x01{row_id}"} for row_id, _new in changed])
        connection.execute(update, [{"id": row_id, "key": new} for row_id, new in changed])


def downgrade():
    connection = op.get_bind()
    for table, length in KEY_COLUMNS:
        rows = connection.execute(sa.text(f"SELECT id, name, name_key FROM {table}")).all()
        _store(connection, table, [(row.id, row.name_key, _old_key(row.name)) for row in rows])
        if connection.dialect.name != "sqlite":
            op.alter_column(table, "name_key", type_=sa.String(length),
                            existing_type=sa.String(KEY_ROOM * length), existing_nullable=False)


def _old_key(name):
    """0001's key: NFC, spacing collapsed, curly apostrophe straightened, case folded. It folds less than the new
    key, so names the new key keeps apart stay apart (a clash would stop the downgrade at the unique index)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).replace("\u2019", "'").casefold()
