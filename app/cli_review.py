"""Operator commands for the review workflow: `flask --app app send-outbox | purge-documents`."""
from datetime import date

import click

from .services.documents.access import download_name
from .services.documents.removal import purge_private_documents, tournament_over
from .services.mail.sender import OutboxSender


def register_review_cli(app):
    """Attach the outbox and document-purge commands."""

    @app.cli.command("send-outbox")
    @click.option("--once", is_flag=True, help="Send one batch and exit (for cron).")
    def send_outbox(once):
        """Deliver queued emails over SMTP; safe to run next to the in-app sender."""
        if not app.config.get("SMTP_HOST"):
            raise click.ClickException("SMTP_HOST is not set; there is nowhere to send mail.")
        sender = OutboxSender(app)
        if once:
            counts = sender.run_once()
            click.echo(f"sent {counts['sent']}, retry later {counts['retry']}, failed {counts['failed']}")
            return
        click.echo("Sending queued emails; press Ctrl+C to stop.")
        try:
            sender.run_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.")

    @app.cli.command("purge-documents")
    @click.option("--apply", is_flag=True, help="Really delete; without it, only report.")
    @click.option("--force", is_flag=True, help="Allow --apply before the tournament's last day has passed.")
    def purge_documents(apply, force):
        """Delete personal (private) documents from storage and the database after the tournament."""
        if apply and not force and not tournament_over(date.today()):
            raise click.ClickException("The tournament is not over yet (set its end date, or pass --force).")
        plan = purge_private_documents(apply=apply)
        for document in plan.documents if not apply else ():
            click.echo(f"would delete {download_name(document)} ({document.backend}:{document.storage_key})")
        if apply:
            click.echo(f"Deleted {plan.deleted} documents ({plan.total_bytes} bytes); "
                       f"{plan.deferred} files queued for deletion while storage is down.")
        else:
            click.echo(f"Dry run: {len(plan.documents)} private documents ({plan.total_bytes} bytes) would be "
                       "deleted. Run again with --apply to delete them.")
