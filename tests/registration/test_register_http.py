"""Registration over real HTTP against waitress, with documents going to a fake Cloudinary through the real SDK."""
import threading
import time
from functools import partial

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import CodeCounter, Document, PendingDeletion, Team
from tests.support.together import at_the_same_moment
from tests.support.waiting import wait_for


def team_codes(app):
    """Codes of every stored team, sorted."""
    with app.app_context():
        codes = sorted(db.session.scalars(select(Team.code)))
        db.session.remove()
        return codes


def test_complete_registration_over_http(cloud_app, cloud_server, fake_cloudinary, payload, send):
    """11 players: 201 with the code; 25 private documents live on Cloudinary as authenticated assets."""
    form, files = payload(file_size=4096)
    response = send(cloud_server.url, form, files)
    assert response.status_code == 201, response.text
    assert response.json()["team_id"] == "ICCT-001"
    assert response.headers["X-Request-ID"]
    assets = fake_cloudinary.live_assets
    assert len(assets) == 25 and all(kind == "authenticated" for _rtype, kind, _id in assets)
    with cloud_app.app_context():
        documents = db.session.scalars(select(Document)).all()
        assert len(documents) == 25 and {d.backend for d in documents} == {"cloudinary"}
        db.session.remove()


def test_upload_failure_midway_leaves_no_row_and_no_file(cloud_app, cloud_server, fake_cloudinary, payload, send,
                                                         clock):
    """Ten uploads succeed, the rest fail: 503, no team, no code burnt; each uploaded file is deleted or, while
    the breaker is open, queued for deletion and swept by the next registration once storage works again."""
    fake_cloudinary.fail_uploads_after(10)
    response = send(cloud_server.url, *payload())
    assert response.status_code == 503 and response.json()["error_code"] == "UPLOAD_UNAVAILABLE"
    assert "Traceback" not in response.text
    assert team_codes(cloud_app) == []
    with cloud_app.app_context():
        queued = {row.storage_key for row in db.session.scalars(select(PendingDeletion))}
        db.session.remove()
    # Cloudinary drops an image's extension from its public id.
    assert all(any(key.startswith(public_id) for key in queued) for _r, _t, public_id in fake_cloudinary.live_assets)
    fake_cloudinary.fail_uploads_after(None)
    clock.advance(60)  # the breaker half-opens
    second = send(cloud_server.url, *payload())
    assert second.json()["team_id"] == "ICCT-001"
    assert len(fake_cloudinary.live_assets) == 25
    with cloud_app.app_context():
        assert db.session.query(PendingDeletion).count() == 0
        db.session.remove()


def test_breaker_opens_then_recovers(cloud_app, cloud_server, fake_cloudinary, payload, send, clock):
    """Storage down: the breaker opens and refuses at once without calling out; after the reset it recovers."""
    fake_cloudinary.set_down(True)
    assert send(cloud_server.url, *payload()).status_code == 503
    seen = fake_cloudinary.requests
    refused = send(cloud_server.url, *payload())
    assert refused.status_code == 503 and refused.json()["error_code"] == "UPLOAD_UNAVAILABLE"
    assert fake_cloudinary.requests == seen, "an open breaker must not call the storage"
    fake_cloudinary.set_down(False)
    clock.advance(59)
    assert send(cloud_server.url, *payload()).status_code == 503, "the breaker stays open until its reset"
    clock.advance(1)
    recovered = send(cloud_server.url, *payload())
    assert recovered.status_code == 201, recovered.text
    assert team_codes(cloud_app) == ["ICCT-001"]


def test_replay_with_the_same_key_returns_the_first_response(cloud_app, cloud_server, payload, send):
    """Same key and body: the original status and body, marked as a replay; nothing new stored."""
    form, files = payload()
    headers = {"Idempotency-Key": "replay-key-1"}
    first = send(cloud_server.url, form, files, headers)
    second = send(cloud_server.url, form, files, headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert team_codes(cloud_app) == ["ICCT-001"]


def test_same_key_with_a_different_body_is_refused(cloud_server, payload, send):
    """Reusing a key for another registration: 422 IDEMPOTENCY_KEY_REUSED."""
    headers = {"Idempotency-Key": "reused-key"}
    assert send(cloud_server.url, *payload(), headers).status_code == 201
    refused = send(cloud_server.url, *payload(), headers)
    assert refused.status_code == 422 and refused.json()["error_code"] == "IDEMPOTENCY_KEY_REUSED"


def test_concurrent_duplicate_gets_409(cloud_app, cloud_server, fake_cloudinary, payload, send):
    """While the first request with a key is still uploading, a second one with the same key gets 409."""
    fake_cloudinary.hold()
    form, files = payload()
    headers = {"Idempotency-Key": "concurrent-key"}
    results = {}
    first = threading.Thread(target=lambda: results.setdefault("first", send(cloud_server.url, form, files, headers)))
    first.start()
    wait_for(lambda: fake_cloudinary.waiting_at_gate > 0)  # the first is uploading now
    second = send(cloud_server.url, form, files, headers)
    fake_cloudinary.release()
    first.join()
    assert second.status_code == 409 and second.json()["error_code"] == "IDEMPOTENCY_IN_PROGRESS"
    assert results["first"].status_code == 201
    assert team_codes(cloud_app) == ["ICCT-001"]


def test_concurrent_registrations_get_distinct_gapless_codes(cloud_app, cloud_server, payload, send):
    """50 registrations at once from 50 threads: 50 codes ICCT-001..050, none skipped or repeated."""
    jobs = [payload(players=11, file_size=512, church=f"CSI Test Church {i}") for i in range(50)]
    responses = at_the_same_moment([partial(send, cloud_server.url, *job, timeout=120) for job in jobs])
    assert [r.status_code for r in responses] == [201] * 50, {r.status_code: r.text for r in responses}
    expected = [f"ICCT-{n:03d}" for n in range(1, 51)]
    assert sorted(r.json()["team_id"] for r in responses) == expected
    assert team_codes(cloud_app) == expected
    with cloud_app.app_context():
        assert db.session.get(CodeCounter, "team").next_value == 51
        db.session.remove()


def test_concurrent_registrations_for_one_church_respect_the_slot_limit(cloud_app, cloud_server, fake_cloudinary,
                                                                         payload, send):
    """20 at once for one church: exactly 2 accepted, 18 CHURCH_LIMIT_REACHED, no orphan files."""
    jobs = [payload(file_size=512, church="CSI Christ Church Gandhipuram") for _ in range(20)]
    responses = at_the_same_moment([partial(send, cloud_server.url, *job, timeout=120) for job in jobs])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 2 + [409] * 18, statuses
    refused = [r.json() for r in responses if r.status_code == 409]
    assert all(body["error_code"] == "CHURCH_LIMIT_REACHED" and "Maximum 2 teams" in body["message"]
               for body in refused)
    assert team_codes(cloud_app) == ["ICCT-001", "ICCT-002"]
    assert len(fake_cloudinary.live_assets) == 2 * 25


@pytest.mark.parametrize("shared, error_code", [({"team_name": "Salem Strikers"}, "DUPLICATE_TEAM"),
                                                 ({"captain_email": "same.captain@example.org"}, "DUPLICATE_CAPTAIN")])
def test_concurrent_clash_across_churches_gets_the_specific_refusal(cloud_app, cloud_server, fake_cloudinary,
                                                                    payload, send, shared, error_code):
    """Ten at once with one team name (or captain) in ten churches: one 201, nine 409s with the specific code,
    whether the rule check or the unique index catches the race; refused uploads are deleted."""
    jobs = [payload(file_size=512, church=f"CSI Clash Church {i}", **shared) for i in range(10)]
    responses = at_the_same_moment([partial(send, cloud_server.url, *job, timeout=120) for job in jobs])
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9, [r.text[:200] for r in responses]
    assert {r.json()["error_code"] for r in responses if r.status_code == 409} == {error_code}
    assert team_codes(cloud_app) == ["ICCT-001"]
    assert len(fake_cloudinary.live_assets) == 25


def test_slow_storage_ends_in_504_within_the_limit(app_factory, fake_cloudinary, payload, send):
    """Uploads slower than the request limit: 504 REQUEST_TIMEOUT at about the limit, and every file that
    still arrives afterwards is deleted, so nothing is left behind."""
    from tests.support.live_server import LiveServer

    app = app_factory(CLOUDINARY_URL=fake_cloudinary.cloudinary_url, REQUEST_TIMEOUT=2, UPLOAD_CONCURRENCY=4)
    fake_cloudinary.delay(1.5)
    with LiveServer(app) as server:
        started = time.monotonic()
        response = send(server.url, *payload(file_size=512))
        elapsed = time.monotonic() - started
    assert response.status_code == 504 and response.json()["error_code"] == "REQUEST_TIMEOUT"
    assert elapsed < 8  # at the 2 s limit plus a loaded machine's slack; the uploads alone would take over 10 s
    assert team_codes(app) == []
    wait_for(lambda: not fake_cloudinary.live_assets)
