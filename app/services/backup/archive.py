"""The backup archive's layout: a manifest, one JSON-lines file per table, and each document's bytes."""
import json

FORMAT = "icct26-backup"
VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator why and what to do."""


def table_member(table_name):
    """Where a table's rows are in the archive."""
    return f"tables/{table_name}.jsonl"


def document_member(entry):
    """Where a document's bytes are in the archive (storage keys are safe relative paths)."""
    return f"documents/{'private' if entry['private'] else 'public'}/{entry['key']}"


def read_manifest(archive):
    """The archive's manifest, once it is known to be one of ours in a format this code reads."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise BackupError("This file is not a backup made by `flask backup` (it has no manifest).") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"This backup's format ({manifest.get('format')} {manifest.get('version')}) is not "
                          f"{FORMAT} {VERSION}, the one this version reads.")
    return manifest
