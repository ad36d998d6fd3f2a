"""Admin view of the churches' waiting lists: organisers see the line, remove an entry or offer one a slot."""
from flask import flash, redirect, url_for
from flask_appbuilder.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..datamodel import JoinedInterface
from ..models import WaitingEntry
from ..security import READ_WRITE_METHODS
from ..services.waitlist.offers import offer_to, remove_entry
from ..web.errors import AppError
from .base import ReadOnlyModelView


class WaitingEntryModelView(ReadOnlyModelView):
    """Every waiting-list entry, oldest first (the order offers follow); changes go through the waiting-list
    service, which audits them and emails the captain offered a slot."""

    datamodel = JoinedInterface(WaitingEntry, joined=["church", "team"])
    class_permission_name = "WaitingEntry"
    base_permissions = ["can_read", "can_write"]
    include_route_methods = ReadOnlyModelView.include_route_methods | {"action", "action_post"}
    method_permission_name = {**READ_WRITE_METHODS, "remove_entries": "write", "offer_slot": "write"}
    list_title = lazy_gettext("Waiting list")
    list_columns = ["created_at", "church", "team_name", "captain_name", "captain_email", "captain_phone", "language",
                    "status", "offer_expires_at", "team"]
    search_columns = ["church", "status", "team_name", "captain_name", "captain_email"]
    show_columns = list_columns + ["offered_at", "closed_at"]
    order_columns = ["created_at", "status", "offer_expires_at"]
    base_order = ("id", "asc")
    label_columns = {"offer_expires_at": lazy_gettext("Offer open until")}

    @action("remove", lazy_gettext("Remove from the list"), lazy_gettext("Remove the selected entries?"), "fa-times")
    def remove_entries(self, items):
        """Take entries off the list; a slot an open offer of theirs held goes to the next in line."""
        return self._each(items, remove_entry, _("Removed"))

    @action("offer", lazy_gettext("Offer a slot"),
            lazy_gettext("Offer a slot to the selected entry now? If no slot is free, the latest open offer of its "
                         "church goes back to waiting."), "fa-envelope", multiple=False)
    def offer_slot(self, items):
        """Offer a slot to one entry ahead of its turn; the captain gets the email with the link."""
        return self._each(items, offer_to, _("Slot offered"))

    def _each(self, items, change, done):
        """Apply the service call to each entry; report what was done and what was refused."""
        items = items if isinstance(items, list) else [items]
        applied = []
        for item in [item for item in items if item is not None]:
            name, entry_id = item.team_name, item.id
            try:
                change(entry_id)
            except AppError as error:
                flash(_("Skipped %(team)s: %(reason)s", team=name, reason=error.message), "warning")
            else:
                applied.append(name)
        if applied:
            flash(f"{done}: {', '.join(applied)}", "success")
        return redirect(url_for(f"{self.__class__.__name__}.list"))
