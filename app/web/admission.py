"""Admission control for the writes that carry documents: a bounded wait for a place, else 503 with Retry-After.

A registration costs tens of milliseconds of one GIL; past what the process can serve, more of them at once only
queue (in waitress's task queue, invisible to the app) and every answer slows, until clients time out and send
again. Instead each such write waits at most ADMISSION_WAIT_SECONDS for one of ADMISSION_SLOTS places, counted
from when waitress queued it (app/web/serving.py stamps the time), and otherwise is answered at once: 503
SERVER_BUSY with a Retry-After, nothing stored. Reads and admin pages never wait here.

Draft documents and replacements take their place before anything reads them. A registration takes it inside the
service (`place()`), once its form is read and the cheap checks passed: a refusal (a full church, a taken name) is
answered without a place, so a crowd registering for one church gets its 409s, not 503s.
"""
import math
import threading
import time
from collections import deque
from contextlib import contextmanager, nullcontext

from flask import current_app, g, has_request_context, request

from ..lazy_text import _l
from .endpoints import REGISTRATION_ENDPOINTS
from .errors import AppError

# The environ key under which the server puts the monotonic time it queued the request (absent elsewhere, e.g.
# under the test client: the wait then counts from the app's first look at the request).
QUEUED_AT = "icct26.queued_at"
RECEIVED_FROM = "icct26.received_from"  # ... and the time the request's first byte arrived
# Admitted before their hooks read the body; registrations are admitted by the service (see above).
ADMITTED_ON_ARRIVAL = frozenset({"drafts.upload", "public.status_replace"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# How far a Retry-After may point: past this a client should rather hear from us again.
LONGEST_RETRY_AFTER = 30


class Gate:
    """`slots` places, handed first come first served; a waiter gives up at its deadline.

    A freed place goes straight to the longest waiter, so a newcomer never overtakes the queue (with a plain
    semaphore it could, and the overtaken waiters ran out of time instead).
    """

    def __init__(self, slots):
        self.slots = slots
        self._lock = threading.Lock()
        self._free = slots
        self._waiters = deque()
        self._service = 0.05  # seconds a place is held, a moving average: what Retry-After is estimated from

    def enter(self, deadline):
        """Take a place, waiting until `deadline` (monotonic) at most; True when taken, False once past it."""
        with self._lock:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                # Already waited its longest (in the server's queue): serving it now would keep a standing queue
                # of late requests, each as slow as the last, even with a place free.
                return False
            if self._free and not self._waiters:
                self._free -= 1
                return True
            handed = threading.Event()
            self._waiters.append(handed)
        if handed.wait(remaining):
            return True
        with self._lock:
            if handed.is_set():  # handed a place between the timeout and the lock
                return True
            self._waiters.remove(handed)
            return False

    def leave(self, held_for):
        """Give a place back (to the longest waiter, if any) after holding it `held_for` seconds."""
        with self._lock:
            self._service += (held_for - self._service) / 8
            if self._waiters:
                self._waiters.popleft().set()
            else:
                self._free += 1

    def retry_after(self):
        """Whole seconds until a place is likely free for a request sent again now (at least 1)."""
        with self._lock:
            queued = len(self._waiters) + 1
            estimate = queued * self._service / self.slots
        return min(LONGEST_RETRY_AFTER, max(1, math.ceil(estimate)))

    def expected_wait(self):
        """Seconds a request arriving now would likely wait for a place (0 when one is free)."""
        with self._lock:
            if self._free and not self._waiters:
                return 0.0
            return (len(self._waiters) + 1) * self._service / self.slots

    def waiting(self):
        """How many requests wait for a place now."""
        with self._lock:
            return len(self._waiters)


def busy_message(seconds):
    """What a refused captain or client reads."""
    return _l("We are receiving more registrations than we can take at this moment. Nothing was saved: please "
              "send again in %(seconds)d seconds.", seconds=seconds)


class ServerBusy(AppError):
    """No place came free in time: nothing was stored, send again after Retry-After seconds."""

    status = 503
    error_code = "SERVER_BUSY"

    def __init__(self, seconds):
        super().__init__(busy_message(seconds), details={"retry_after": seconds},
                         headers={"Retry-After": str(seconds)})


def _take_place(extra_wait=0.0):
    """Wait for a place until this request's admission deadline (`extra_wait` seconds later); raise ServerBusy
    past it."""
    gate, metrics = current_app.extensions["admission"], current_app.extensions["metrics"]
    now = time.monotonic()
    queued_at = request.environ.get(QUEUED_AT, now)
    metrics["phases"].labels("receive").observe(queued_at - request.environ.get(RECEIVED_FROM, queued_at))
    admitted = gate.enter(queued_at + extra_wait + current_app.config["ADMISSION_WAIT_SECONDS"])
    metrics["phases"].labels("queue").observe(time.monotonic() - queued_at)
    if not admitted:
        raise _refusal(gate)
    g.admitted_at = time.monotonic()


def place(extra_wait=0.0):
    """A context holding one of this process's places for a document-carrying write (ServerBusy if none comes in
    time; `extra_wait`: seconds the request spent waiting on something else, added to its allowance); a no-op
    outside a request, without admission control, or when the request holds one already."""
    if not has_request_context() or "admission" not in current_app.extensions or g.get("admitted_at"):
        return nullcontext()
    return _holding_place(extra_wait)


@contextmanager
def _holding_place(extra_wait):
    _take_place(extra_wait)
    try:
        yield
    finally:
        _release()


def _admit():
    """Let a draft document or a replacement in before anything reads its body, or answer 503; answer a
    registration 503 at once, unread, when the places are so far behind that it could not get one in time."""
    if request.method in SAFE_METHODS:
        return None
    if request.endpoint in ADMITTED_ON_ARRIVAL:
        _take_place()  # ServerBusy is answered by the error handlers, as a page for the form
    elif request.endpoint in REGISTRATION_ENDPOINTS:
        # Reading and checking a registration that will be refused anyway costs as much as a few reads; under
        # overload those refusals took CPU from the registrations being served. Only while others already queue
        # for a place: a crowd for one church waits for the church's turn instead, and is mostly refused 409
        # without ever needing a place.
        # The time it already spent in the server's queue is not counted here: in a crowd for one church that
        # queue is long while the places are not, and those requests end as cheap 409s.
        gate = current_app.extensions["admission"]
        if gate.waiting() and gate.expected_wait() > current_app.config["ADMISSION_WAIT_SECONDS"]:
            raise _refusal(gate)
    return None


def _refusal(gate):
    """The ServerBusy for this request, counted in the metrics."""
    current_app.extensions["metrics"]["shed"].labels(request.endpoint or "unmatched").inc()
    return ServerBusy(gate.retry_after())


def _release(_error=None):
    admitted_at = g.pop("admitted_at", None)
    if admitted_at is not None:
        held_for = time.monotonic() - admitted_at
        current_app.extensions["admission"].leave(held_for)
        current_app.extensions["metrics"]["phases"].labels("service").observe(held_for)


def init_admission(app):
    """Gate the document-carrying writes; draft documents and replacements are checked before every other hook,
    so nothing reads the body of a refused one (CSRF's check would parse a whole form)."""
    if app.config["ADMISSION_SLOTS"] <= 0:
        return
    app.extensions["admission"] = Gate(app.config["ADMISSION_SLOTS"])
    app.before_request_funcs.setdefault(None, []).insert(0, _admit)
    app.teardown_request(_release)
