"""Two app processes on one PostgreSQL and one Redis behave as one service."""
import os
import sys
import uuid
from functools import partial
from itertools import cycle

import pytest
import requests
from sqlalchemy import create_engine, text

from bench.processes import Process, free_port
from tests.support import payloads
from tests.support.together import at_the_same_moment

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")


@pytest.fixture
def two_instances(template_db, tmp_path):
    """Two run.py processes sharing a fresh database copy, a Redis rate-limit budget and an upload folder."""
    database_url = template_db.copy(tmp_path)
    prefix = f"icct-test-{uuid.uuid4().hex[:8]}"
    env = {"ENVIRONMENT": "development", "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "shared"),
           "RATELIMIT_ENABLED": "true", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
           "RATELIMIT_KEY_PREFIX": prefix, "RATELIMIT_PUBLIC": "30 per minute",
           "RATELIMIT_PUBLIC_READS": "30 per minute", "TRUSTED_PROXIES": "1",
           "LOG_LEVEL": "WARNING", "SMTP_HOST": "", "WAITRESS_THREADS": "8",
           # The test counts every outcome of registrations sent at once on a loaded machine: they queue for a
           # place and are never shed (admission control has its own tests).
           "ADMISSION_WAIT_SECONDS": "120"}
    processes = []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(Process([sys.executable, "run.py"], port, {**env, "PORT": str(port)},
                                     health="/health"))
        yield [p.url for p in processes], database_url
    finally:
        for process in processes:
            process.stop()
        template_db.discard(database_url)


def register(url, form, files, client_ip):
    """Post a registration as if from `client_ip` behind the trusted proxy."""
    return requests.post(f"{url}/api/register/team", data=form, files=files, timeout=120,
                         headers={"X-Forwarded-For": client_ip})


def test_two_instances_share_codes_church_limits_and_rate_limit(two_instances):
    """Concurrent registrations through both get gapless codes and respect the church limit; the per-IP
    budget is one budget across both processes."""
    urls, database_url = two_instances
    jobs = [payloads.registration(file_size=512, church=f"CSI Scale Church {payloads.letters(i + 1)}")
            for i in range(16)]
    jobs += [payloads.registration(file_size=512, church="CSI Immanuel Church Coimbatore") for _ in range(8)]
    targets = cycle(urls)
    responses = at_the_same_moment([partial(register, next(targets), form, files, f"198.51.100.{i + 1}")
                                    for i, (form, files) in enumerate(jobs)])
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 18 and statuses.count(409) == 6, statuses
    assert all(r.json()["error_code"] == "CHURCH_LIMIT_REACHED" for r in responses if r.status_code == 409)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        codes = sorted(connection.execute(text("SELECT code FROM team")).scalars())
        immanuel = connection.execute(text(
            "SELECT count(*) FROM team JOIN church ON church.id = team.church_id "
            "WHERE church.name = 'CSI Immanuel Church Coimbatore'")).scalar()
    engine.dispose()
    assert codes == [f"ICCT-{n:03d}" for n in range(1, 19)]
    assert immanuel == 2

    one_client = {"X-Forwarded-For": "203.0.113.77"}
    answers = [requests.get(f"{next(targets)}/api/churches/availability", headers=one_client, timeout=30)
               for _ in range(31)]
    assert [a.status_code for a in answers[:30]] == [200] * 30
    assert answers[30].status_code == 429 and answers[30].headers["Retry-After"]
    assert answers[30].json()["error_code"] == "RATE_LIMIT_EXCEEDED"
