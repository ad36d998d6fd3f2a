"""Admin action on teams: email the captain a new private status link (any earlier link stops working)."""
from flask import redirect, url_for
from flask_appbuilder.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..services.mail.delivery import flash_delivery
from ..services.status.links import send_new_links

STATUS_LINK_METHODS = {"send_status_links": "write"}


class StatusLinkActions:
    """Mixin for Team ModelViews: new status links through the status-link service, audited per team."""

    @action("status_link", lazy_gettext("Send a new status link"),
            lazy_gettext("Email each captain a new private status link? Any earlier link stops working."), "fa-link")
    def send_status_links(self, items):
        """Replace each selected team's status link and email the new one to its captain."""
        teams = {item.id: item.code for item in (items if isinstance(items, list) else [items]) if item is not None}
        codes = send_new_links(list(teams))
        if codes:
            flash_delivery(_("New status link for: %(teams)s.", teams=", ".join(codes)),
                           [team_id for team_id, code in teams.items() if code in codes])
        return redirect(url_for(f"{self.__class__.__name__}.list"))
