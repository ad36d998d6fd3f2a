"""A monotonic clock that only moves when a test moves it, so no test waits for wall-clock time to pass."""
import threading


class ManualClock:
    """Callable like `time.monotonic`; `advance(seconds)` moves it forward."""

    def __init__(self, start=1000.0):
        self._now = start
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            return self._now

    def advance(self, seconds):
        """Move the clock forward by `seconds`."""
        with self._lock:
            self._now += seconds
