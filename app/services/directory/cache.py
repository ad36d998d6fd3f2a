"""A short-lived per-process cache of public read answers, dropped whenever this process commits a change to them."""
import threading
import time

from flask import current_app, has_app_context
from sqlalchemy import event

from ...extensions import db
from ...models import Church, Match, Player, Team, Tournament, WaitingEntry

# The cached reads (availability, teams, schedule, standings) are built from these (open waiting-list offers hold
# slots); a commit touching one drops them.
CACHED_MODELS = (Team, Player, Church, Match, Tournament, WaitingEntry)


class ReadCache:
    """Values by key for at most `seconds`; `invalidate()` drops them all at once.

    Another instance's commits reach this one only when the entry expires, so `seconds` bounds how stale a
    public read can be across instances. Nothing that enforces a rule reads from here: registration checks
    slots under a row lock in its own transaction.
    """

    def __init__(self, seconds, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock  # tests pass a clock they move themselves
        self._lock = threading.Lock()
        self._entries = {}
        self._building = {}  # key -> the _Build in progress, which other askers of that key wait for
        self._generation = 0

    def get_or_build(self, key, build):
        """The cached value for `key`, or `build()`'s result, cached unless a change landed while it ran.

        One build per key at a time: askers that miss while it runs wait for its value. Without that, under
        load every thread built the 1,000-team list at once, each build took longer than the entry's lifetime
        (which counts from the build's start, the state it read), and no request was ever answered from the cache.
        """
        if self.seconds <= 0:
            return build()
        while True:
            now = self.clock()
            with self._lock:
                entry = self._entries.get(key)
                if entry and entry[0] > now:
                    return entry[1]
                pending = self._building.get(key)
                owner = pending is None
                if owner:
                    pending = self._building[key] = _Build(self._generation)
            if owner:
                return self._build(key, build, pending, now)
            pending.done.wait()
            if pending.current:  # else it failed, or a commit during it made its value stale: ask again
                return pending.value

    def fresh(self, key):
        """The value cached for `key` while it is fresh, else None; nothing is built or waited for."""
        entry = self._entries.get(key)  # one dict read, atomic: no lock on the fast read path
        return entry[1] if entry and entry[0] > self.clock() else None

    def _build(self, key, build, pending, started):
        """Run `build()` for the askers of `key`, store its value while no commit came in between."""
        try:
            value = build()
        except BaseException:
            with self._lock:
                del self._building[key]
            pending.done.set()
            raise
        with self._lock:
            pending.value, pending.current = value, pending.generation == self._generation
            if pending.current:  # a commit during build() may have made `value` stale already
                self._entries[key] = (started + self.seconds, value)
            del self._building[key]
        pending.done.set()
        return value

    def invalidate(self):
        """Forget every entry (this process committed a change)."""
        with self._lock:
            self._generation += 1
            self._entries.clear()


class _Build:
    """One build of a key in progress: the generation it started in, then its value once done."""

    def __init__(self, generation):
        self.generation = generation
        self.done = threading.Event()
        self.value, self.current = None, False


def read_cache():
    """The current app's cache of public reads."""
    return current_app.extensions["read_cache"]


def init_read_cache(app):
    """Give the app its cache, dropped after any commit that changed a team, church or the tournament."""
    app.extensions["read_cache"] = ReadCache(app.config["PUBLIC_READ_CACHE_SECONDS"])
    if not event.contains(db.session, "after_commit", _drop_after_commit):
        # `db.session` is one scoped session for every app in the process: the listeners are installed once
        # and find the app to invalidate through current_app.
        event.listen(db.session, "after_flush", _note_changes)
        event.listen(db.session, "after_commit", _drop_after_commit)
        event.listen(db.session, "after_soft_rollback", _forget_rolled_back)


def note_change():
    """Drop the cached reads when the current transaction commits (for changes made without the ORM)."""
    db.session.info["public_reads_changed"] = True


def _note_changes(session, _context):
    if any(isinstance(obj, CACHED_MODELS) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info["public_reads_changed"] = True


def _drop_after_commit(session):
    if session.info.pop("public_reads_changed", False) and has_app_context() \
            and "read_cache" in current_app.extensions:
        current_app.extensions["read_cache"].invalidate()


def _forget_rolled_back(session, _previous):
    session.info.pop("public_reads_changed", None)
