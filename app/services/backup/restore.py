"""Restore a backup into a fresh install: its documents through the storage, then its rows in one transaction."""
import hashlib
import zipfile

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import delete, inspect, select, text

from ...extensions import db
from ...models import Document
from ..core.bootstrap import sync_roles_and_permissions
from ..documents.storage import StorageError, get_storage
from .archive import BackupError, document_member, read_manifest, table_member
from .tables import count_rows, load_rows, reflected_tables, reset_sequences

# What `flask setup` fills in a fresh install; a restore replaces these rows without being forced.
SETUP_TABLES = {"ab_permission", "ab_view_menu", "ab_permission_view", "ab_permission_view_role", "ab_role",
                "ab_user", "ab_user_role", "church", "tournament", "code_counter"}


def restore_backup(path, force=False):
    """Load the backup at `path` into this install's database and storage; return its manifest."""
    storage = get_storage()
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = read_manifest(archive)
            foreign = {entry["backend"] for entry in manifest["documents"]} - {storage.name}
            if foreign:
                raise BackupError(f"The backup's documents were stored on {', '.join(sorted(foreign))}, this "
                                  f"install stores them on {storage.name}; restore into one with the same storage.")
            _prepare_schema(manifest["revision"], force)
            replaced = _stored_documents()
            _save_documents(archive, manifest, storage)
            _load_tables(archive, manifest)
    except (zipfile.BadZipFile, KeyError) as error:
        raise BackupError(f"The archive is damaged or incomplete ({error}); the database was not changed.") from None
    kept = {(entry["key"], entry["private"]) for entry in manifest["documents"]}
    _delete_files(storage, [document for document in replaced if document[:2] not in kept])
    upgrade()  # a backup from an older version is brought up to this one's schema
    sync_roles_and_permissions(current_app.appbuilder)
    db.session.remove()
    return manifest


def _prepare_schema(revision, force):
    """Migrate an empty database to the backup's revision; refuse one at another revision, or one in use."""
    with db.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
        current = connection.scalar(text("SELECT version_num FROM alembic_version")) \
            if "alembic_version" in names else None
        in_use = current is not None and _in_use(connection)
    if not names:
        upgrade(revision=revision)
    elif current is None:
        raise BackupError("The database holds tables but no migration record; restore into an empty database.")
    elif current != revision:
        raise BackupError(f"The database is at migration {current} and the backup at {revision}; restore into an "
                          "empty database (it is migrated to the backup's revision, then to this version's).")
    elif in_use and not force:
        raise BackupError("The database is in use (it holds teams, matches, audit events, mail or more users than "
                          "the first admin); restoring would replace all of it. Add --force to do so.")


def _in_use(connection):
    """True when the database holds more than `flask setup` puts in a fresh install."""
    tables = {table.name: table for table in reflected_tables(connection)}
    if count_rows(connection, tables["ab_user"]) > 1:
        return True
    return any(count_rows(connection, table) for name, table in tables.items() if name not in SETUP_TABLES)


def _stored_documents():
    """(key, private, content type) of every document the database names before the restore."""
    with db.engine.connect() as connection:
        rows = connection.execute(select(Document.storage_key, Document.private, Document.content_type))
        return set(map(tuple, rows))


def _save_documents(archive, manifest, storage):
    """Put every document back in storage, checked against its recorded digest; before any row names it."""
    for entry in manifest["documents"]:
        data = archive.read(document_member(entry))
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise BackupError(f"The backup's copy of {entry['key']} is damaged; the database was not changed.")
        try:
            storage.save(entry["key"], data, entry["content_type"], entry["private"])
        except StorageError as error:
            raise BackupError(f"Storage refused {entry['key']} ({error}); the database was not changed.") from None


def _load_tables(archive, manifest):
    """Replace every row with the backup's, in one transaction, and check each table's count."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        tables = reflected_tables(connection)
        if {table.name for table in tables} != set(manifest["tables"]):
            raise BackupError("The database's tables are not the backup's, although both are at the same "
                              "migration; the database was not changed.")
        for table in reversed(tables):
            connection.execute(delete(table))
        for table in tables:
            with archive.open(table_member(table.name)) as member:
                loaded = load_rows(connection, table, (line.decode("utf-8") for line in member))
            if loaded != manifest["tables"][table.name]:
                raise BackupError(f"The backup's {table.name} table holds {loaded} rows, not the "
                                  f"{manifest['tables'][table.name]} its manifest records; the database was not changed.")
        reset_sequences(connection, tables)


def _delete_files(storage, documents):
    """Remove the files of documents the replaced database named and the backup does not."""
    for key, private, content_type in sorted(documents):
        try:
            storage.delete(key, private, content_type)
        except StorageError:
            pass  # an orphan file names no row: it costs space, never correctness
