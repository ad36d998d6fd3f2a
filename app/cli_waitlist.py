"""Operator command for the waiting list: `flask --app app waitlist-sweep`."""
import click

from .services.waitlist.offers import expire_offers


def register_waitlist_cli(app):
    """Attach the waiting-list sweep."""

    @app.cli.command("waitlist-sweep")
    def waitlist_sweep():
        """Close waiting-list offers past their deadline and offer each slot to the next team in line."""
        click.echo(f"{expire_offers()} expired offers passed on.")
