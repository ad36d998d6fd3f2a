"""Background work in a process: one daemon thread running a task every so many seconds until it is stopped."""
import logging
import threading

from ...extensions import db

log = logging.getLogger("app.periodic")


class PeriodicWork:
    """Calls `work()` in an app context every `interval` seconds; a failing round is logged as `failure_event`
    and rolled back, and the loop goes on."""

    def __init__(self, app, name, interval, work, failure_event):
        """`work` runs in an app context every `interval` seconds; `failure_event` names a failed round's log."""
        self.app, self.name, self.interval, self.work = app, name, float(interval), work
        self.failure_event = failure_event
        self._stop = threading.Event()
        self._thread = None

    def run_forever(self):
        """Run a round every `interval` seconds until `stop()`."""
        while not self._stop.is_set():
            with self.app.app_context():
                try:
                    self.work()
                except Exception:  # one failed round (database restarting, say) must not end the loop
                    log.exception(f"{self.name} round failed", extra={"event": self.failure_event})
                    db.session.rollback()
                finally:
                    db.session.remove()
            self._stop.wait(self.interval)

    def start(self):
        """Run in a daemon thread named after the work; return the thread."""
        self._thread = threading.Thread(target=self.run_forever, name=self.name, daemon=True)
        self._thread.start()
        return self._thread

    @property
    def running(self):
        """True while the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout=10):
        """Ask the thread to finish its current round and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
