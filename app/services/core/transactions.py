"""Run a unit of work in one transaction, retrying transient database errors with exponential backoff."""
import logging
import time

from sqlalchemy.exc import DBAPIError, OperationalError

from ...extensions import db
from ...web.deadline import time_left
from ...web.errors import AppError

log = logging.getLogger("app.db")
CONFIRM_WAITS = (0.1, 0.2, 0.4, 0.8, 1.6)  # seconds between asks whether a lost COMMIT was stored: 3.1 in all
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
    `confirm(result)` is asked instead, on a fresh connection, until the database answers or about three
    seconds have passed: True means it was stored. Without `confirm`, or when the database stays away,
    CommitUnconfirmed is raised.
    """
    wait = first_wait
    for attempt in range(1, attempts + 1):
        result = _NOT_RUN
        try:
            result = work()
            db.session.commit()
            return result
        except DBAPIError as error:
            db.session.rollback()
            if not is_transient(error):
                raise
            if result is not _NOT_RUN and _connection_lost(error) and _confirmed(confirm, result, error):
                return result
            log.warning("transient database error", extra={"event": "db.retry", "attempt": attempt})
            if attempt == attempts:
                raise DatabaseUnavailable("The database is briefly unavailable. Please try again.") from error
            time.sleep(wait)
            wait *= 2
        except Exception:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")


_NOT_RUN = object()  # the result before `work()` has returned: an error then came from the work, not the COMMIT


class CommitUnconfirmed(DatabaseUnavailable):
    """The connection was lost during COMMIT and nobody could tell whether the change was stored."""


def _connection_lost(error):
    code = getattr(getattr(error, "orig", None), "pgcode", None) or ""
    return error.connection_invalidated or code.startswith("08")  # SQLSTATE class 08: connection exception


def _confirmed(confirm, result, error):
    """Whether the lost commit was stored, asked of `confirm` until the database answers (for a few seconds,
    within the request's time); CommitUnconfirmed when that cannot be told."""
    unconfirmed = CommitUnconfirmed("The database stopped answering while saving. Please try again.")
    if confirm is None:
        raise unconfirmed from error
    # A link that drops during COMMIT is usually back within a second or two; asking once, at once, left a
    # captain whose team was stored with a 503 (and then a duplicate refusal when they tried again).
    for wait in (*CONFIRM_WAITS, None):
        try:
            stored = bool(confirm(result))
            db.session.rollback()
            return stored
        except DBAPIError as lost_again:
            db.session.rollback()
            left = time_left()
            if wait is None or (left is not None and left < wait):
                raise unconfirmed from lost_again
            time.sleep(wait)
    raise AssertionError("unreachable")
