"""Registration drafts over HTTP: start, upload, replace, remove; every refusal in the JSON error shape with
nothing stored; tokens stored only hashed; local storage."""
import hashlib
import io
import re
import secrets
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import DraftFile, RegistrationDraft
from tests.support.drafts import draft_rows, fill_draft, put_file, start_draft, stored_paths
from tests.support.payloads import jpeg_bytes, pdf_bytes, png_bytes


def test_a_new_draft_is_empty_and_its_token_is_stored_only_hashed(app, client):
    """201 with an unguessable token and a 24-hour expiry; the database holds the token's hash, not the token."""
    before = datetime.now(timezone.utc)
    response = client.post("/register/draft")
    after = datetime.now(timezone.utc)
    assert response.status_code == 201 and "no-store" in response.headers["Cache-Control"].split(", ")
    draft = response.get_json()["draft"]
    assert draft["files"] == {} and re.fullmatch(r"[A-Za-z0-9_-]{43}", draft["token"])
    # 24 hours from the moment the request ran (the answer gives whole seconds), however long the request took.
    expires = datetime.fromisoformat(draft["expires_at"])
    assert before - timedelta(seconds=1) <= expires - timedelta(hours=24) <= after
    with app.app_context():
        row = db.session.scalars(select(RegistrationDraft)).one()
        assert row.token_hash == hashlib.sha256(draft["token"].encode()).hexdigest()
        assert draft["token"] not in row.folder
    assert client.get(f"/register/draft/{draft['token']}").get_json() == {"draft": draft}


def test_uploaded_files_are_listed_stored_privately_and_replacing_one_deletes_the_old(app, client):
    """Each upload is checked and listed; a second upload to the same field replaces the file on disk."""
    token = start_draft(client)
    first = put_file(client, token, "pastor_letter", pdf_bytes(3000), "letter.pdf")
    assert first.status_code == 200
    assert first.get_json() == {"file": {"field": "pastor_letter", "filename": "letter.pdf", "size": 3000,
                                         "content_type": "application/pdf"}}
    assert put_file(client, token, "player_0_aadhar_file", jpeg_bytes(2500), "card.jpg").status_code == 200
    paths = stored_paths(app)
    assert len(paths) == 2 and all(path.startswith("private/drafts/") for path in paths)
    second = put_file(client, token, "pastor_letter", png_bytes(4000), "letter.png")
    assert second.get_json()["file"]["content_type"] == "image/png"
    files = client.get(f"/register/draft/{token}").get_json()["draft"]["files"]
    assert files["pastor_letter"]["size"] == 4000 and files["player_0_aadhar_file"]["filename"] == "card.jpg"
    after = stored_paths(app)
    assert len(after) == 2 and set(paths) - set(after), "the replaced file is gone"
    assert draft_rows(app) == (1, 2, 0)


def test_removing_a_file_deletes_it(app, client):
    """DELETE answers 204 and the stored file is gone; removing it again is still 204."""
    token = start_draft(client)
    put_file(client, token, "group_photo", png_bytes(), "team.png")
    assert client.delete(f"/register/draft/{token}/files/group_photo").status_code == 204
    assert client.delete(f"/register/draft/{token}/files/group_photo").status_code == 204
    assert stored_paths(app) == [] and draft_rows(app) == (1, 0, 0)
    assert client.get(f"/register/draft/{token}").get_json()["draft"]["files"] == {}


@pytest.mark.parametrize("field, content, status, code", [
    ("pastor_letter", b"GIF89a not a document at all" * 10, 415, "UNSUPPORTED_FILE_TYPE"),
    ("pastor_letter", b"<html>%PDF-1.4 later</html>", 415, "UNSUPPORTED_FILE_TYPE"),
    ("payment_receipt", jpeg_bytes(20_001), 413, "FILE_TOO_LARGE"),
    ("payment_receipt", jpeg_bytes(200_000), 413, "FILE_TOO_LARGE"),  # over the body allowance of an upload
    ("pastor_letter", b"", 422, "VALIDATION_FAILED"),
    ("team_name", pdf_bytes(), 422, "VALIDATION_FAILED"),
    ("player_15_aadhar_file", pdf_bytes(), 422, "VALIDATION_FAILED"),
    ("player_01_aadhar_file", pdf_bytes(), 422, "VALIDATION_FAILED"),
    ("player_0_photo_file", pdf_bytes(), 422, "VALIDATION_FAILED"),
])
def test_bad_uploads_are_refused_with_a_clear_error_and_nothing_stored(app_factory, field, content, status, code):
    """Wrong type (by the bytes, whatever the name), over the size, empty, or not a file input of the form."""
    app = app_factory(MAX_FILE_BYTES=20_000)
    client = app.test_client()
    token = start_draft(client)
    response = put_file(client, token, field, content, "innocent.pdf")
    body = response.get_json()
    assert response.status_code == status and body["error_code"] == code, body
    assert body["success"] is False and body["message"] and body["request_id"] and body["details"]["field"]
    assert stored_paths(app) == [] and draft_rows(app) == (1, 0, 0)


def test_an_upload_without_its_file_part_is_refused(app, client):
    """A multipart body without a `file` part names the field."""
    token = start_draft(client)
    response = client.put(f"/register/draft/{token}/files/pastor_letter", data={"other": "x"},
                          content_type="multipart/form-data")
    assert response.status_code == 422 and response.get_json()["details"]["field"] == "pastor_letter"
    assert draft_rows(app) == (1, 0, 0)


def test_a_draft_holds_no_more_files_than_its_cap(app_factory):
    """Past DRAFT_MAX_FILES a new field is refused (DRAFT_FULL); replacing a file it holds is still fine."""
    app = app_factory(DRAFT_MAX_FILES=2)
    client = app.test_client()
    token = start_draft(client)
    fill_draft(client, token, {"pastor_letter": ("a.pdf", pdf_bytes(), "application/pdf"),
                               "payment_receipt": ("b.jpg", jpeg_bytes(), "image/jpeg")})
    refused = put_file(client, token, "group_photo", png_bytes(), "c.png")
    assert refused.status_code == 413 and refused.get_json()["error_code"] == "DRAFT_FULL"
    assert put_file(client, token, "payment_receipt", png_bytes(), "b.png").status_code == 200
    assert len(stored_paths(app)) == 2 and draft_rows(app) == (1, 2, 0)


def test_a_draft_holds_no_more_bytes_than_its_cap(app_factory):
    """Past DRAFT_MAX_BYTES in all, an upload is refused (DRAFT_FULL) and not stored."""
    app = app_factory(DRAFT_MAX_BYTES=10_000)
    client = app.test_client()
    token = start_draft(client)
    assert put_file(client, token, "pastor_letter", pdf_bytes(6000)).status_code == 200
    refused = put_file(client, token, "payment_receipt", jpeg_bytes(6000), "r.jpg")
    assert refused.status_code == 413 and refused.get_json()["error_code"] == "DRAFT_FULL"
    assert refused.get_json()["details"]["max_bytes"] == 10_000
    assert len(stored_paths(app)) == 1 and draft_rows(app) == (1, 1, 0)


def expire(app, token):
    """Move the draft's expiry into the past, as 24 hours passing would."""
    with app.app_context():
        table = RegistrationDraft.__table__
        db.session.execute(update(table).where(table.c.token_hash == hashlib.sha256(token.encode()).hexdigest())
                           .values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("which", ["unknown", "malformed", "expired"])
def test_unknown_malformed_or_expired_tokens_are_not_found(app, client, which):
    """404 DRAFT_NOT_FOUND for every route, and nothing is stored or removed."""
    token = start_draft(client)
    put_file(client, token, "pastor_letter", pdf_bytes())
    if which == "expired":
        expire(app, token)
        target = token
    else:
        target = secrets.token_urlsafe(32) if which == "unknown" else token + "x"
    for response in (client.get(f"/register/draft/{target}"),
                     put_file(client, target, "payment_receipt", jpeg_bytes(), "r.jpg"),
                     client.delete(f"/register/draft/{target}/files/pastor_letter")):
        assert response.status_code == 404 and response.get_json()["error_code"] == "DRAFT_NOT_FOUND"
    assert len(stored_paths(app)) == 1 and draft_rows(app) == (1, 1, 0)


def test_a_drafts_files_are_out_of_reach_without_its_token(app, client):
    """Another draft's token neither lists, replaces nor removes them; no reply ever names a storage key."""
    mine, other = start_draft(client), start_draft(client)
    put_file(client, mine, "pastor_letter", pdf_bytes(), "private-letter.pdf")
    listing = client.get(f"/register/draft/{other}")
    assert listing.get_json()["draft"]["files"] == {} and b"private-letter" not in listing.data
    assert client.delete(f"/register/draft/{other}/files/pastor_letter").status_code == 204
    assert client.get(f"/register/draft/{mine}").get_json()["draft"]["files"]["pastor_letter"]
    assert client.get("/register/draft/").status_code == 404
    assert client.get(f"/register/draft/{mine}/files/pastor_letter").status_code == 405
    with app.app_context():
        key = db.session.scalars(select(DraftFile.storage_key)).one()
    assert key.encode() not in listing.data and key.encode() not in client.get(f"/register/draft/{mine}").data
    assert len(stored_paths(app)) == 1


def test_draft_writes_need_the_pages_csrf_token(app_factory):
    """With CSRF on (production): no X-CSRFToken is a JSON 400 CSRF_FAILED; the form page's token is accepted."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    refused = client.post("/register/draft")
    assert refused.status_code == 400 and refused.get_json()["error_code"] == "CSRF_FAILED"
    page = client.get("/register").get_data(as_text=True)
    headers = {"X-CSRFToken": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)}
    token = start_draft(client, headers)
    unsigned = put_file(client, token, "pastor_letter", pdf_bytes())
    assert unsigned.status_code == 400 and unsigned.get_json()["error_code"] == "CSRF_FAILED"
    assert stored_paths(app) == []
    assert put_file(client, token, "pastor_letter", pdf_bytes(), headers=headers).status_code == 200
    assert client.delete(f"/register/draft/{token}/files/pastor_letter").status_code == 400
    assert client.delete(f"/register/draft/{token}/files/pastor_letter", headers=headers).status_code == 204


def test_drafts_have_their_own_rate_limits(app_factory):
    """Starting drafts has its budget (429 JSON with Retry-After past it); uploads have theirs and do not spend the
    registration budget."""
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_DRAFTS="2 per minute", RATELIMIT_DRAFT_FILES="4 per minute",
                      RATELIMIT_PUBLIC="2 per minute")
    client = app.test_client()
    token = start_draft(client)
    start_draft(client)
    refused = client.post("/register/draft")
    assert refused.status_code == 429 and refused.get_json()["error_code"] == "RATE_LIMIT_EXCEEDED"
    assert int(refused.headers["Retry-After"]) > 0
    fields = ["pastor_letter", "payment_receipt", "group_photo", "player_0_aadhar_file"]
    assert [put_file(client, token, field, pdf_bytes()).status_code for field in fields] == [200] * 4
    over = put_file(client, token, "player_0_subscription_file", pdf_bytes())
    assert over.status_code == 429 and over.get_json()["error_code"] == "RATE_LIMIT_EXCEEDED"
    assert draft_rows(app) == (2, 4, 0) and len(stored_paths(app)) == 4


def test_a_body_over_ten_mib_to_start_a_draft_is_refused_as_too_large(app_factory):
    """Only an upload's body is sized for a document: a form body over 10 MiB to start a draft is BODY_TOO_LARGE
    (the CSRF check reads it first), in JSON."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/register/draft", content_type="multipart/form-data",
                                      data={"file": (io.BytesIO(b"x" * (10 * 1024 * 1024 + 1)), "big.pdf")})
    assert response.status_code == 413 and response.get_json()["error_code"] == "BODY_TOO_LARGE"
    assert draft_rows(app) == (0, 0, 0)
