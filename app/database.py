"""Engine options per environment and per database, and SQLite's connection pragmas."""
from sqlalchemy import event


def engine_options(settings):
    """Return SQLAlchemy engine options: a bounded, pre-pinged pool on PostgreSQL, sane locking on SQLite; on
    every database, statement errors without their bound values."""
    # A failed statement's error text would otherwise list its parameters (names, phones, emails), and FAB logs
    # such errors with their traceback; the log masks phones and emails, but names would still go through.
    return {"hide_parameters": True, **_pool_options(settings)}


def _pool_options(settings):
    """The pool and connection options of the configured database."""
    uri = settings["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql"):
        statement_ms = int(settings["DB_STATEMENT_TIMEOUT_MS"])
        return {
            "pool_size": settings["DB_POOL_SIZE"],
            "max_overflow": settings["DB_MAX_OVERFLOW"],
            "pool_pre_ping": True,
            "pool_recycle": 3600,
            "pool_timeout": 10,
            "connect_args": {
                "connect_timeout": 5,
                # Bound every statement so a stuck query cannot hold a request past its time limit.
                "options": f"-c statement_timeout={statement_ms} -c lock_timeout={statement_ms}",
                "application_name": "icct26",
            },
        }
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True}


def install_sqlite_pragmas(engine, synchronous="FULL"):
    """Turn on foreign keys and WAL for SQLite, which leaves both off by default; `synchronous` is SQLite's own
    setting (FULL: a commit survives a power cut; the test suite, which needs no such thing, turns it OFF)."""
    if engine.dialect.name != "sqlite":
        return
    if synchronous not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA, not {synchronous!r}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()


def wait_for_database(engine, attempts, first_wait=0.5):
    """Try `SELECT 1` with exponential backoff; return True once the database answers."""
    import time

    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    wait = first_wait
    for attempt in range(1, attempts + 1):
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except OperationalError:
            if attempt == attempts:
                return False
            time.sleep(wait)
            wait = min(wait * 2, 10)
    return False
