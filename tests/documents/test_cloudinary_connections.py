"""The SDK's uploads reuse kept-alive connections and send the bytes they were given, counted on the fake's side."""
import threading

import pytest
from urllib3.filepost import encode_multipart_formdata

from app.services.documents.storage import build_storage
from app.services.documents.storage.cloudinary_http import encode_multipart
from tests.support.fake_cloudinary import FakeCloudinary
from tests.support.payloads import jpeg_bytes, pdf_bytes, png_bytes

# Bytes that look like multipart framing, so an encoder that mis-frames them would corrupt the stored file.
AWKWARD = b"--\r\n\r\n--boundary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\x00\xff" * 50


@pytest.fixture
def fake():
    """A running fake Cloudinary on an ephemeral loopback port."""
    with FakeCloudinary() as server:
        yield server


def storage_for(fake, **config):
    """Cloudinary storage aimed at `fake`."""
    return build_storage({"CLOUDINARY_URL": fake.cloudinary_url, "UPLOAD_RETRY_WAITS": (0.01,), **config})


def test_sequential_uploads_share_one_connection_and_arrive_intact(fake):
    storage = storage_for(fake)
    files = {f"teams/T1/doc{i}.pdf": bytes([i]) + AWKWARD + pdf_bytes(4096) for i in range(20)}
    for key, data in files.items():
        storage.save(key, data, "application/pdf", True)
    storage.delete("teams/T1/doc0.pdf", True, "application/pdf")
    assert fake.connections == 1
    assert fake.uploads == 20 and fake.destroys == 1
    assert {key: storage.open(key) for key in list(files)[1:]} == dict(list(files.items())[1:])


def test_parallel_uploads_keep_one_connection_per_thread(fake):
    storage = storage_for(fake, UPLOAD_CONCURRENCY=8, WAITRESS_THREADS=0)
    errors = []

    def upload(thread):
        try:
            for i in range(10):
                storage.save(f"teams/T{thread}/photo{i}.png", png_bytes(2048), "image/png", True)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fake.uploads == 80
    # The SDK's own connector keeps one connection per host and opens a new one for every call beyond it.
    assert fake.connections <= 8


@pytest.mark.parametrize("fields", [
    [("timestamp", 1733000000), ("public_id", "teams/T1/letter.pdf"), ("overwrite", "1"), ("signature", "ab" * 20),
     ("api_key", "key"), ("file", ("letter.pdf", pdf_bytes(3000)))],
    [("public_id", "teams/T1/photo"), ("type", "authenticated"), ("file", ("photo.jpg", jpeg_bytes(500)))],
    [("public_id", "teams/T1/x"), ("invalidate", "1"), ("tags", "café, ü")],
    [("file", ("odd \"name\"\\.bin", AWKWARD))],
])
def test_encoding_matches_urllib3s(fields):
    body, content_type = encode_multipart(fields)
    boundary = content_type.split("boundary=")[1]
    assert (body, content_type) == encode_multipart_formdata(fields, boundary=boundary)
