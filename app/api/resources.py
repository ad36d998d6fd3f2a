"""The /api/v1/ resources: team_directory, player and church (team and match live in their own modules)."""
from ..datamodel import Interface
from ..models import Church, Player, Team
from ..services.churches.rules import prepare_church
from ..services.review.editing import edit_player
from ..views.teams import PUBLIC_TEAM_COLUMNS
from .base import ResourceApi
from .edits import ServiceEdits


class TeamDirectoryApi(ResourceApi):
    """Teams without contacts or documents, readable by viewers and scorers."""

    resource_name = "team_directory"
    class_permission_name = "TeamDirectory"
    datamodel = Interface(Team)
    base_permissions = ["can_read"]
    include_route_methods = {"get", "get_list", "info"}
    list_columns = ["id"] + [c if c != "church" else "church.name" for c in PUBLIC_TEAM_COLUMNS]
    show_columns = list_columns
    search_columns = ["code", "name", "status", "church"]
    order_columns = ["code", "name", "status", "created_at"]


class PlayerApi(ServiceEdits, ResourceApi):
    """Players of every team; they only come from a registration, and edits run its name and role rules."""

    resource_name = "player"
    class_permission_name = "Player"
    datamodel = Interface(Player)
    exclude_route_methods = {"post"}
    list_columns = ["id", "code", "name", "role", "team.code", "team.name"]
    show_columns = list_columns + ["position"]
    edit_columns = ["name", "role"]
    search_columns = ["code", "name", "role", "team"]
    edit_service = staticmethod(edit_player)


class ChurchApi(ResourceApi):
    """Churches and their slot limits."""

    resource_name = "church"
    class_permission_name = "Church"
    datamodel = Interface(Church)
    list_columns = ["id", "name", "verified", "slot_limit", "created_at"]
    show_columns = list_columns
    add_columns = edit_columns = ["name", "verified", "slot_limit"]
    search_columns = ["name", "verified"]
    order_columns = ["name", "created_at"]

    def pre_add(self, item):
        """Derive the uniqueness key and refuse a duplicate name with 409."""
        prepare_church(item)

    def pre_update(self, item):
        """Same checks as on add."""
        prepare_church(item)
