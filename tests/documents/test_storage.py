"""Storage backends: local files, and the real Cloudinary SDK against the fake Cloudinary server."""
import logging
import os

import cloudinary.utils
import pytest
import requests

from app.services.documents.storage import ObjectNotFound, StorageError, StorageUnavailable, build_storage
from app.services.documents.storage.cloudinary_backend import parse_cloudinary_url
from tests.support.clock import ManualClock
from tests.support.fake_cloudinary import FakeCloudinary

PDF = b"%PDF-1.4 pastor letter"
PNG = b"\x89PNG\r\n\x1a\n team logo"
LETTER = "teams/ICCT-reg-0b7c/pastor_letter.pdf"
BAD_KEYS = ["../etc/passwd", "/abs/x.pdf", "a/../b.pdf", "a//b.pdf", "", "a/./b", ".hidden", "a\\b", "a b", "x" * 300]


@pytest.fixture
def fake():
    """A running fake Cloudinary on an ephemeral loopback port."""
    with FakeCloudinary() as server:
        yield server


def cloud_storage(fake, **overrides):
    """Cloudinary storage aimed at `fake` with tiny retry waits and a short breaker reset."""
    config = {"CLOUDINARY_URL": fake.cloudinary_url, "UPLOAD_RETRY_WAITS": (0.01, 0.01, 0.01),
              "UPLOAD_BREAKER_RESET_SECONDS": 0.3, "STORAGE_TIMEOUT": 2}
    return build_storage({**config, **overrides})


@pytest.fixture
def local(tmp_path):
    """Local storage rooted in a temporary uploads folder."""
    return build_storage({"UPLOAD_FOLDER": tmp_path / "uploads"})


def test_local_round_trip_keeps_private_and_public_apart(local, tmp_path):
    private = local.save(LETTER, PDF, "application/pdf", private=True)
    public = local.save("teams/ICCT-reg-0b7c/logo.png", PNG, "image/png", private=False)
    assert (tmp_path / "uploads/private" / LETTER).read_bytes() == PDF
    assert (tmp_path / "uploads/public/teams/ICCT-reg-0b7c/logo.png").read_bytes() == PNG
    assert not (tmp_path / "uploads/public" / LETTER).exists()
    assert (private.backend, private.resource_type, private.size) == ("local", "raw", len(PDF))
    assert private.public_url is None
    assert public.resource_type == "image" and public.public_url is None
    assert local.private_url(LETTER, "application/pdf") is None
    assert local.open(LETTER) == PDF and local.open("teams/ICCT-reg-0b7c/logo.png", private=False) == PNG
    local.delete(LETTER, private=True, content_type="application/pdf")
    local.delete(LETTER, private=True, content_type="application/pdf")
    with pytest.raises(ObjectNotFound):
        local.open(LETTER)
    assert local.health() == {"backend": "local", "writable": True}


def test_local_write_is_atomic(local, tmp_path, monkeypatch):
    local.save(LETTER, PDF, "application/pdf", private=True)
    local.save(LETTER, b"%PDF-1.4 v2", "application/pdf", private=True)

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)  # simulate dying between writing the temp file and the rename
    with pytest.raises(StorageUnavailable, match="disk full"):
        local.save(LETTER, b"%PDF-1.4 torn", "application/pdf", private=True)
    assert local.open(LETTER) == b"%PDF-1.4 v2"
    assert [p.name for p in (tmp_path / "uploads/private/teams/ICCT-reg-0b7c").iterdir()] == ["pastor_letter.pdf"]


def test_local_write_cut_short_leaves_nothing_and_never_touches_a_stored_file(local, tmp_path, monkeypatch):
    local.save(LETTER, PDF, "application/pdf", private=True)
    folder = tmp_path / "uploads/private/teams/ICCT-reg-0b7c"

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", disk_full)
    for key in (LETTER, "teams/ICCT-reg-0b7c/aadhaar.pdf", "teams/ICCT-reg-0b7d/aadhaar.pdf"):
        with pytest.raises(StorageUnavailable, match="No space left on device"):
            local.save(key, b"%PDF-1.4 new", "application/pdf", private=True)
    monkeypatch.undo()
    assert local.open(LETTER) == PDF
    assert [p.name for p in folder.iterdir()] == ["pastor_letter.pdf"]
    assert not (tmp_path / "uploads/private/teams/ICCT-reg-0b7d").exists()


def test_local_delete_removes_a_folder_once_it_is_empty_but_never_the_root(local, tmp_path):
    folder = tmp_path / "uploads/private/registrations/ab12"
    for name in ("pastor_letter.pdf", "group_photo.pdf"):
        local.save(f"registrations/ab12/{name}", PDF, "application/pdf", private=True)
    local.delete("registrations/ab12/pastor_letter.pdf", private=True, content_type="application/pdf")
    assert [p.name for p in folder.iterdir()] == ["group_photo.pdf"]
    local.delete("registrations/ab12/group_photo.pdf", private=True, content_type="application/pdf")
    assert not folder.exists() and (tmp_path / "uploads/private/registrations").is_dir()
    local.save("top.pdf", PDF, "application/pdf", private=True)
    local.delete("top.pdf", private=True, content_type="application/pdf")
    assert (tmp_path / "uploads/private").is_dir()
    local.save("registrations/ab12/pastor_letter.pdf", PDF, "application/pdf", private=True)  # made again
    assert local.open("registrations/ab12/pastor_letter.pdf") == PDF


@pytest.mark.parametrize("key", BAD_KEYS)
def test_bad_keys_are_refused_before_touching_disk_or_network(local, fake, tmp_path, key):
    storage = cloud_storage(fake)
    for backend in (local, storage):
        with pytest.raises(StorageError):
            backend.save(key, PDF, "application/pdf", private=True)
    assert fake.requests == 0 and not list((tmp_path / "uploads").rglob("*.*"))


def test_private_upload_is_authenticated_and_destroy_removes_it(fake):
    storage = cloud_storage(fake)
    stored = storage.save(LETTER, PDF, "application/pdf", private=True)
    assert (stored.backend, stored.resource_type, stored.private) == ("cloudinary", "raw", True)
    assert stored.public_url is None
    assert fake.live_assets == {("raw", "authenticated", LETTER)}
    storage.delete(LETTER, private=True, content_type="application/pdf")
    storage.delete(LETTER, private=True, content_type="application/pdf")  # already gone: still fine
    assert fake.live_assets == set() and fake.destroys == 1


def test_public_image_is_delivered_from_its_public_url(fake):
    storage = cloud_storage(fake)
    stored = storage.save("teams/ICCT-reg-0b7c/logo.png", PNG, "image/png", private=False)
    assert fake.live_assets == {("image", "upload", "teams/ICCT-reg-0b7c/logo")}
    assert stored.public_url == f"{fake.url}/demo/image/upload/v1/teams/ICCT-reg-0b7c/logo.png"
    assert requests.get(stored.public_url, timeout=5).content == PNG
    assert storage.open("teams/ICCT-reg-0b7c/logo.png", private=False) == PNG


def test_private_url_is_signed_short_lived_and_served(fake):
    storage = cloud_storage(fake)
    storage.save(LETTER, PDF, "application/pdf", private=True)
    url = storage.private_url(LETTER, "application/pdf", expires_in=60)
    assert url.startswith(fake.url) and "signature=" in url and "expires_at=" in url
    assert requests.get(url, timeout=5).content == PDF
    assert requests.get(url.replace("pastor_letter", "other_letter"), timeout=5).status_code == 401
    assert requests.get(storage.private_url(LETTER, "application/pdf", expires_in=-5), timeout=5).status_code == 401
    assert storage.open(LETTER) == PDF
    with pytest.raises(ObjectNotFound):
        storage.open("teams/ICCT-reg-0b7c/missing.pdf")


def test_fake_requires_signed_delivery_urls_for_authenticated_assets(fake):
    cloud_storage(fake).save(LETTER, PDF, "application/pdf", private=True)
    options = parse_cloudinary_url(fake.cloudinary_url)
    options.update(resource_type="raw", type="authenticated")
    signed, _ = cloudinary.utils.cloudinary_url(LETTER, sign_url=True, **options)
    assert "/s--" in signed and requests.get(signed, timeout=5).content == PDF
    unsigned, _ = cloudinary.utils.cloudinary_url(LETTER, **options)
    assert requests.get(unsigned, timeout=5).status_code == 401


def test_wrong_secret_is_rejected_without_retry_and_does_not_trip_breaker(fake):
    storage = cloud_storage(fake, CLOUDINARY_URL=fake.cloudinary_url.replace(":secret@", ":wrong@"))
    for _ in range(6):
        with pytest.raises(StorageError, match="401") as excinfo:
            storage.save(LETTER, PDF, "application/pdf", private=True)
        assert not isinstance(excinfo.value, StorageUnavailable)
    assert fake.requests == 6 and fake.live_assets == set()
    assert storage.health() == {"backend": "cloudinary", "breaker": "closed"}


@pytest.mark.parametrize("status", [500, 503, 429])
def test_transient_errors_are_retried_until_success(fake, status):
    fake.fail_next(3, status)
    cloud_storage(fake).save(LETTER, PDF, "application/pdf", private=True)
    assert fake.requests == 4 and fake.live_assets == {("raw", "authenticated", LETTER)}


def test_dropped_connections_and_timeouts_exhaust_retries(fake):
    storage = cloud_storage(fake, STORAGE_TIMEOUT=0.1)
    fake.set_down(True)
    with pytest.raises(StorageUnavailable):
        storage.save(LETTER, PDF, "application/pdf", private=True)
    assert fake.requests == 4
    fake.set_down(False)
    fake.delay(0.3)
    with pytest.raises(StorageUnavailable, match="timed out"):
        storage.delete(LETTER, private=True, content_type="application/pdf")
    assert fake.requests == 8


def test_breaker_opens_after_five_failed_uploads_then_half_open_trial_closes_it(fake, caplog):
    clock = ManualClock()
    storage, other = cloud_storage(fake, MONOTONIC_CLOCK=clock), cloud_storage(fake)
    fake.fail_next(1000)
    for _ in range(5):
        with pytest.raises(StorageUnavailable):
            storage.save(LETTER, PDF, "application/pdf", private=True)
    assert fake.requests == 20 and storage.health()["breaker"] == "open"
    assert any(getattr(r, "event", None) == "storage.breaker_opened" for r in caplog.records)
    with pytest.raises(StorageUnavailable, match="open"):
        storage.save(LETTER, PDF, "application/pdf", private=True)
    assert fake.requests == 20  # refused without calling out
    assert other.health()["breaker"] == "closed"  # breakers are per storage instance
    fake.fail_next(0)
    clock.advance(0.29)
    with pytest.raises(StorageUnavailable, match="open"):
        storage.save(LETTER, PDF, "application/pdf", private=True)
    clock.advance(0.02)
    with caplog.at_level(logging.INFO, logger="app.storage"):
        storage.save(LETTER, PDF, "application/pdf", private=True)
    assert fake.requests == 21 and storage.health()["breaker"] == "closed"
    assert [r.event for r in caplog.records if "breaker" in getattr(r, "event", "")][-2:] == [
        "storage.breaker_half_opened", "storage.breaker_closed"]
