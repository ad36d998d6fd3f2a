"""Admin action on teams: email the captain a new private status link (any earlier link stops working)."""
from flask import flash, redirect, url_for
from flask_appbuilder.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..services.status.links import send_new_links

STATUS_LINK_METHODS = {"send_status_links": "write"}


class StatusLinkActions:
    """Mixin for Team ModelViews: new status links through the status-link service, audited per team."""

    @action("status_link", lazy_gettext("Send a new status link"),
            lazy_gettext("Email each captain a new private status link? Any earlier link stops working."), "fa-link")
    def send_status_links(self, items):
        """Replace each selected team's status link and email the new one to its captain."""
        items = items if isinstance(items, list) else [items]
        codes = send_new_links([item.id for item in items if item is not None])
        if codes:
            flash(_("New status link emailed: %(teams)s", teams=", ".join(codes)), "success")
        return redirect(url_for(f"{self.__class__.__name__}.list"))
