"""Operator commands: `flask --app app setup | seed-churches | create-admin | sync-roles`."""
import click
from flask import current_app
from flask_migrate import upgrade

from .services.churches.rules import seed_churches
from .services.core import bootstrap


def register_cli(app):
    """Attach the operator commands to the app's CLI."""
    from .cli_review import register_review_cli

    register_review_cli(app)

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
        if config["ADMIN_PASSWORD"]:
            click.echo(f"Created admin user {user.username!r} with the password from ADMIN_PASSWORD.")
        else:
            click.echo(f"Created admin user {user.username!r} with generated password: {password}")
            click.echo("This password is shown once. Change it after signing in.")

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
    def sweep_uploads():
        """Delete uploaded files that a failed registration left queued while storage was down."""
        from .services.documents.storage import get_storage
        from .services.documents.uploads import sweep_pending_deletions

        click.echo(f"Deleted {sweep_pending_deletions(get_storage())} queued files.")

    @app.cli.command("create-admin")
    @click.option("--username", required=True)
    @click.option("--email", required=True)
    @click.option("--password", default=None, help="Omit to generate one, printed once.")
    def create_admin(username, email, password):
        """Create an Admin user."""
        user, password_used = bootstrap.create_admin(current_app.appbuilder, username, email, password)
        click.echo(f"Created admin user {user.username!r}." + ("" if password else f" Password: {password_used}"))


def _after_migrate():
    """Data every install needs once the schema exists."""
    bootstrap.sync_roles_and_permissions(current_app.appbuilder)
    bootstrap.ensure_tournament()
    bootstrap.ensure_counters()
    added = seed_churches()
    click.echo(f"Database is up to date; {added} churches added.")
