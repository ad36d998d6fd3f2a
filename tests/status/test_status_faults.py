"""A replacement while storage is down, and the status page's own rate limits and log lines."""
import io
import json
import threading
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import PendingDeletion
from tests.status.conftest import documents_of
from tests.support.payloads import jpeg_bytes
from tests.support.waiting import wait_for


def test_old_file_is_queued_while_storage_is_down_and_gone_after_the_sweep(cloud_app, fake_cloudinary, clock,
                                                                           problem_team, team_state):
    """The new file reaches Cloudinary, then storage goes down before the old one can be deleted: the
    replacement still succeeds, the old file is queued, and `sweep-uploads` deletes it once storage is back."""
    team_id, token = problem_team(on=cloud_app)
    old_id, old_key, _sha, _verdict = documents_of(cloud_app, team_id)[("aadhar", 1)]
    assert any(public_id == old_key for _rtype, _type, public_id in fake_cloudinary.live_assets)
    client, answers = cloud_app.test_client(), []
    fake_cloudinary.hold()

    def replace():
        answers.append(client.post(f"/status/{token}", content_type="multipart/form-data",
                                   data={f"document_{old_id}": (io.BytesIO(jpeg_bytes(3000)), "scan.jpg")}))

    worker = threading.Thread(target=replace)
    worker.start()
    wait_for(lambda: fake_cloudinary.waiting_at_gate == 1)  # the new file's upload is on its way
    fake_cloudinary.set_down(True)  # every later call (the old file's deletion) finds storage down
    fake_cloudinary.release()
    worker.join(60)
    assert answers[0].status_code == 303, answers[0].get_data(as_text=True)[:500]
    assert team_state(team_id)[0] == "pending"
    new_key = documents_of(cloud_app, team_id)[("aadhar", 1)][1]
    with cloud_app.app_context():
        queued = db.session.scalars(select(PendingDeletion.storage_key)).all()
        db.session.remove()
    assert queued == [old_key]
    live = {public_id for _rtype, _type, public_id in fake_cloudinary.live_assets}
    assert old_key in live and any(public_id.startswith(new_key.rsplit(".", 1)[0]) for public_id in live)

    fake_cloudinary.set_down(False)
    clock.advance(60)  # the storage breaker half-opens
    result = cloud_app.test_cli_runner().invoke(args=["sweep-uploads"])
    assert result.exit_code == 0, result.output
    live = {public_id for _rtype, _type, public_id in fake_cloudinary.live_assets}
    assert old_key not in live and any(public_id.startswith(new_key.rsplit(".", 1)[0]) for public_id in live)
    with cloud_app.app_context():
        assert db.session.scalar(select(PendingDeletion.id)) is None
        db.session.remove()


def test_the_old_file_is_queued_before_its_deletion_is_tried_and_stays_queued_when_refused(
        cloud_app, fake_cloudinary, clock, problem_team, team_state):
    """The old file's deletion is queued in the replacement's own transaction: while its deletion call is on
    its way (a crash now would leave it to the sweep, not orphaned) the queue already names it; storage refusing
    that call leaves it queued, and `sweep-uploads` deletes it once storage answers again."""
    team_id, token = problem_team(on=cloud_app)
    old_id, old_key, _sha, _verdict = documents_of(cloud_app, team_id)[("aadhar", 1)]
    client, answers = cloud_app.test_client(), []
    fake_cloudinary.hold()
    before = fake_cloudinary.requests

    def replace():
        answers.append(client.post(f"/status/{token}", content_type="multipart/form-data",
                                   data={f"document_{old_id}": (io.BytesIO(jpeg_bytes(3000)), "scan.jpg")}))

    def queued():
        with cloud_app.app_context():
            rows = db.session.execute(select(PendingDeletion.storage_key, PendingDeletion.attempts)).all()
            db.session.remove()
        return [tuple(row) for row in rows]

    worker = threading.Thread(target=replace)
    worker.start()
    wait_for(lambda: fake_cloudinary.waiting_at_gate == 1)  # the new file's upload
    fake_cloudinary.fail_next(100)  # every later call, the old file's deletion and its retries, is refused
    fake_cloudinary.release()
    fake_cloudinary.hold()
    wait_for(lambda: fake_cloudinary.requests == before + 2 and fake_cloudinary.waiting_at_gate == 1)
    assert queued() == [(old_key, 0)]  # committed with the swap, before storage was asked to delete
    assert documents_of(cloud_app, team_id)[("aadhar", 1)][1] != old_key
    fake_cloudinary.release()
    worker.join(60)
    assert answers[0].status_code == 303, answers[0].get_data(as_text=True)[:500]
    assert team_state(team_id)[0] == "pending"
    assert queued() == [(old_key, 1)]
    assert any(public_id == old_key for _rtype, _type, public_id in fake_cloudinary.live_assets)

    fake_cloudinary.fail_next(0)
    clock.advance(60)  # the storage breaker half-opens
    result = cloud_app.test_cli_runner().invoke(args=["sweep-uploads"])
    assert result.exit_code == 0, result.output
    assert queued() == []
    assert all(public_id != old_key for _rtype, _type, public_id in fake_cloudinary.live_assets)


def test_the_page_and_its_uploads_are_rate_limited_per_client(app_factory, problem_team):
    """Past RATELIMIT_STATUS views (or RATELIMIT_STATUS_UPLOADS posts) a minute, one address gets 429s; a
    wrong token counts too, so tokens cannot be tried in bulk."""
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_STATUS="3 per minute", RATELIMIT_STATUS_UPLOADS="2 per minute")
    _team_id, token = problem_team(on=app)
    client = app.test_client()
    views = [client.get(f"/status/{path}").status_code for path in (token, "x" * 43, token, token)]
    assert views == [200, 404, 200, 429]
    posts = [client.post(f"/status/{token}", data={}).status_code for _ in range(3)]
    assert posts == [422, 422, 429]
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert other.get(f"/status/{token}").status_code == 200


def test_the_token_never_reaches_the_logs(app, client, problem_team):
    """The JSON log's access lines name the page, never its token, for a page view and an upload."""
    _team_id, token = problem_team()
    client.get(f"/status/{token}", headers={"X-Request-ID": "status-view"})
    client.post(f"/status/{token}", data={}, headers={"X-Request-ID": "status-post"})
    text = (Path(app.config["LOG_DIR"]) / "app.log").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    access = [line for line in lines if line.get("request_id") in ("status-view", "status-post")
              and line.get("event") == "http.request"]
    assert len(access) == 2 and {line["path"] for line in access} == {"/status/[token]"}
    assert token not in text
