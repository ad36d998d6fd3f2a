"""Audit events: one dotted vocabulary (`team.registered`, `match.completed`, ...) for the log, metrics and audit table."""
import logging
from functools import cache

from flask import current_app, has_request_context
from sqlalchemy import insert

from ...extensions import db
from ...models import AuditEvent
from ...web.request_id import current_request_id

log = logging.getLogger("app.audit")


def current_actor():
    """Return the signed-in username (session or bearer token), or 'public' for anonymous requests and 'system'
    outside requests."""
    if not has_request_context():
        return "system"
    # FAB's current user covers the JWT user too; Flask-Login's alone saw a bearer-token request as anonymous.
    user = current_app.appbuilder.sm.current_user
    return user.username if getattr(user, "is_authenticated", False) else "public"


def record(event, *, team=None, match=None, from_status=None, to_status=None, reason=None, details=None,
           actor=None):
    """Add an audit event to the current transaction (it commits or rolls back with the change it records)."""
    entry = AuditEvent(team=team, **_fields(event, match, from_status, to_status, reason, details, actor))
    db.session.add(entry)
    _log(event, team, from_status, to_status)
    return entry


def insert_for_team(event, team, *, to_status=None, details=None, log_now=True):
    """Insert an audit event about a team stored without the ORM (it needs its id) at once, in the current
    transaction; `log_now=False` leaves its log line to `log_for_team`, for a team whose code is not final yet."""
    db.session.execute(_insert_statement(), {"team_id": team.id,
                                             **_fields(event, None, None, to_status, None, details, None)})
    if log_now:
        _log(event, team, None, to_status)


def log_for_team(event, team, *, to_status=None):
    """The log line of an event `insert_for_team` inserted with `log_now=False`."""
    _log(event, team, None, to_status)


@cache
def _insert_statement():
    return insert(AuditEvent.__table__)


def _fields(event, match, from_status, to_status, reason, details, actor):
    """The audit row's columns apart from its team."""
    return {"event": event, "actor": actor or current_actor(), "match_id": getattr(match, "id", None),
            "from_status": from_status, "to_status": to_status, "reason": reason,
            "request_id": current_request_id(), "details": details or {}}


def _log(event, team, from_status, to_status):
    log.info(event, extra={"event": event, "team": getattr(team, "code", None), "from": from_status,
                           "to": to_status})
