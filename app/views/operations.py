"""Admin views for tournament settings, the audit log and the mail outbox."""
from flask_appbuilder.models.sqla.interface import SQLAInterface

from ..models import AuditEvent, OutboxEmail, Tournament
from .base import AdminModelView, ReadOnlyModelView


class TournamentModelView(AdminModelView):
    """The tournament's one row of settings; it cannot be added or deleted here."""

    datamodel = SQLAInterface(Tournament)
    class_permission_name = "Tournament"
    base_permissions = ["can_read", "can_write"]
    list_columns = ["name", "starts_on", "ends_on", "venue", "registration_closed"]
    edit_columns = show_columns = ["name", "starts_on", "ends_on", "venue", "registration_opens_at",
                                   "registration_closes_at", "registration_closed", "min_players", "max_players",
                                   "church_slot_limit", "overs_per_innings"]
    add_columns = edit_columns


class AuditEventModelView(ReadOnlyModelView):
    """Every audited change, newest first."""

    datamodel = SQLAInterface(AuditEvent)
    class_permission_name = "AuditEvent"
    list_columns = ["created_at", "event", "actor", "team", "from_status", "to_status", "reason"]
    search_columns = ["event", "actor", "team", "request_id"]
    show_columns = list_columns + ["match_id", "request_id", "details"]
    order_columns = ["created_at", "event", "actor"]
    base_order = ("created_at", "desc")


class OutboxEmailModelView(ReadOnlyModelView):
    """Queued and sent emails with their delivery state."""

    datamodel = SQLAInterface(OutboxEmail)
    class_permission_name = "OutboxEmail"
    list_columns = ["created_at", "template", "language", "team", "status", "attempts", "last_error"]
    search_columns = ["template", "status", "team"]
    show_columns = list_columns + ["recipients", "next_attempt_at", "sent_at"]
    order_columns = ["created_at", "status", "attempts"]
    base_order = ("created_at", "desc")
