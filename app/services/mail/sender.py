"""The outbox sender: claims due emails without double sends, delivers them over SMTP, backs off on failure."""
import logging
import smtplib
from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from ...extensions import db
from ...models import OutboxEmail, utcnow
from ..core.periodic import PeriodicWork
from ..core.resilience import CircuitOpenError, Resilience, TransientError
from .render import render_email

log = logging.getLogger("app.mail")


class PermanentMailError(Exception):
    """The server refused the message for good (5xx); retrying will not help."""


class OutboxSender:
    """Delivers due OutboxEmail rows; safe to run in several processes at once."""

    def __init__(self, app):
        """Read SMTP_* and MAIL_* settings from `app`; the breaker lives as long as the sender."""
        self.app = app
        self.config = app.config
        self.resilience = Resilience.from_config(
            {"MAIL_RETRY_WAITS": (), **self.config}, "MAIL", "mail", log)
        self._loop = PeriodicWork(app, "outbox-sender", float(self.config.get("MAIL_POLL_SECONDS", 5)),
                                  self.run_once, "mail.batch_failed")

    def run_once(self):
        """Claim and send one batch of due emails; return {"sent": n, "retry": n, "failed": n}."""
        counts = {"sent": 0, "retry": 0, "failed": 0}
        for row_id in self.claim(int(self.config.get("MAIL_BATCH_SIZE", 20))):
            counts[self._deliver(row_id)] += 1
        return counts

    def claim(self, limit):
        """Mark up to `limit` due rows as 'sending' for this worker and return their ids."""
        now = utcnow()
        lease = now + timedelta(seconds=float(self.config.get("MAIL_CLAIM_SECONDS", 300)))
        due = or_(and_(OutboxEmail.status == "pending", OutboxEmail.next_attempt_at <= now),
                  and_(OutboxEmail.status == "sending", OutboxEmail.claimed_until < now))
        query = select(OutboxEmail.id).where(due).order_by(OutboxEmail.id).limit(limit)
        if db.engine.dialect.name == "postgresql":
            # Rows another worker holds are skipped, so concurrent senders split the queue between them.
            ids = list(db.session.scalars(query.with_for_update(skip_locked=True)))
            if ids:
                db.session.execute(update(OutboxEmail).where(OutboxEmail.id.in_(ids))
                                   .values(status="sending", claimed_until=lease))
            db.session.commit()
            return ids
        ids = list(db.session.scalars(query))
        db.session.rollback()
        return self._claim_each(ids, due, lease)

    @staticmethod
    def _claim_each(ids, due, lease):
        """Claim the rows one by one; the condition is re-checked by each UPDATE itself, so only one worker's
        update matches."""
        claimed = []
        for row_id in ids:
            result = db.session.execute(update(OutboxEmail).where(OutboxEmail.id == row_id, due)
                                        .values(status="sending", claimed_until=lease))
            db.session.commit()
            if result.rowcount == 1:
                claimed.append(row_id)
        return claimed

    def send_now(self, row_ids, timeout):
        """Claim these pending rows (if no other sender has) and send them at once, each SMTP conversation bounded
        by `timeout` seconds; return {row id: 'sent' | 'retry' | 'failed'} for the rows this call sent."""
        lease = utcnow() + timedelta(seconds=float(self.config.get("MAIL_CLAIM_SECONDS", 300)))
        claimed = self._claim_each(list(row_ids), OutboxEmail.status == "pending", lease)
        return {row_id: self._deliver(row_id, timeout) for row_id in claimed}

    def _deliver(self, row_id, timeout=None):
        """Send one claimed row and record the outcome; return 'sent', 'retry' or 'failed'."""
        row = db.session.get(OutboxEmail, row_id)
        try:
            message, recipients = render_email(row, self.config["MAIL_FROM"]), list(row.recipients)
            db.session.commit()  # no transaction stays open while the SMTP server takes its time
            self.resilience.call(lambda: self._smtp_send(message, recipients, timeout))
        except CircuitOpenError as error:
            # Not an attempt: the server was not even tried. Release the claim until the breaker may close.
            return self._finish(row, "pending", str(error), count=False)
        except Exception as error:  # anything but a transient SMTP problem (bad template, 5xx) will not heal
            permanent = not isinstance(error, TransientError)
            if permanent:
                log.warning("mail.refused", extra={"event": "mail.refused", "outbox_id": row.id})
            return self._finish(row, "failed" if permanent else "pending", f"{type(error).__name__}: {error}")
        row.status, row.sent_at, row.claimed_until, row.last_error = "sent", utcnow(), None, None
        row.attempts += 1
        db.session.commit()
        log.info("mail.sent", extra={"event": "mail.sent", "outbox_id": row.id, "template": row.template})
        return "sent"

    def _finish(self, row, status, error, count=True):
        """Record a failed attempt: back off exponentially, or give up after MAIL_MAX_ATTEMPTS."""
        if count:
            row.attempts += 1
            if row.attempts >= int(self.config.get("MAIL_MAX_ATTEMPTS", 8)):
                status = "failed"
            delay = min(float(self.config.get("MAIL_BACKOFF_SECONDS", 30)) * 2 ** (row.attempts - 1),
                        float(self.config.get("MAIL_BACKOFF_MAX_SECONDS", 3600)))
        else:
            delay = self.resilience.reset_timeout
        row.status, row.last_error, row.claimed_until = status, error[:1000], None
        row.next_attempt_at = utcnow() + timedelta(seconds=delay)
        db.session.commit()
        event = "mail.failed" if status == "failed" else "mail.retry"
        log.warning(event, extra={"event": event, "outbox_id": row.id, "attempts": row.attempts})
        return "failed" if status == "failed" else "retry"

    def _smtp_send(self, message, recipients, timeout=None):
        """One SMTP conversation with a timeout; connection problems and 4xx answers are transient."""
        config = self.config
        timeout = float(timeout or config.get("MAIL_TIMEOUT", 20))
        smtp_class = smtplib.SMTP_SSL if config.get("SMTP_USE_SSL") else smtplib.SMTP
        try:
            with smtp_class(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=timeout) as smtp:
                if config.get("SMTP_USE_TLS"):
                    smtp.starttls()
                if config.get("SMTP_USERNAME"):
                    smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
                smtp.send_message(message, to_addrs=recipients)
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentMailError(f"recipients refused: {', '.join(error.recipients)}") from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code >= 500:
                raise PermanentMailError(f"{error.smtp_code} {error.smtp_error!r}") from error
            raise TransientError(f"{error.smtp_code} {error.smtp_error!r}") from error
        except OSError as error:
            raise TransientError(str(error) or type(error).__name__) from error

    def start(self):
        """Run the sender in a daemon thread until `stop()`; return the thread."""
        return self._loop.start()

    def stop(self, timeout=10):
        """Ask the thread to finish its current batch and wait for it."""
        self._loop.stop(timeout)

    @property
    def running(self):
        """True while the sender's thread is alive."""
        return self._loop.running

    def run_forever(self):
        """Send due emails every MAIL_POLL_SECONDS until `stop()`; a failing batch is logged and the loop goes on."""
        self._loop.run_forever()


def start_outbox_sender(app):
    """Start the in-process sender when SMTP is configured and OUTBOX_SENDER_ENABLED; return it or None."""
    if not (app.config.get("SMTP_HOST") and app.config.get("OUTBOX_SENDER_ENABLED", True)):
        return None
    sender = app.extensions["outbox_sender"] = OutboxSender(app)
    sender.start()
    return sender


def resend(email_ids):
    """Put emails back in the queue, due now, with a fresh attempt budget; return how many were queued."""
    result = db.session.execute(update(OutboxEmail).where(OutboxEmail.id.in_(list(email_ids)),
                                                          OutboxEmail.status != "sending")
                                .values(status="pending", attempts=0, next_attempt_at=utcnow(),
                                        claimed_until=None, last_error=None))
    db.session.commit()
    return result.rowcount
