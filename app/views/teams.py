"""Admin views for teams, players and documents."""
from flask_appbuilder.models.sqla.interface import SQLAInterface

from ..models import Document, Player, Team
from .base import AdminModelView, ReadOnlyModelView

PUBLIC_TEAM_COLUMNS = ["code", "name", "church", "status", "created_at"]
CONTACT_COLUMNS = ["captain_name", "captain_phone", "captain_email", "captain_whatsapp",
                   "vice_name", "vice_phone", "vice_email", "vice_whatsapp"]


class PlayerModelView(AdminModelView):
    """Players of every team, searchable by code and name."""

    datamodel = SQLAInterface(Player)
    class_permission_name = "Player"
    list_columns = ["code", "name", "role", "team"]
    search_columns = ["code", "name", "role", "team"]
    show_columns = ["code", "name", "role", "team", "position"]
    edit_columns = ["name", "role"]
    add_columns = ["team", "position", "code", "name", "role"]
    order_columns = ["code", "name", "role"]
    base_order = ("code", "asc")


class DocumentModelView(ReadOnlyModelView):
    """Uploaded documents; their bytes are only ever served to signed-in users with permission."""

    datamodel = SQLAInterface(Document)
    class_permission_name = "Document"
    list_columns = ["team", "player", "kind", "content_type", "size", "private", "created_at"]
    search_columns = ["team", "kind", "private"]
    show_columns = ["team", "player", "kind", "content_type", "size", "sha256", "private", "backend",
                    "storage_key", "created_at"]
    order_columns = ["kind", "size", "created_at"]
    base_order = ("id", "asc")


class TeamModelView(AdminModelView):
    """Teams with contacts, roster and documents, for organisers."""

    datamodel = SQLAInterface(Team)
    class_permission_name = "Team"
    list_columns = PUBLIC_TEAM_COLUMNS + ["captain_name", "captain_phone"]
    search_columns = ["code", "name", "church", "status", "captain_name", "captain_phone", "captain_email"]
    show_fieldsets = [
        ("Team", {"fields": ["code", "name", "church", "status", "rejection_reason", "language",
                             "created_at", "decided_at"]}),
        ("Contacts", {"fields": CONTACT_COLUMNS}),
    ]
    edit_columns = ["name"] + CONTACT_COLUMNS
    add_columns = ["code", "name", "church"] + CONTACT_COLUMNS
    order_columns = ["code", "name", "status", "created_at"]
    base_order = ("created_at", "asc")
    related_views = [PlayerModelView, DocumentModelView]
    show_template = "appbuilder/general/model/show_cascade.html"


class TeamDirectoryModelView(ReadOnlyModelView):
    """Teams without contacts or documents, for viewers and scorers."""

    datamodel = SQLAInterface(Team)
    class_permission_name = "TeamDirectory"
    list_columns = PUBLIC_TEAM_COLUMNS
    search_columns = ["code", "name", "church", "status"]
    show_columns = PUBLIC_TEAM_COLUMNS + ["players"]
    order_columns = ["code", "name", "status", "created_at"]
    base_order = ("code", "asc")
