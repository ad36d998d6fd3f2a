"""Filesystem storage backend: private and public trees under one root, written atomically."""
from __future__ import annotations

import itertools
import os
from pathlib import Path

from . import ObjectNotFound, Storage, StoredObject, resource_type_for, validate_key

_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_DSYNC
_temp_numbers = itertools.count()  # next() on a count is atomic under the GIL


def _create(tmp: str, parent: Path) -> int:
    """Open a new temp file for writing, making its directory if it is missing."""
    try:
        return os.open(tmp, _CREATE_FLAGS, 0o600)
    except FileNotFoundError:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # Only a process that had this pid before and crashed mid-write can have left this name behind.
        os.unlink(tmp)
    return os.open(tmp, _CREATE_FLAGS, 0o600)


class LocalStorage(Storage):
    """Stores objects under `<root>/private/<key>` or `<root>/public/<key>`; never hands out URLs."""

    name = "local"

    def __init__(self, root: str | os.PathLike[str]) -> None:
        """Use `root` (typically `<instance_path>/uploads`), creating it so misconfiguration fails at startup."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str, private: bool) -> Path:
        """Absolute file path for `key` in the private or public tree."""
        return self.root / ("private" if private else "public") / validate_key(key)

    def save(self, key: str, data: bytes, content_type: str, private: bool) -> StoredObject:
        """Write durably to a temp file in the target directory, then rename over the final name."""
        path = self._path(key, private)
        # Same directory as the target so os.replace is an atomic rename on one filesystem; readers never see a
        # half-written document. The temp name is unique among live processes.
        tmp = f"{path.parent}{os.sep}.tmp-{os.getpid()}-{next(_temp_numbers)}-{path.name}"
        # Four system calls per file: each one hands the GIL to another request thread and back, which under
        # load cost more than the writing itself. O_DSYNC makes the write return once the data is on disk,
        # as write + fdatasync would; the directory is made only when the first open finds it missing.
        fd = _create(tmp, path.parent)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredObject(
            key=key,
            backend=self.name,
            resource_type=resource_type_for(content_type),
            private=private,
            size=len(data),
            content_type=content_type,
            public_url=None,
        )

    def delete(self, key: str, private: bool, content_type: str) -> None:
        """Remove the file if present."""
        self._path(key, private).unlink(missing_ok=True)

    def open(self, key: str, private: bool = True, content_type: str | None = None) -> bytes:
        """Return the file's bytes or raise ObjectNotFound."""
        try:
            return self._path(key, private).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def private_url(self, key: str, content_type: str, expires_in: int = 300) -> str | None:
        """None: private files are only served by a permission-checked route."""
        validate_key(key)
        return None

    def public_url(self, key: str, content_type: str) -> str | None:
        """None: public files are served by an app route, not a static URL."""
        validate_key(key)
        return None

    def health(self) -> dict:
        """Report whether the upload root exists and is writable."""
        writable = self.root.is_dir() and os.access(self.root, os.W_OK | os.X_OK)
        return {"backend": self.name, "writable": writable}
