"""Write a backup: the rows of one database snapshot and the bytes of every document those rows name."""
import hashlib
import json
import os
import zipfile
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import inspect, select, text

from ...extensions import db
from ...models import Document, utcnow
from ..documents.storage import ObjectNotFound, StorageError, get_storage
from .archive import FORMAT, MANIFEST, VERSION, BackupError, document_member, table_member
from .tables import backup_tables, dump_rows

# A document deleted or replaced between the snapshot and the copy of its file fails the check; a fresh snapshot
# no longer names it. Only a file missing or altered for good fails every attempt.
ATTEMPTS = 3


def create_backup(path):
    """Write the backup to `path` (a new file); return its manifest."""
    target = Path(path)
    if target.exists():
        raise BackupError(f"{target} already exists; give the backup a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent} to write the backup into.")
    partial = target.with_name(target.name + ".partial")
    storage = get_storage()
    try:
        for _attempt in range(ATTEMPTS):
            with read_snapshot() as connection, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                manifest, problems = _write(archive, connection, storage)
            if not problems:
                with open(partial, "rb") as written:
                    os.fsync(written.fileno())  # on disk before it takes the name an operator relies on
                os.replace(partial, target)
                return manifest
        listed = "\n".join(f"- {problem}" for problem in problems[:20])
        more = f"\n- and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError("These documents' files are missing or differ from what the database records, so no "
                          f"backup was written:\n{listed}{more}")
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def read_snapshot():
    """A connection whose reads all see the database as it was at one moment."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                connection.execute(text("SET TRANSACTION READ ONLY"))
                connection.execute(text("SET LOCAL statement_timeout = 0"))  # an operator's job, not a request
                yield connection
        else:
            # pysqlite opens no transaction for reads; an explicit one pins WAL's snapshot for every read after.
            connection.exec_driver_sql("BEGIN")
            yield connection


def _write(archive, connection, storage):
    """Copy the documents the snapshot names, then its tables; return (manifest, problems)."""
    tables = backup_tables()
    _refuse_unknown_tables(connection, tables)
    documents, problems = _copy_documents(archive, connection, storage)
    if problems:
        return None, problems
    counts = {}
    for table in tables:
        with archive.open(table_member(table.name), "w", force_zip64=True) as member:
            counts[table.name] = dump_rows(connection, table, lambda line: member.write(line.encode("utf-8")))
    manifest = {"format": FORMAT, "version": VERSION, "created_at": utcnow().isoformat(),
                "database": connection.dialect.name, "revision": _revision(connection), "storage": storage.name,
                "tables": counts, "documents": documents}
    archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return manifest, []


def _copy_documents(archive, connection, storage):
    """Store each document's bytes, checked against the size and digest its row records."""
    documents, problems = [], []
    for row in connection.execute(select(Document.__table__).order_by(Document.id)).mappings():
        entry = {"key": row.storage_key, "backend": row.backend, "private": row.private,
                 "content_type": row.content_type, "size": row.size, "sha256": row.sha256}
        try:
            data = storage.open(row.storage_key, private=row.private, content_type=row.content_type)
        except ObjectNotFound:
            problems.append(f"{row.storage_key}: no file")
            continue
        except StorageError as error:
            raise BackupError(f"Storage did not answer for {row.storage_key} ({error}); try again later.") from None
        if len(data) != row.size or hashlib.sha256(data).hexdigest() != row.sha256:
            problems.append(f"{row.storage_key}: the file's bytes are not the ones recorded")
            continue
        # PDFs and images are compressed already; storing them as they are saves the time of trying again.
        archive.writestr(document_member(entry), data, compress_type=zipfile.ZIP_STORED)
        documents.append(entry)
    return documents, problems


def _refuse_unknown_tables(connection, tables):
    """A table this code does not know would be left out of the backup without a word; stop instead."""
    known = {table.name for table in tables} | {"alembic_version"}
    unknown = sorted(set(inspect(connection).get_table_names()) - known)
    if unknown:
        raise BackupError(f"The database holds tables this version does not know ({', '.join(unknown)}); "
                          "back it up with the version that created them.")


def _revision(connection):
    """The migration the database is at."""
    return connection.scalar(text("SELECT version_num FROM alembic_version"))
