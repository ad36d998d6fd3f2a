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


def run_in_transaction(work, attempts=4, first_wait=0.1):
    """Call `work()` and commit; on a transient error roll back and try again, up to `attempts` times."""
    wait = first_wait
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except DBAPIError as error:
            db.session.rollback()
            if not is_transient(error):
                raise
            log.warning("transient database error", extra={"event": "db.retry", "attempt": attempt})
            if attempt == attempts:
                raise DatabaseUnavailable("The database is briefly unavailable. Please try again.") from error
            time.sleep(wait)
            wait *= 2
        except Exception:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")
