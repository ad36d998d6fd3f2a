"""Run a unit of work in one transaction, retrying transient database errors with exponential backoff."""
import logging
import time

from sqlalchemy.exc import DBAPIError, OperationalError

from ..extensions import db
from ..web.errors import AppError

log = logging.getLogger("app.db")
TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "57P01", "08000", "08003", "08006"}


class DatabaseUnavailable(AppError):
    """The database did not answer after retries."""

    status = 503
    error_code = "DATABASE_UNAVAILABLE"


def is_transient(error):
    """True for errors worth repeating: dropped connections, serialization failures, deadlocks, busy SQLite."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    code = getattr(getattr(error, "orig", None), "pgcode", None)
    if code in TRANSIENT_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and ("locked" in str(error.orig) or code is None)


def run_in_transaction(work, attempts=4, first_wait=0.1, confirm=None):
    """Call `work()` and commit; on a transient error roll back and try again, up to `attempts` times.

    A connection lost during COMMIT leaves the outcome unknown: the server may have committed just before the
    link dropped. Repeating the work then could store it twice (or refuse it as a duplicate of itself), so
    `confirm(result)` is asked instead, on a fresh connection: True means it was stored. Without `confirm`,
    or when even that cannot reach the database, CommitUnconfirmed is raised.
    """
    wait = first_wait
    for attempt in range(1, attempts + 1):
        try:
            result = work()
        except DBAPIError as error:
            db.session.rollback()
            if not is_transient(error):
                raise
            _note_retry(attempt, attempts, error)
            time.sleep(wait)
            wait *= 2
            continue
        except Exception:
            db.session.rollback()
            raise
        try:
            db.session.commit()
            return result
        except DBAPIError as error:
            db.session.rollback()
            if not is_transient(error):
                raise
            if _connection_lost(error):
                if _confirmed(confirm, result):
                    return result
                if confirm is None:
                    raise CommitUnconfirmed("The database stopped answering while saving. Please try again.") \
                        from error
            _note_retry(attempt, attempts, error)
            time.sleep(wait)
            wait *= 2
    raise AssertionError("unreachable")


class CommitUnconfirmed(DatabaseUnavailable):
    """The connection was lost during COMMIT and nobody could tell whether the change was stored."""


def _connection_lost(error):
    code = getattr(getattr(error, "orig", None), "pgcode", None) or ""
    return error.connection_invalidated or code.startswith("08")  # SQLSTATE class 08: connection exception


def _confirmed(confirm, result):
    """Ask `confirm` whether the lost commit was stored; CommitUnconfirmed when that cannot be told."""
    if confirm is None:
        return False
    try:
        stored = bool(confirm(result))
        db.session.rollback()
        return stored
    except DBAPIError as error:
        db.session.rollback()
        raise CommitUnconfirmed("The database stopped answering while saving. Please try again.") from error


def _note_retry(attempt, attempts, error):
    log.warning("transient database error", extra={"event": "db.retry", "attempt": attempt})
    if attempt == attempts:
        raise DatabaseUnavailable("The database is briefly unavailable. Please try again.") from error
