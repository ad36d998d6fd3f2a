"""No orphans: an expired draft's files are deleted by `flask sweep-uploads` (later, when storage is down), on
local disk and on Cloudinary; a draft's files there are private assets; the final submit uploads nothing again."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from app.extensions import db
from app.models import RegistrationDraft
from tests.support import payloads
from tests.support.drafts import draft_rows, fill_draft, put_file, start_draft, stored_paths

TWO_FILES = {"pastor_letter": ("l.pdf", payloads.pdf_bytes(), "application/pdf"),
             "player_0_aadhar_file": ("a.jpg", payloads.jpeg_bytes(), "image/jpeg")}


def expire_all(app, ago):
    """Every draft expired `ago` (a timedelta) earlier."""
    with app.app_context():
        db.session.execute(update(RegistrationDraft).values(expires_at=datetime.now(timezone.utc) - ago))
        db.session.commit()
        db.session.remove()


def test_an_expired_draft_leaves_no_file_after_the_sweep(app_factory):
    """The sweep removes drafts expired beyond a grace of two request times, with their files; a live draft and a
    just-expired one (a submit may still be running) keep theirs."""
    app = app_factory()
    client, runner = app.test_client(), app.test_cli_runner()
    fill_draft(client, start_draft(client), TWO_FILES)
    expire_all(app, timedelta(seconds=1))
    fill_draft(client, start_draft(client), TWO_FILES)
    result = runner.invoke(args=["sweep-uploads"])
    assert "Removed 0 expired drafts." in result.output and len(stored_paths(app)) == 4
    expire_all(app, timedelta(hours=1))
    live = start_draft(client)
    fill_draft(client, live, TWO_FILES)
    result = runner.invoke(args=["sweep-uploads"])
    assert result.exit_code == 0 and "Removed 2 expired drafts." in result.output
    assert "Deleted 4 queued files." in result.output
    assert len(stored_paths(app)) == 2 and draft_rows(app) == (1, 2, 0)
    assert len(client.get(f"/register/draft/{live}").get_json()["draft"]["files"]) == 2


def test_draft_files_on_cloudinary_are_private_replaced_and_swept_once_storage_is_back(
        cloud_app, fake_cloudinary, clock):
    """Uploads are authenticated assets; a replaced one is destroyed; an expired draft's assets are queued while
    Cloudinary is down and destroyed by the sweep once it answers again."""
    client, runner = cloud_app.test_client(), cloud_app.test_cli_runner()
    token = start_draft(client)
    fill_draft(client, token, TWO_FILES)
    assets = fake_cloudinary.live_assets
    assert len(assets) == 2 and {kind for _rtype, kind, _id in assets} == {"authenticated"}
    assert put_file(client, token, "pastor_letter", payloads.pdf_bytes(3000)).status_code == 200
    assert len(fake_cloudinary.live_assets) == 2 and fake_cloudinary.live_assets != assets
    expire_all(cloud_app, timedelta(hours=1))
    fake_cloudinary.set_down(True)
    result = cloud_app.test_cli_runner().invoke(args=["sweep-uploads"])
    assert "Removed 1 expired drafts." in result.output and "Deleted 0 queued files." in result.output
    assert draft_rows(cloud_app) == (0, 0, 2) and len(fake_cloudinary.live_assets) == 2
    fake_cloudinary.set_down(False)
    clock.advance(60)  # the storage breaker half-opens
    result = runner.invoke(args=["sweep-uploads"])
    assert "Deleted 2 queued files." in result.output
    assert fake_cloudinary.live_assets == set() and draft_rows(cloud_app) == (0, 0, 0)


def test_a_submit_with_a_draft_on_cloudinary_uploads_nothing_again(cloud_app, fake_cloudinary):
    """The team's 25 documents are the draft's 25 assets; the submit sends no upload to Cloudinary."""
    client = cloud_app.test_client()
    form, files = payloads.registration()
    token = start_draft(client)
    fill_draft(client, token, files)
    uploads, assets = fake_cloudinary.uploads, fake_cloudinary.live_assets
    data = payloads.for_test_client(form, {})
    data["draft_token"] = token
    response = client.post("/register", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    assert fake_cloudinary.uploads == uploads == 25 and fake_cloudinary.live_assets == assets
    assert draft_rows(cloud_app) == (1, 0, 0)


def test_a_draft_upload_while_cloudinary_is_down_stores_nothing(cloud_app, fake_cloudinary):
    """503 UPLOAD_UNAVAILABLE in the JSON shape; no row, no asset."""
    client = cloud_app.test_client()
    token = start_draft(client)
    fake_cloudinary.set_down(True)
    response = put_file(client, token, "pastor_letter", payloads.pdf_bytes())
    assert response.status_code == 503 and response.get_json()["error_code"] == "UPLOAD_UNAVAILABLE"
    assert draft_rows(cloud_app) == (1, 0, 0) and fake_cloudinary.live_assets == set()
