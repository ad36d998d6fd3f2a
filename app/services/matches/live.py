"""When the public schedule and standings should ask for changes often: while a match is on."""
from datetime import timedelta

from flask import current_app

from ...models import utcnow

# A scheduled match counts as on from shortly before its start until its result is in (at most this long).
DUE_BEFORE = timedelta(minutes=30)
DUE_FOR = timedelta(hours=12)


def match_is_on(matches, now=None):
    """True when a match is live, or due (scheduled to have started lately) and not yet recorded."""
    now = now or utcnow()
    return any(match.status == "live" or (match.status == "scheduled"
                                          and now - DUE_FOR <= match.scheduled_at <= now + DUE_BEFORE)
               for match in matches)


def poll_seconds(matches):
    """Seconds a public page waits between its conditional asks for changes."""
    key = "PUBLIC_LIVE_POLL_SECONDS" if match_is_on(matches) else "PUBLIC_IDLE_POLL_SECONDS"
    return current_app.config[key]
