"""The organisers' dashboard: teams by status, registrations per day, church slots and outbox health."""
from flask import current_app
from flask_appbuilder import BaseView, expose, has_access

from ..services.review import dashboard


class DashboardView(BaseView):
    """One page of figures, guarded by the `Dashboard` read permission."""

    route_base = "/dashboard"
    class_permission_name = "Dashboard"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        """Render the figures."""
        sender = current_app.extensions.get("outbox_sender")
        return self.render_template(
            "dashboard/index.html", statuses=dashboard.status_counts(),
            per_day=dashboard.registrations_per_day(current_app.config.get("DISPLAY_TIMEZONE", "Asia/Kolkata")),
            slots=dashboard.church_slots(), outbox=dashboard.outbox_health(sender))
