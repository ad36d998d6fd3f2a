"""The mail outbox: emails are queued in the same transaction as the change they report."""
from functools import cache

from sqlalchemy import insert

from ...extensions import db
from ...models import OutboxEmail

TEMPLATES = ("received", "confirmed", "rejected", "withdrawn", "reopened", "status_link")
# Emails about no team yet: to a captain on a church's waiting list.
OTHER_TEMPLATES = ("waitlist_offer",)


def team_recipients(team):
    """Captain and vice-captain addresses, without duplicates, in that order."""
    return list(dict.fromkeys(address for address in (team.captain_email, team.vice_email) if address))


def queue_team_email(team, template, **context):
    """Queue an email about `team` to its captain and vice-captain, in the captain's language."""
    email = OutboxEmail(team=team, **_email_fields(team, template, context))
    db.session.add(email)
    return email


def insert_team_email(team, template, **context):
    """Queue an email about a team stored without the ORM (it needs its id), inserting the row at once."""
    db.session.execute(_insert_statement(), {"team_id": team.id, **_email_fields(team, template, context)})


def queue_email(template, language, recipients, **context):
    """Queue an email that is about no team (yet), such as a waiting-list offer."""
    if template not in OTHER_TEMPLATES:
        raise ValueError(f"unknown email template {template!r}")
    email = OutboxEmail(template=template, language=language or "en", recipients=list(recipients), context=context)
    db.session.add(email)
    return email


@cache
def _insert_statement():
    return insert(OutboxEmail.__table__)


def _email_fields(team, template, context):
    """The email row's columns apart from its team."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown email template {template!r}")
    return {"template": template, "language": team.language or "en", "recipients": team_recipients(team),
            "context": {"team_code": team.code, "team_name": team.name, **context}}
