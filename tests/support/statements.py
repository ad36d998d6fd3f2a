"""Counting the SQL statements one request runs, and what a registration costs, for the tests that hold them fixed."""
import pytest
from sqlalchemy import event

from app.extensions import db

# Tournament settings, two rule checks (early and under the lock), church upsert, team, players, documents,
# code counter (on PostgreSQL it also returns the transaction's id, by which a lost COMMIT's fate is learned, so
# that costs no statement), the renames of team and players (one statement on PostgreSQL), audit event, the
# captain's status link and outbox email. With an Idempotency-Key, its outcome is one more statement in the same
# transaction.
REGISTRATION_STATEMENTS = {"postgresql": 12, "sqlite": 13}


@pytest.fixture
def count_statements(app):
    """Return a callable making one request and giving (response, number of SQL statements it ran)."""
    with app.app_context():
        engine = db.engine

    def run(client, method, url, **kwargs):
        statements = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", listener)
        try:
            response = client.open(url, method=method, **kwargs)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return response, len(statements)

    return run


def statements_by_team_size(register):
    """{11: n, 15: n} for `register(players, church)` (which returns its statement count) called for a team of 11
    and one of 15, each in a church of its own, after a warm-up registration."""
    register(11, "Warm Up Church")  # the first registration also looks for queued deletions
    return {players: register(players, f"Church of {players}") for players in (11, 15)}
