"""Serve the app with waitress: `python run.py` (HOST, PORT, WAITRESS_* from the environment)."""
import gc
import logging
import signal
import sys
import threading
import time

from waitress import wasyncore
from waitress.channel import HTTPChannel

from app import create_app
from app.database import wait_for_database
from app.extensions import db
from app.services.waitlist.sweeper import start_waitlist_sweeper
from app.web.serving import GuardedServer

log = logging.getLogger("app.server")


def waitress_settings(config):
    """Waitress options from config; large buffers so multi-megabyte uploads are not spooled to disk."""
    return {
        "threads": config["WAITRESS_THREADS"],
        # Idle connections (keep-alive, or a body that stopped arriving) close after this long without traffic,
        # checked every second; a running request is never cut by it (app/web/deadline.py bounds those).
        "channel_timeout": config["WAITRESS_CHANNEL_TIMEOUT"],
        "cleanup_interval": 1,
        "inbuf_overflow": config["WAITRESS_INBUF_OVERFLOW"],
        "recv_bytes": config["WAITRESS_RECV_BYTES"],
        "connection_limit": config["WAITRESS_CONNECTION_LIMIT"],
        # poll() has no FD_SETSIZE (1024) ceiling, which select() hits once connections and files pass it.
        "asyncore_use_poll": True,
        "max_request_body_size": config["WAITRESS_MAX_BODY"],
        # Waitress strips X-Forwarded-* unless told not to; with TRUSTED_PROXIES > 0 the app's ProxyFix
        # decides which hops to trust, so the headers must reach it.
        "clear_untrusted_proxy_headers": config["TRUSTED_PROXIES"] == 0,
        "ident": "icct26",
    }


def make_server(app, host, port, threads=None):
    """The guarded waitress server for `app` on host:port (port 0: any free one), for run.py and the tests alike."""
    config = app.config
    settings = waitress_settings(config)
    if threads is not None:
        settings["threads"] = threads
    # Behind a proxy every connection comes from the proxy's address, so a per-address cap would cap everyone.
    per_address = config["WAITRESS_CONNECTIONS_PER_ADDRESS"] if config["TRUSTED_PROXIES"] == 0 else 0
    return GuardedServer(app, host=host, port=port, header_timeout=config["WAITRESS_HEADER_TIMEOUT"],
                         per_address=per_address, cors_origins=config["CORS_ORIGINS"], **settings)


def main():
    """Check the database, then serve until SIGTERM or Ctrl-C, letting running requests finish."""
    app = create_app()
    with app.app_context():
        if not wait_for_database(db.engine, app.config["DB_STARTUP_RETRIES"]):
            print("ERROR: the database did not answer at start-up; check DATABASE_URL.", file=sys.stderr)
            if app.config["ENVIRONMENT"] == "production":
                sys.exit(2)
    # The app's long-lived objects (routes, models, FAB's views, compiled statements) are hundreds of
    # thousands; moving them out of the collector's reach stops every full collection re-walking them.
    gc.collect()
    gc.freeze()
    # Only a serving process sweeps the waiting list: commands (`flask setup`, `db upgrade`) build the app too.
    start_waitlist_sweeper(app)
    server = make_server(app, app.config["HOST"], app.config["PORT"])
    stop = GracefulStop(server, app.config["SHUTDOWN_GRACE_SECONDS"])
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"ICCT26 Tournament Desk serving on http://{app.config['HOST']}:{app.config['PORT']}", flush=True)
    try:
        server.run()  # returns when GracefulStop has closed every connection
    finally:
        server.task_dispatcher.shutdown(timeout=5)
        shut_down(app)


class GracefulStop:
    """The SIGTERM handler: stop accepting at once, let requests in flight finish, then end the server loop.

    Waitress has no graceful stop of its own: closing the server also closes the trigger its worker threads
    use to hand responses back, so a request in flight was reset.
    """

    def __init__(self, server, grace_seconds):
        self.server, self.grace_seconds, self.started = server, grace_seconds, False

    def __call__(self, *_signal):
        if self.started:
            return
        self.started = True
        # A signal handler may interrupt the loop between building its select() lists and calling select(),
        # so nothing is closed here: a thread hands the work to the loop through waitress's trigger.
        threading.Thread(target=self._stop, name="graceful-stop", daemon=True).start()

    def _stop(self):
        log.info("stopping", extra={"event": "server.stopping"})
        self.server.trigger.pull_trigger(self._stop_accepting)
        deadline = time.monotonic() + self.grace_seconds
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.05)
        # Closing every channel (and the trigger) empties the map, and the loop returns.
        try:
            self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        except OSError:
            pass  # the trigger is already closed: the loop has ended on its own

    def _stop_accepting(self):
        self.server.accepting = False
        self.server.del_channel()
        self.server.socket.close()

    def _busy(self):
        """A request is being received, run or sent back."""
        dispatcher = self.server.task_dispatcher
        channels = [c for c in list(self.server._map.values()) if isinstance(c, HTTPChannel)]
        return bool(dispatcher.active_count or dispatcher.queue or any(
            c.request is not None or c.requests or c.total_outbufs_len for c in channels))


def shut_down(app):
    """After the last request: stop the background threads (outbox sender, waiting-list sweeper) between rounds
    and close the database pool."""
    for name in ("outbox_sender", "waitlist_sweeper"):
        worker = app.extensions.get(name)
        if worker is not None:
            worker.stop()
    with app.app_context():
        db.engine.dispose()
    log.info("stopped", extra={"event": "server.stopped"})


if __name__ == "__main__":
    main()
