"""The mail outbox: emails are queued in the same transaction as the change they report."""
from ..extensions import db
from ..models import OutboxEmail

TEMPLATES = ("received", "confirmed", "rejected", "withdrawn", "reopened")


def team_recipients(team):
    """Captain and vice-captain addresses, without duplicates, in that order."""
    return list(dict.fromkeys(address for address in (team.captain_email, team.vice_email) if address))


def queue_team_email(team, template, **context):
    """Queue an email about `team` to its captain and vice-captain, in the captain's language."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown email template {template!r}")
    email = OutboxEmail(template=template, language=team.language or "en", recipients=team_recipients(team),
                        context={"team_code": team.code, "team_name": team.name, **context}, team=team)
    db.session.add(email)
    return email
