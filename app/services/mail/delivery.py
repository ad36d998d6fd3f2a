"""What to tell the organiser or captain who just caused an email: that it was sent, or that it is queued, as it
really is. A fresh email is tried at once (briefly) when a mail server is configured; else it waits in the outbox."""
from flask import current_app, flash
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import OutboxEmail
from .sender import OutboxSender

SENT, QUEUED, NO_SERVER, FAILED = "sent", "queued", "no_server", "failed"


def mail_configured():
    """True when a mail server is configured (SMTP_HOST)."""
    return bool(current_app.config.get("SMTP_HOST"))


def send_team_emails_now(team_ids):
    """Try at once to send the pending emails about these teams; return the state of the newest one of each
    (SENT, QUEUED, FAILED, or NO_SERVER when no mail server is configured)."""
    team_ids = list(team_ids)
    if not team_ids:
        return QUEUED
    if not mail_configured():
        return NO_SERVER
    pending = db.session.scalars(select(OutboxEmail.id).where(OutboxEmail.team_id.in_(team_ids),
                                                              OutboxEmail.status == "pending"))
    sender = current_app.extensions.get("outbox_sender") or OutboxSender(current_app)  # the running one's breaker
    sender.send_now(list(pending), timeout=float(current_app.config.get("MAIL_SEND_NOW_TIMEOUT", 5)))
    return team_email_state(team_ids)


def team_email_state(team_ids):
    """The state of the newest email about each of these teams, the least delivered one counting for all."""
    newest = {}
    for team_id, status in db.session.execute(select(OutboxEmail.team_id, OutboxEmail.status)
                                              .where(OutboxEmail.team_id.in_(list(team_ids)))
                                              .order_by(OutboxEmail.id)):
        newest[team_id] = status
    statuses = set(newest.values())
    if "failed" in statuses:
        return FAILED
    if statuses and statuses <= {"sent"}:
        return SENT
    return QUEUED if mail_configured() else NO_SERVER


def state_message(state):
    """The sentence for the person who caused the email, in the page's language."""
    return {
        SENT: _("We have emailed the captain and the vice-captain."),
        QUEUED: _("The email to the captain and the vice-captain is queued and will be sent shortly."),
        NO_SERVER: _("The email to the captain and the vice-captain is queued: no mail server is set up yet, so "
                     "it will be sent once the organisers configure one."),
        FAILED: _("The email to the captain could not be sent; the organisers can see it in the outbox."),
    }[state]


def flash_delivery(message, team_ids, category="success"):
    """Send the emails just queued about these teams at once, then flash `message` followed by what became of
    them (sent, queued, or waiting for a mail server): every admin action that emails a captain says it alike."""
    flash(f"{message} {state_message(send_team_emails_now(team_ids))}", category)
