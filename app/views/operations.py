"""Admin views for tournament settings, the audit log and the mail outbox."""
from flask import flash, redirect, url_for
from flask_appbuilder.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..datamodel import Interface, JoinedInterface
from ..models import AuditEvent, OutboxEmail, Tournament
from ..security import READ_WRITE_METHODS
from ..services.mail.sender import resend
from .base import AdminModelView, ReadOnlyModelView


class TournamentModelView(AdminModelView):
    """The tournament's one row of settings; it cannot be added or deleted here."""

    datamodel = Interface(Tournament)
    class_permission_name = "Tournament"
    base_permissions = ["can_read", "can_write"]
    exclude_route_methods = {"add", "delete"}
    list_columns = ["name", "starts_on", "ends_on", "venue", "registration_closed"]
    edit_columns = show_columns = ["name", "starts_on", "ends_on", "venue", "registration_opens_at",
                                   "registration_closes_at", "registration_closed", "min_players", "max_players",
                                   "church_slot_limit", "overs_per_innings"]


class AuditEventModelView(ReadOnlyModelView):
    """Every audited change, newest first."""

    datamodel = JoinedInterface(AuditEvent, joined=["team"])
    class_permission_name = "AuditEvent"
    list_columns = ["created_at", "event", "actor", "team", "from_status", "to_status", "reason"]
    search_columns = ["event", "actor", "team", "request_id"]
    show_columns = list_columns + ["match_id", "request_id", "details"]
    order_columns = ["created_at", "event", "actor"]
    base_order = ("created_at", "desc")


class OutboxEmailModelView(ReadOnlyModelView):
    """Queued and sent emails with their delivery state; failed or sent ones can be queued again."""

    datamodel = JoinedInterface(OutboxEmail, joined=["team"])
    class_permission_name = "OutboxEmail"
    base_permissions = ["can_read", "can_write"]
    include_route_methods = ReadOnlyModelView.include_route_methods | {"action", "action_post"}
    method_permission_name = {**READ_WRITE_METHODS, "resend_emails": "write"}
    list_columns = ["created_at", "template", "language", "team", "status", "attempts", "next_attempt_at",
                    "last_error"]
    search_columns = ["template", "status", "language", "team"]
    show_columns = list_columns + ["recipients", "context", "claimed_until", "sent_at"]
    order_columns = ["created_at", "status", "attempts", "next_attempt_at"]
    base_order = ("created_at", "desc")

    @action("resend", lazy_gettext("Send again"), lazy_gettext("Queue the selected emails again?"), "fa-repeat")
    def resend_emails(self, items):
        """Queue emails again with a fresh attempt budget (not ones being sent right now)."""
        items = items if isinstance(items, list) else [items]
        count = resend(item.id for item in items)
        flash(_("%(count)d email(s) queued again.", count=count), "success")
        return redirect(url_for("OutboxEmailModelView.list"))
