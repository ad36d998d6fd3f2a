"""With an Idempotency-Key each file is hashed once for both the key's fingerprint and its document row: every row
still holds its own file's digest, and a retry that changes one byte of one file is still a different body."""
import hashlib

from sqlalchemy import select

from app.extensions import db
from app.models import Document
from tests.support import payloads


def distinct_files(files):
    """The same fields with contents that differ from each other (sizes too), so a digest given to the wrong
    file would show."""
    makers = {"application/pdf": payloads.pdf_bytes, "image/jpeg": payloads.jpeg_bytes, "image/png": payloads.png_bytes}
    return {field: (name, makers[kind](3000 + 37 * n), kind) for n, (field, (name, _data, kind)) in
            enumerate(sorted(files.items()))}


def post(client, form, files, key):
    """POST a registration with an Idempotency-Key through the test client."""
    return client.post("/api/register/team", data=payloads.for_test_client(form, files),
                       content_type="multipart/form-data", headers={"Idempotency-Key": key})


def test_each_document_row_holds_the_digest_of_its_own_bytes(app, client):
    """25 different files under one key: each stored row's sha256 and size are those of the file sent for it."""
    form, files = payloads.registration()
    files = distinct_files(files)
    response = post(client, form, files, "digest-key-1")
    assert response.status_code == 201, response.get_json()
    sent = {field: hashlib.sha256(data).hexdigest() for field, (_name, data, _kind) in files.items()}
    with app.app_context():
        rows = db.session.execute(select(Document.sha256, Document.size)).all()
        db.session.remove()
    assert sorted(rows) == sorted((digest, len(files[field][1])) for field, digest in sent.items())


def test_a_retry_with_one_byte_changed_in_one_file_is_another_body(client):
    """Same key, same sizes, one byte of the last file changed: 422 IDEMPOTENCY_KEY_REUSED, not a replay."""
    form, files = payloads.registration()
    files = distinct_files(files)
    assert post(client, form, files, "digest-key-2").status_code == 201
    field, (name, data, kind) = sorted(files.items())[-1]
    changed = {**files, field: (name, data[:-3] + bytes([data[-3] ^ 1]) + data[-2:], kind)}
    refused = post(client, form, changed, "digest-key-2")
    assert refused.status_code == 422 and refused.get_json()["error_code"] == "IDEMPOTENCY_KEY_REUSED"
    replay = post(client, form, files, "digest-key-2")
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
