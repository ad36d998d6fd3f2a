"""Storage interface for uploaded documents, plus the factory that picks a backend from config."""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

# Each segment starts with an alphanumeric, '_' or '-', which rules out '.', '..' and hidden names.
_KEY_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
MAX_KEY_LENGTH = 255


class StorageError(Exception):
    """A storage operation failed for a reason retrying will not fix (bad key, rejected request)."""


class StorageUnavailable(StorageError):
    """The backend is unreachable or its breaker is open; callers answer 503 UPLOAD_UNAVAILABLE."""


class ObjectNotFound(StorageError):
    """The requested object does not exist in the backend."""


@dataclass(frozen=True)
class StoredObject:
    """Where and how an uploaded object was stored."""

    key: str
    backend: str
    resource_type: str
    private: bool
    size: int
    content_type: str
    public_url: str | None


def validate_key(key: str) -> str:
    """Return `key` if it is a safe relative slash-separated path, else raise StorageError."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY_RE.fullmatch(key):
        raise StorageError(f"invalid storage key: {key!r}")
    return key


def resource_type_for(content_type: str) -> str:
    """Map a MIME type to Cloudinary's resource type: images stay images, everything else is raw."""
    return "image" if content_type.lower().startswith("image/") else "raw"


class Storage(ABC):
    """Backend-neutral object store for team documents (pastor letters, payment proofs, logos)."""

    name: str
    # Whether saving several objects at once overlaps their waiting (network round trips). Where the work is
    # the process's own CPU and one disk, threads only add hand-offs of the GIL: such a backend saves a batch
    # itself, in the request's thread, with `save_all(entries, check)`.
    concurrent_uploads: bool = True

    @abstractmethod
    def save(self, key: str, data: bytes, content_type: str, private: bool) -> StoredObject:
        """Store `data` under `key`, replacing any previous object with that key."""

    @abstractmethod
    def delete(self, key: str, private: bool, content_type: str) -> None:
        """Remove the object; deleting a missing object is not an error."""

    @abstractmethod
    def open(self, key: str, private: bool = True, content_type: str | None = None) -> bytes:
        """Read the object back; `content_type` defaults to a guess from the key's extension."""

    @abstractmethod
    def private_url(self, key: str, content_type: str, expires_in: int = 300) -> str | None:
        """Short-lived signed URL for a private object, or None when the app must serve it itself."""

    @abstractmethod
    def public_url(self, key: str, content_type: str) -> str | None:
        """Permanent URL for a public object, or None when the app must serve it itself."""

    @abstractmethod
    def health(self) -> dict:
        """Backend name and state for readiness checks."""


def build_storage(config: Mapping) -> Storage:
    """Cloudinary when CLOUDINARY_URL is set, else local files under UPLOAD_FOLDER."""
    # Imported lazily so the local backend never pays for loading the Cloudinary SDK.
    if config.get("CLOUDINARY_URL"):
        from .cloudinary_backend import CloudinaryStorage

        return CloudinaryStorage.from_config(config)
    from .local import LocalStorage

    return LocalStorage(config["UPLOAD_FOLDER"])


def get_storage() -> Storage:
    """The current app's storage, built once per app (each app keeps its own breaker)."""
    from flask import current_app

    storage = current_app.extensions.get("storage")
    if storage is None:
        storage = current_app.extensions["storage"] = build_storage(current_app.config)
    return storage
