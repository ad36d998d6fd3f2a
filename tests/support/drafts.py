"""Helpers for registration-draft tests: start a draft, upload to it, and look at what is stored."""
import io
import os

from sqlalchemy import func, select

from app.extensions import db
from app.models import DraftFile, PendingDeletion, RegistrationDraft


def start_draft(client, headers=None):
    """Start a draft through its route; return its token."""
    response = client.post("/register/draft", headers=headers or {})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["draft"]["token"]


def put_file(client, token, field, content, filename="scan.pdf", headers=None):
    """Upload `content` as the draft's document for `field`; return the response."""
    return client.put(f"/register/draft/{token}/files/{field}", headers=headers or {},
                      data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def fill_draft(client, token, files, headers=None):
    """Upload every (filename, bytes, type) of a payload's files to the draft."""
    for field, (filename, content, _type) in files.items():
        response = put_file(client, token, field, content, filename, headers)
        assert response.status_code == 200, response.get_json()


def stored_paths(app):
    """Every file under the local storage root, relative to it (temporary files included)."""
    root = app.config["UPLOAD_FOLDER"]
    return sorted(os.path.relpath(os.path.join(folder, name), root)
                  for folder, _dirs, names in os.walk(root) for name in names)


def draft_rows(app):
    """(drafts, draft files, queued deletions) in the database."""
    with app.app_context():
        counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                       for model in (RegistrationDraft, DraftFile, PendingDeletion))
        db.session.remove()
    return counts
