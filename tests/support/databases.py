"""Throwaway test databases: a migrated template per session, copied per test (file copy or CREATE ... TEMPLATE)."""
import shutil
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


class TemplateDatabase:
    """Build one migrated, seeded database and hand out cheap copies of it."""

    # PostgreSQL copies made ahead of the tests that will take them: CREATE DATABASE and DROP DATABASE take
    # 0.2–2 s each on a busy server, so a background thread makes the next copies and drops the used ones
    # while tests run, instead of every test waiting for both.
    AHEAD = 2

    def __init__(self, server_url, workdir):
        self.server_url = server_url
        self.workdir = workdir
        self.postgres = bool(server_url)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-db") if self.postgres else None
        self._ready = deque()
        suffix = uuid.uuid4().hex[:8]
        self.name = f"icct_tmpl_{suffix}"
        self.uri = (str(make_url(server_url).set(database=self.name)) if self.postgres
                    else f"sqlite:///{workdir / 'template.db'}")

    def _admin(self):
        return create_engine(self.server_url, isolation_level="AUTOCOMMIT")

    def build(self, make_app):
        """Create the template with migrations and the setup command, as an operator would."""
        if self.postgres:
            engine = self._admin()
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.name}"'))
            engine.dispose()
        app = make_app(self.uri, self.workdir / "instance",
                       ADMIN_PASSWORD="admin-password-1", ADMIN_USERNAME="admin", ADMIN_EMAIL="admin@example.org")
        result = app.test_cli_runner().invoke(args=["setup"])
        assert result.exit_code == 0, result.output
        from app.extensions import db

        with app.app_context():
            db.session.remove()
            db.engine.dispose()

    def copy(self, tmp_path):
        """Return the URI of a fresh copy of the template."""
        if not self.postgres:
            target = tmp_path / "test.db"
            shutil.copyfile(self.workdir / "template.db", target)
            return f"sqlite:///{target}"
        while len(self._ready) <= self.AHEAD:
            self._ready.append(self._worker.submit(self._create_copy))
        name = self._ready.popleft().result()
        return str(make_url(self.server_url).set(database=name))

    def _create_copy(self):
        name = f"icct_test_{uuid.uuid4().hex[:10]}"
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"'))
            # A throwaway copy needs no commit to wait for the disk (SQLite's copies likewise run synchronous=OFF).
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit TO off'))
        engine.dispose()
        return name

    def discard(self, uri):
        """Drop a per-test copy in the background (PostgreSQL); SQLite copies go with the tmp folder."""
        if self.postgres:
            self._worker.submit(self._drop, make_url(uri).database)

    def drop(self):
        """Drop the copies made ahead and not taken, then the template itself."""
        if self.postgres:
            unused = [future.result() for future in self._ready]
            self._worker.shutdown(wait=True)
            for name in unused:
                self._drop(name)
            self._drop(self.name)

    def _drop(self, name):
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def release(app):
    """Close an app's sessions and connection pool, so its database copy can be dropped."""
    from app.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
