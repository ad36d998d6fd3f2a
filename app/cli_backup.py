"""Operator commands: `flask --app app backup --to FILE` and `flask --app app restore --from FILE [--force]`."""
import click

from .services.backup.archive import BackupError
from .services.backup.create import create_backup
from .services.backup.restore import restore_backup


def register_backup_cli(app):
    """Attach the backup and restore commands."""

    @app.cli.command("backup")
    @click.option("--to", "target", required=True, type=click.Path(dir_okay=False),
                  help="The archive to write (a new .zip file).")
    def backup(target):
        """Write the database and every stored document it names into one archive."""
        try:
            manifest = create_backup(target)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Backed up {_summary(manifest)} to {target}.")

    @app.cli.command("restore")
    @click.option("--from", "source", required=True, type=click.Path(exists=True, dir_okay=False),
                  help="An archive written by `backup`.")
    @click.option("--force", is_flag=True, help="Replace a database that is already in use.")
    def restore(source, force):
        """Load an archive into this install: an empty database, or a freshly set-up one (--force for others)."""
        try:
            manifest = restore_backup(source, force=force)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Restored {_summary(manifest)} from {source} (made {manifest['created_at']}).")


def _summary(manifest):
    """`12 tables (3456 rows) and 75 documents (1.2 MB)`."""
    rows = sum(manifest["tables"].values())
    size = sum(entry["size"] for entry in manifest["documents"]) / 1e6
    return (f"{len(manifest['tables'])} tables ({rows} rows) and {len(manifest['documents'])} documents "
            f"({size:.1f} MB)")
