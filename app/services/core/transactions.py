"""Run a unit of work in one transaction, retrying transient database errors with exponential backoff."""
import logging
import time

from sqlalchemy import BigInteger, bindparam, text
from sqlalchemy.exc import DBAPIError, OperationalError

from ...extensions import db
from ...web.deadline import deadline
from ...web.errors import AppError

log = logging.getLogger("app.db")
TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "57P01", "08000", "08003", "08006"}
FATE_WAITS = (0.05, 1.0)  # first and longest pause between asks about a lost COMMIT's transaction
FATE_SECONDS_OUTSIDE_A_REQUEST = 30.0  # how long to keep asking when no request deadline bounds it
TRANSACTION_ID = "transaction_id"  # key in the session's info: the id the work noted for its transaction
_STATUS_OF_TRANSACTION = text("SELECT txid_status(:xid)").bindparams(bindparam("xid", type_=BigInteger))


class DatabaseUnavailable(AppError):
    """The database did not answer after retries."""

    status = 503
    error_code = "DATABASE_UNAVAILABLE"


class CommitUnconfirmed(DatabaseUnavailable):
    """The connection was lost during COMMIT and nobody could tell whether the change was stored."""


def is_transient(error):
    """True for errors worth repeating: dropped connections, serialization failures, deadlocks, busy SQLite."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    code = getattr(getattr(error, "orig", None), "pgcode", None)
    if code in TRANSIENT_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and ("locked" in str(error.orig) or code is None)


def note_transaction_id(xid):
    """Record the PostgreSQL id (`txid_current()`) of the transaction the running work is in.

    Work passed to `run_in_transaction` calls this, ideally with a value read by a statement it runs anyway:
    if the reply to its COMMIT is lost, the id is how the transaction's fate is learned.
    """
    db.session.info[TRANSACTION_ID] = xid


def run_in_transaction(work, attempts=4, first_wait=0.1):
    """Call `work()` and commit; on a transient error roll back and try again, up to `attempts` times.

    A connection lost during COMMIT leaves the outcome unknown: the server may have committed, or may still be
    committing (a row not visible yet is not a row that was not stored). When the work noted its transaction's
    id, that transaction's fate is asked of the server on a fresh connection until it is settled or the
    request's time is up: committed returns the result, aborted tries the work again. Otherwise
    CommitUnconfirmed is raised. So every other error raised here means that nothing was committed.
    """
    wait = first_wait
    for attempt in range(1, attempts + 1):
        result = _NOT_RUN
        db.session.info.pop(TRANSACTION_ID, None)
        try:
            result = work()
            db.session.commit()
            return result
        except DBAPIError as error:
            xid = db.session.info.pop(TRANSACTION_ID, None)
            db.session.rollback()
            if not is_transient(error):
                raise
            if result is not _NOT_RUN and _connection_lost(error) and _fate(xid, error) == "committed":
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


def _connection_lost(error):
    code = getattr(getattr(error, "orig", None), "pgcode", None) or ""
    return error.connection_invalidated or code.startswith("08")  # SQLSTATE class 08: connection exception


def _fate(xid, error):
    """'committed' or 'aborted': the fate of transaction `xid`, whose COMMIT got no reply, asked on fresh
    connections until the server settles it, and at least once; CommitUnconfirmed when it cannot be told
    within the request's time (the server unreachable, or still committing)."""
    unconfirmed = CommitUnconfirmed("The database stopped answering while saving. Please try again.")
    if xid is None:
        raise unconfirmed from error
    until = deadline() or time.monotonic() + FATE_SECONDS_OUTSIDE_A_REQUEST
    wait, longest = FATE_WAITS
    while True:
        try:
            status = db.session.execute(_STATUS_OF_TRANSACTION, {"xid": xid}).scalar()
            db.session.rollback()
        except DBAPIError:
            db.session.rollback()
            status = "unreachable"
        if status in ("committed", "aborted"):
            log.warning("lost commit settled", extra={"event": "db.commit_settled", "outcome": status})
            return status
        left = until - time.monotonic()
        if status is None or left <= 0:  # None: the id is too old for the server to remember
            raise unconfirmed from error
        # Asking again at the deadline itself, not before it: a retry arriving after the answer finds the
        # request's time (and so its hold on an Idempotency-Key) over.
        time.sleep(min(wait, left))
        wait = min(wait * 2, longest)
