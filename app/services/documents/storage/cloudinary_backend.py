"""Cloudinary storage backend: private documents as `authenticated` assets, behind retries and a breaker.

Resource types: images (`image/*`) upload as `image` so Cloudinary can make thumbnails; everything
else (PDF pastor letters) uploads as `raw`, which Cloudinary stores byte-for-byte and never
rasterises or exposes through transformation URLs. An image's public_id drops the key's extension
(Cloudinary appends the format itself); a raw public_id is the key verbatim.

Credentials travel as per-call options instead of `cloudinary.config()`, which is process-global,
so two apps in one process can point at different clouds.
"""
from __future__ import annotations

import logging
import mimetypes
import posixpath
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

import cloudinary.exceptions
import cloudinary.uploader
import cloudinary.utils
import requests

from ...core.resilience import CircuitOpenError, Resilience, TransientError
from . import ObjectNotFound, Storage, StorageError, StorageUnavailable, StoredObject, resource_type_for, validate_key
from .cloudinary_http import install as install_connector

T = TypeVar("T")
log = logging.getLogger("app.storage")
DEFAULT_TIMEOUT = 30.0
DEFAULT_CONNECTIONS = 32


def parse_cloudinary_url(url: str) -> dict[str, Any]:
    """Turn `cloudinary://key:secret@cloud?opt=val` into SDK options; 'true'/'false' become bools."""
    parts = urlsplit(url)
    if parts.scheme != "cloudinary" or not (parts.username and parts.password and parts.hostname):
        raise ValueError("CLOUDINARY_URL must look like cloudinary://api_key:api_secret@cloud_name")
    options: dict[str, Any] = {
        "cloud_name": parts.hostname,
        "api_key": unquote(parts.username),
        "api_secret": unquote(parts.password),
        "secure": True,
    }
    for name, value in parse_qsl(parts.query):
        options[name] = {"true": True, "false": False}.get(value.lower(), value)
    return options


def _is_transient_status(status: int) -> bool:
    """5xx and rate limiting (Cloudinary uses 420 as well as 429) are worth retrying."""
    return status >= 500 or status in (420, 429)


class CloudinaryStorage(Storage):
    """Stores objects in Cloudinary through the official SDK."""

    name = "cloudinary"

    def __init__(self, cloudinary_url: str, timeout: float = DEFAULT_TIMEOUT, resilience: Resilience | None = None,
                 connections: int = DEFAULT_CONNECTIONS):
        """Configure from a CLOUDINARY_URL; `timeout` bounds each HTTP attempt in seconds; `connections` is how
        many threads may call Cloudinary at once, each kept-alive connection reused by the next call."""
        self._options = parse_cloudinary_url(cloudinary_url)
        self._timeout = timeout
        self._resilience = resilience or Resilience("storage", log)
        install_connector(connections)

    @classmethod
    def from_config(cls, config: Mapping) -> CloudinaryStorage:
        """Build from CLOUDINARY_URL, STORAGE_TIMEOUT and the UPLOAD_BREAKER_* / UPLOAD_RETRY_WAITS settings."""
        # The upload threads call Cloudinary, and so can each request thread (a half-open trial, a clean-up).
        connections = int(config.get("UPLOAD_CONCURRENCY", 16)) + int(config.get("WAITRESS_THREADS", 8))
        return cls(
            config["CLOUDINARY_URL"],
            timeout=float(config.get("STORAGE_TIMEOUT", DEFAULT_TIMEOUT)),
            resilience=Resilience.from_config(config, "UPLOAD", "storage", log),
            connections=connections,
        )

    @staticmethod
    def _locate(key: str, content_type: str) -> tuple[str, str, str | None]:
        """Return (resource_type, public_id, format) for an app key."""
        validate_key(key)
        if resource_type_for(content_type) == "raw":
            return "raw", key, None
        stem, ext = posixpath.splitext(key)
        return "image", stem, ext[1:].lower() or None

    def _guarded(self, fn: Callable[[], T]) -> T:
        """Run a network operation under retries and the breaker, mapping failures to StorageUnavailable."""
        try:
            return self._resilience.call(fn)
        except CircuitOpenError as exc:
            raise StorageUnavailable(str(exc)) from exc
        except TransientError as exc:
            raise StorageUnavailable(f"cloudinary unavailable after retries: {exc}") from exc

    def _api(self, call: Callable[..., dict], *args: Any, **params: Any) -> dict:
        """One Upload API attempt, classifying errors as transient or permanent."""
        try:
            result = call(*args, timeout=self._timeout, return_error=True, **params, **self._options)
        except cloudinary.exceptions.Error as exc:  # the SDK's wrapper for socket errors, timeouts, non-JSON bodies
            raise TransientError(str(exc)) from exc
        error = result.get("error")
        if error:
            status = int(error.get("http_code") or 0)
            message = f"cloudinary {status}: {error.get('message')}"
            raise (TransientError if _is_transient_status(status) else StorageError)(message)
        return result

    def save(self, key: str, data: bytes, content_type: str, private: bool) -> StoredObject:
        """Upload as `authenticated` (private) or `upload` (public).

        overwrite=True: a re-submitted document replaces the old one under the same key, and a retry
        after a lost response just rewrites the same bytes, so retrying an upload is idempotent.
        """
        resource_type, public_id, _ = self._locate(key, content_type)
        self._guarded(lambda: self._api(
            cloudinary.uploader.upload,
            data,
            filename=posixpath.basename(key),
            public_id=public_id,
            resource_type=resource_type,
            type="authenticated" if private else "upload",
            overwrite=True,
        ))
        return StoredObject(
            key=key,
            backend=self.name,
            resource_type=resource_type,
            private=private,
            size=len(data),
            content_type=content_type,
            public_url=None if private else self.public_url(key, content_type),
        )

    def delete(self, key: str, private: bool, content_type: str) -> None:
        """Destroy the asset and invalidate CDN copies; 'not found' counts as success."""
        resource_type, public_id, _ = self._locate(key, content_type)
        self._guarded(lambda: self._api(
            cloudinary.uploader.destroy,
            public_id,
            resource_type=resource_type,
            type="authenticated" if private else "upload",
            invalidate=True,
        ))

    def open(self, key: str, private: bool = True, content_type: str | None = None) -> bytes:
        """Download through a freshly signed URL (private) or the delivery URL (public)."""
        content_type = content_type or mimetypes.guess_type(key)[0] or "application/octet-stream"
        url = self.private_url(key, content_type, 60) if private else self.public_url(key, content_type)
        return self._guarded(lambda: self._fetch(key, url))

    def _fetch(self, key: str, url: str) -> bytes:
        """One GET attempt, classifying errors as transient or permanent."""
        try:
            response = requests.get(url, timeout=self._timeout)
        except requests.RequestException as exc:
            raise TransientError(f"cloudinary fetch failed: {exc}") from exc
        if response.status_code == 404:
            raise ObjectNotFound(key)
        if _is_transient_status(response.status_code):
            raise TransientError(f"cloudinary fetch answered {response.status_code}")
        if response.status_code != 200:
            raise StorageError(f"cloudinary fetch answered {response.status_code}")
        return response.content

    def private_url(self, key: str, content_type: str, expires_in: int = 300) -> str | None:
        """Signed download-API URL that Cloudinary refuses after `expires_in` seconds.

        Signed delivery URLs (`s--sig--`) never expire, so the time-limited download API is used.
        """
        resource_type, public_id, fmt = self._locate(key, content_type)
        return cloudinary.utils.private_download_url(
            public_id,
            fmt,
            resource_type=resource_type,
            type="authenticated",
            expires_at=int(time.time()) + expires_in,
            **self._options,
        )

    def public_url(self, key: str, content_type: str) -> str | None:
        """Unsigned delivery URL of a public asset."""
        resource_type, public_id, fmt = self._locate(key, content_type)
        url, _ = cloudinary.utils.cloudinary_url(
            public_id, resource_type=resource_type, type="upload", format=fmt, **self._options
        )
        return url

    def health(self) -> dict:
        """Backend name and breaker state, without calling Cloudinary."""
        return {"backend": self.name, "breaker": self._resilience.state}
