"""The Cloudinary SDK's HTTP connector, cheaper per upload: a kept-alive pool as wide as its callers, one-pass encoding.

The SDK still builds, signs and sends every Upload API call (`cloudinary.uploader.upload` and `destroy`) and
parses the answer; it hands its signed form fields to the module-level connector `cloudinary.uploader._http`
through `request(method, url, fields=..., headers=..., timeout=...)`. The SDK's own connector (a urllib3
PoolManager) keeps one connection per host, so parallel uploads opened and dropped a TCP connection each time,
and urllib3's multipart encoder builds a RequestField per field and copies each 100 KiB file twice through a
BytesIO. This connector is the SDK's own pool manager (same TLS settings, proxy and TCP keep-alive options),
widened, and encodes the fields into one bytes body with a single copy of the file.
"""
from __future__ import annotations

import itertools
import os
import threading
from typing import Any

import cloudinary
import cloudinary.uploader
import cloudinary.utils
from urllib3.fields import format_multipart_header_param, guess_content_type

# A secret random prefix per process and a counter instead of urllib3's os.urandom per body: the boundary only
# has to be absent from the parts, which no sender can arrange for a value it cannot know.
_BOUNDARY_PREFIX = os.urandom(12).hex()
_boundaries = itertools.count()
_install_lock = threading.Lock()


def encode_multipart(fields: list[tuple[str, Any]], boundary: str | None = None) -> tuple[bytes, str]:
    """Encode the SDK's (name, value) fields, a value being text, a number, bytes or (filename, bytes),
    as multipart/form-data in the shape urllib3's `encode_multipart_formdata` gives; return (body, content type)."""
    boundary = boundary or f"{_BOUNDARY_PREFIX}{next(_boundaries):08x}"
    parts: list[bytes] = []
    for name, value in fields:
        if isinstance(value, tuple):
            filename, data = value
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                         f'{format_multipart_header_param("filename", filename)}\r\n'
                         f'Content-Type: {guess_content_type(filename)}\r\n\r\n'.encode())
        else:
            data = value
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        parts.append(data if isinstance(data, bytes) else str(data).encode())
        parts.append(b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class UploadConnector:
    """Stands in for the SDK's connector: encodes its fields in one pass, then sends through the SDK's pool manager."""

    def __init__(self, maxsize: int):
        """The SDK's own connector for the global config (proxy, TCP keep-alive), its pool `maxsize` wide."""
        self.maxsize = maxsize
        self.manager = cloudinary.utils.get_http_connector(
            cloudinary.config(), {**cloudinary.CERT_KWARGS, "maxsize": maxsize})

    def request(self, method: str, url: str, fields: list | None = None, headers: dict | None = None, **kw: Any):
        """What the SDK calls for every Upload API request; other arguments go to urllib3 unchanged."""
        if fields is None:
            return self.manager.request(method, url, headers=headers, **kw)
        body, content_type = encode_multipart(fields)
        return self.manager.urlopen(method, url, body=body, headers={**(headers or {}), "Content-Type": content_type},
                                    **kw)


def install(maxsize: int) -> UploadConnector:
    """Make the SDK send through an UploadConnector at least `maxsize` connections wide (process-wide: the SDK's
    connector is a module global, so the widest pool any app in the process asked for wins)."""
    with _install_lock:
        current = cloudinary.uploader._http
        if not isinstance(current, UploadConnector) or current.maxsize < maxsize:
            cloudinary.uploader._http = current = UploadConnector(maxsize)
        return current
