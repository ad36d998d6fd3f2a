"""A slow COMMIT whose reply is lost: its transaction's own fate decides, and a keyed retry gets the stored team."""
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tests.conftest import make_app
from tests.faults.test_database_outage import assert_clean_failure, assert_whole_and_gapless, upload_files, wait_ready
from tests.support import payloads
from tests.support.databases import release
from tests.support.live_server import LiveServer
from tests.support.tcp_proxy import TcpProxy
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")]

# Installed in the test's own database copy only: every COMMIT that stored a team sleeps 3 s first, and the
# first `failing` of them then fail (a sequence counts them, since it is not rolled back with the COMMIT).
SLOW_COMMIT = """
CREATE SEQUENCE commit_faults;
CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_sleep(3);
    IF nextval('commit_faults') <= {failing} THEN
        RAISE EXCEPTION 'this COMMIT fails';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON team DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION slow_commit();
"""


@pytest.fixture
def slow_commits(template_db, tmp_path):
    """Return a callable starting a live server whose database COMMITs a new team slowly, through a cuttable
    proxy; it takes how many of those COMMITs fail and setting overrides, and returns (server, proxy, URI)."""
    stack = ExitStack()

    def start(failing=0, **overrides):
        uri = template_db.copy(tmp_path)
        stack.callback(template_db.discard, uri)
        run_sql(uri, SLOW_COMMIT.format(failing=failing))
        real = make_url(uri)
        proxy = stack.enter_context(TcpProxy(real.host or "127.0.0.1", real.port or 5432))
        app = make_app(real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
                       tmp_path / "instance", **overrides)
        stack.callback(dispose, app)
        return stack.enter_context(LiveServer(app, threads=8)), proxy, uri

    with stack:
        yield start


def dispose(app):
    """Close the app's database connections."""
    release(app)


def run_sql(uri, sql):
    """Run `sql` straight on the server (not through the proxy); return the first column of its last row."""
    engine = create_engine(uri, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        result = connection.exec_driver_sql(sql)
        value = result.scalar() if result.returns_rows else None
    engine.dispose()
    return value


def commit_in_progress(uri):
    """True while a COMMIT of this database sleeps in the slow-commit trigger."""
    return run_sql(uri, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND query = 'COMMIT' AND wait_event = 'PgSleep'") > 0



def post(server, form, files, key=None):
    """POST a registration, with an Idempotency-Key when given; return the response."""
    headers = {"Idempotency-Key": key} if key else {}
    return requests.post(f"{server.url}/api/register/team", data=form, files=files, headers=headers, timeout=90)


def cut_during_commit(server, proxy, uri, form, files, key=None, restore_when=None):
    """Send a registration, cut the link while its COMMIT runs, restore it once `restore_when()` holds (or
    never); return the response."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        sent = pool.submit(post, server, form, files, key)
        wait_for(lambda: commit_in_progress(uri) or sent.done())
        assert not sent.done(), sent.result().text[:300]
        proxy.cut()
        if restore_when:
            wait_for(restore_when)
            assert commit_in_progress(uri), "the link came back only after the COMMIT ended: nothing was tested"
            proxy.restore()
        return sent.result()


def named_files_exist(uri, tmp_path):
    """Every document row names a file that is still on disk."""
    keys = run_sql(uri, "SELECT coalesce(json_agg(storage_key), '[]') FROM document")
    root = tmp_path / "instance" / "uploads"
    on_disk = {"/".join(path.relative_to(root).parts[1:]) for path in upload_files(tmp_path)}  # under private/, public/
    return bool(keys) and all(key in on_disk for key in keys)


@pytest.mark.parametrize("failing, church", [(0, "CSI Slow Commit Church"), (1, "CSI Aborted Commit Church")],
                         ids=["still-running-is-awaited", "failed-is-repeated"])
def test_a_commit_whose_link_returns_is_followed_to_its_fate(slow_commits, tmp_path, failing, church):
    """The COMMIT takes 3 s and the link drops during it, then returns while it still runs. If it then succeeds,
    the team is not visible yet, but that is not 'not stored': the app follows the transaction's own fate to
    'committed' and answers 201, instead of repeating the work into a DUPLICATE_TEAM that deletes the stored team's
    files. If it fails, its fate is 'aborted', so the work is safely repeated (with the same files). Either way the
    team is stored once, as ICCT-001."""
    server, proxy, uri = slow_commits(failing=failing)
    form, files = payloads.registration(church=church)
    response = cut_during_commit(server, proxy, uri, form, files, restore_when=lambda: proxy.refused > 0)
    assert response.status_code == 201, response.text[:300]
    assert response.json()["team_id"] == "ICCT-001"
    assert assert_whole_and_gapless(uri) == 1
    assert len(upload_files(tmp_path)) == 25 and named_files_exist(uri, tmp_path)


def retried_after_a_lost_outcome(slow_commits, church, key, failing):
    """A keyed registration whose COMMIT (failing or not) stays unanswered past the request's 6 s: it fails
    cleanly; once the link is back the same request is retried and answers 201. Returns (server, database uri,
    form, files, the retry's response)."""
    server, proxy, uri = slow_commits(failing=failing, REQUEST_TIMEOUT=6)
    form, files = payloads.registration(church=church)
    assert_clean_failure(cut_during_commit(server, proxy, uri, form, files, key=key))
    proxy.restore()
    assert wait_ready(server).status_code == 200
    retry = post(server, form, files, key=key)
    assert retry.status_code == 201, retry.text[:300]
    return server, uri, form, files, retry


def test_outcome_lost_past_the_deadline_reaches_the_captain_on_retry(slow_commits, tmp_path):
    """The link stays down past the request's time: 503, and the files stay. The team was stored, and its
    Idempotency-Key record finished in the same transaction, so the captain's retry with the same key and body
    gets the stored team's 201 and code at once (not 409 IDEMPOTENCY_IN_PROGRESS, nor DUPLICATE_TEAM)."""
    server, uri, form, files, retry = retried_after_a_lost_outcome(slow_commits, "CSI Lost Outcome Church",
                                                                   "lost-outcome-1", failing=0)
    assert retry.json()["team_id"] == "ICCT-001" and retry.headers["Idempotent-Replayed"] == "true"
    assert assert_whole_and_gapless(uri) == 1
    assert len(upload_files(tmp_path)) == 25 and named_files_exist(uri, tmp_path)


def test_retry_takes_over_a_key_whose_owner_ended_without_storing(slow_commits, tmp_path):
    """The COMMIT fails while the link is down, so the first request ends at its deadline not knowing; its key
    record stays 'running'. A retry with the same key and body right after does not wait for a stale timeout:
    the owner's time is up, so it takes the key over and registers the team."""
    server, uri, form, files, retry = retried_after_a_lost_outcome(slow_commits, "CSI Failed Commit Church",
                                                                   "failed-commit-1", failing=1)
    assert retry.json()["team_id"] == "ICCT-001" and "Idempotent-Replayed" not in retry.headers
    again = post(server, form, files, key="failed-commit-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == retry.json()
    assert assert_whole_and_gapless(uri) == 1
    assert named_files_exist(uri, tmp_path)
