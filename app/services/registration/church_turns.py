"""One registration at a time per church in this process, so a crowd registering for one church is refused cheaply.

A church has two slots. Without turns, a hundred registrations for it all passed the early slot check before
the first two committed, each then waited for a place, stored its documents and learned at the locked re-check
that the church was full. In turns, the third one onward find the church full at the early check, with one query
and no place, upload or file. The database's row lock stays the last word across instances.
"""
import threading
import time
from contextlib import contextmanager

from flask import current_app

from ...models import name_key
from ...web.deadline import time_left, timed_out


class ChurchTurns:
    """A lock per church being registered for, kept only while someone holds or awaits it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._turns = {}  # church name key -> [lock, how many hold or await it]

    @contextmanager
    def turn(self, key, timeout=None):
        """Hold the church `key`'s turn, giving the seconds it was awaited; RequestTimedOut if `timeout` seconds
        pass first (None: no limit)."""
        with self._lock:
            entry = self._turns.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            started = time.monotonic()
            if not entry[0].acquire(timeout=-1 if timeout is None else timeout):
                raise timed_out()
            try:
                yield time.monotonic() - started
            finally:
                entry[0].release()
        finally:
            with self._lock:
                entry[1] -= 1
                if not entry[1]:
                    del self._turns[key]


def church_turn(church_name):
    """This process's turn for `church_name` (giving the seconds it was awaited), awaited at most for what is left
    of the request's time."""
    turns = current_app.extensions.setdefault("church_turns", ChurchTurns())
    return turns.turn(name_key(church_name), time_left())
