"""Operator commands: `flask --app app setup | seed-churches | create-admin | reset-password | sync-roles | sweep-uploads`."""
import click
from flask import current_app
from flask_migrate import upgrade

from .services.churches.rules import seed_churches
from .services.core import bootstrap

SWEEP_BATCH = 200


def register_cli(app):
    """Attach the operator commands to the app's CLI."""
    from .cli_backup import register_backup_cli
    from .cli_review import register_review_cli
    from .cli_waitlist import register_waitlist_cli

    register_review_cli(app)
    register_waitlist_cli(app)
    register_backup_cli(app)

    @app.cli.command("setup")
    def setup():
        """Migrate the database, sync roles, seed churches and create the first admin if none exists."""
        upgrade()
        _after_migrate()
        appbuilder = current_app.appbuilder
        if bootstrap.has_admin(appbuilder):
            click.echo("Admin user already exists.")
            return
        config = current_app.config
        user, password = bootstrap.create_admin(appbuilder, config["ADMIN_USERNAME"], config["ADMIN_EMAIL"],
                                                config["ADMIN_PASSWORD"] or None)
        _credentials_block("First admin created", user.username,
                           None if config["ADMIN_PASSWORD"] else password)

    @app.cli.command("seed-churches")
    def seed_churches_command():
        """Add the churches of the seed list that are missing."""
        click.echo(f"Added {seed_churches()} churches.")

    @app.cli.command("sync-roles")
    def sync_roles():
        """Create the roles and record every view's permissions."""
        bootstrap.sync_roles_and_permissions(current_app.appbuilder)
        click.echo("Roles and permissions are up to date.")

    @app.cli.command("sweep-uploads")
    @click.option("--orphans-older-than", type=click.IntRange(min=0), default=3600, show_default=True,
                  help="Seconds: local files no row names are deleted once this old (0 only when no server runs).")
    def sweep_uploads(orphans_older_than):
        """Delete expired registration drafts and their files, files a failed registration left queued while
        storage was down, and local files no row names (a server killed mid-registration); run it from cron,
        e.g. hourly."""
        from .services.documents.orphans import sweep_orphan_files
        from .services.documents.storage import get_storage
        from .services.documents.uploads import sweep_pending_deletions
        from .services.registration.drafts.sweep import sweep_expired_drafts

        click.echo(f"Removed {sweep_expired_drafts()} expired drafts.")
        storage, deleted, batch = get_storage(), 0, SWEEP_BATCH
        while batch == SWEEP_BATCH:  # a full batch may leave more behind; a short one means done or storage down
            batch = sweep_pending_deletions(storage, limit=SWEEP_BATCH)
            deleted += batch
        click.echo(f"Deleted {deleted} queued files.")
        click.echo(f"Deleted {sweep_orphan_files(get_storage(), orphans_older_than)} files no row names.")

    @app.cli.command("create-admin")
    @click.option("--username", required=True)
    @click.option("--email", required=True)
    @click.option("--password", default=None, help="Omit to generate one, printed once.")
    def create_admin(username, email, password):
        """Create an Admin user."""
        user, password_used = bootstrap.create_admin(current_app.appbuilder, username, email, password)
        _credentials_block("Admin created", user.username, None if password else password_used)

    @app.cli.command("reset-password")
    @click.option("--username", required=True)
    @click.option("--password", default=None, help="Omit to generate one, printed once.")
    def reset_password(username, password):
        """Give a user a new password (a lost admin password, say); every session and token of theirs ends."""
        new_password = bootstrap.reset_password(current_app.appbuilder, username, password)
        if new_password is None:
            raise click.ClickException(f"No user is called {username!r}.")
        _credentials_block("Password reset", username, None if password else new_password)

def _after_migrate():
    """Data every install needs once the schema exists."""
    bootstrap.sync_roles_and_permissions(current_app.appbuilder)
    bootstrap.ensure_tournament()
    bootstrap.ensure_counters()
    added = seed_churches()
    click.echo(f"Database is up to date; {added} churches added.")


def _credentials_block(title, username, generated_password):
    """Print a user's sign-in details in a block of their own, so they stand out from migration and pip output."""
    rule = "=" * 72
    lines = ["", rule, f"  {title}", f"  user name: {username}"]
    if generated_password:
        lines += [f"  password:  {generated_password}", "  (generated; shown only this once: keep it somewhere safe)"]
    else:
        lines.append("  password:  the one you gave (ADMIN_PASSWORD or --password)")
    config = current_app.config
    lines += [f"  Sign in at http://{config['HOST']}:{config['PORT']}/login/ and change it under your user's page.",
              "  Lost it? Set a new one (it is printed like this):",
              f"    flask --app app reset-password --username {username}", rule, ""]
    click.echo("\n".join(lines))
