"""A short-lived per-process cache of public read answers, dropped whenever this process commits a change to them."""
import threading
import time

from flask import current_app, has_app_context
from sqlalchemy import event

from ..extensions import db


class ReadCache:
    """Values by key for at most `seconds`; `invalidate()` drops them all at once.

    Another instance's commits reach this one only when the entry expires, so `seconds` bounds how stale a
    public read can be across instances. Nothing that enforces a rule reads from here: registration checks
    slots under a row lock in its own transaction.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._entries = {}
        self._generation = 0

    def get_or_build(self, key, build):
        """The cached value for `key`, or `build()`'s result, cached unless a change landed while it ran."""
        if self.seconds <= 0:
            return build()
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry and entry[0] > now:
                return entry[1]
            generation = self._generation
        value = build()
        with self._lock:
            if generation == self._generation:  # a commit during build() may have made `value` stale already
                self._entries[key] = (now + self.seconds, value)
        return value

    def invalidate(self):
        """Forget every entry (this process committed a change)."""
        with self._lock:
            self._generation += 1
            self._entries.clear()


def read_cache():
    """The current app's cache of public reads."""
    return current_app.extensions["read_cache"]


def init_read_cache(app, watched):
    """Give the app its cache and drop it after any commit that changed one of the `watched` models."""
    app.extensions["read_cache"] = ReadCache(app.config["PUBLIC_READ_CACHE_SECONDS"])
    _listen_once(tuple(watched))


_listening = []


def _listen_once(watched):
    # `db.session` is one scoped session for every app in the process, so the listeners are installed once
    # and find the app to invalidate through current_app.
    if _listening:
        return
    _listening.append(watched)

    @event.listens_for(db.session, "after_flush")
    def _note_changes(session, _context):
        if any(isinstance(obj, watched) for obj in (*session.new, *session.dirty, *session.deleted)):
            session.info["public_reads_changed"] = True

    @event.listens_for(db.session, "after_commit")
    def _drop_after_commit(session):
        if (session.info.pop("public_reads_changed", False) and has_app_context()
                and "read_cache" in current_app.extensions):
            current_app.extensions["read_cache"].invalidate()

    @event.listens_for(db.session, "after_soft_rollback")
    def _forget_rolled_back(session, _previous):
        session.info.pop("public_reads_changed", None)
