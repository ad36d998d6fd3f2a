"""Serve an app with waitress on an ephemeral loopback port in a background thread."""
import threading
from contextlib import contextmanager

import pytest

from run import GracefulStop, make_server


class LiveServer:
    """A running waitress server for one app; `url` is its base address, `app` the app it serves."""

    def __init__(self, app, threads=8):
        self.app = app
        self.server = make_server(app, "127.0.0.1", 0, threads=threads)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        # The same stop as run.py's SIGTERM: closing the server from this thread could pull a socket out from
        # under the loop's select() ("Bad file descriptor" in the server thread).
        GracefulStop(self.server, grace_seconds=5)()
        self.thread.join(timeout=10)
        self.server.task_dispatcher.shutdown(timeout=5)


@contextmanager
def serving_a_copy(template_db, folder, prepare=None):
    """A live server (4 threads) on its own copy of the template database in `folder`, for a whole module;
    `prepare(app)` seeds it first."""
    from tests.conftest import make_app
    from tests.support.databases import release

    uri = template_db.copy(folder)
    app = make_app(uri, folder / "instance")
    if prepare:
        prepare(app)
    try:
        with LiveServer(app, threads=4) as server:
            yield server
    finally:
        release(app)
        template_db.discard(uri)


@pytest.fixture
def csrf_server(app_factory):
    """A live server with CSRF protection on, as in production (tests switch it off by default)."""
    with LiveServer(app_factory(WTF_CSRF_ENABLED=True)) as server:
        yield server
