"""The /api/v1/ resources: team, team_directory, player, church and match."""
from flask_appbuilder.models.sqla.interface import SQLAInterface

from ..models import Church, Match, Player, Team
from ..services.churches import prepare_church
from ..views.teams import CONTACT_COLUMNS, PUBLIC_TEAM_COLUMNS
from .base import ResourceApi


class TeamApi(ResourceApi):
    """Teams with contacts, for organisers."""

    resource_name = "team"
    class_permission_name = "Team"
    datamodel = SQLAInterface(Team)
    list_columns = ["id", "code", "name", "church.name", "status", "created_at"] + CONTACT_COLUMNS
    show_columns = list_columns + ["rejection_reason", "language", "decided_at"]
    edit_columns = ["name"] + CONTACT_COLUMNS
    add_columns = ["code", "name", "church"] + CONTACT_COLUMNS
    search_columns = ["code", "name", "status", "church", "captain_email", "captain_phone"]
    order_columns = ["code", "name", "status", "created_at"]


class TeamDirectoryApi(ResourceApi):
    """Teams without contacts or documents, readable by viewers and scorers."""

    resource_name = "team_directory"
    class_permission_name = "TeamDirectory"
    datamodel = SQLAInterface(Team)
    base_permissions = ["can_read"]
    include_route_methods = {"get", "get_list", "info"}
    list_columns = ["id"] + [c if c != "church" else "church.name" for c in PUBLIC_TEAM_COLUMNS]
    show_columns = list_columns
    search_columns = ["code", "name", "status", "church"]
    order_columns = ["code", "name", "status", "created_at"]


class PlayerApi(ResourceApi):
    """Players of every team."""

    resource_name = "player"
    class_permission_name = "Player"
    datamodel = SQLAInterface(Player)
    list_columns = ["id", "code", "name", "role", "team.code", "team.name"]
    show_columns = list_columns + ["position"]
    edit_columns = ["name", "role"]
    add_columns = ["team", "position", "code", "name", "role"]
    search_columns = ["code", "name", "role", "team"]


class ChurchApi(ResourceApi):
    """Churches and their slot limits."""

    resource_name = "church"
    class_permission_name = "Church"
    datamodel = SQLAInterface(Church)
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


class MatchApi(ResourceApi):
    """Matches and their scores."""

    resource_name = "match"
    class_permission_name = "Match"
    datamodel = SQLAInterface(Match)
    list_columns = ["id", "round_label", "round_number", "match_number", "group_name", "team1.name", "team2.name",
                    "venue", "scheduled_at", "status", "outcome", "winner_id", "margin", "margin_type"]
    show_columns = list_columns + ["toss_winner_id", "toss_choice", "started_at", "ended_at", "first_batting_id",
                                   "first_runs", "first_wickets", "first_balls", "second_batting_id",
                                   "second_runs", "second_wickets", "second_balls", "scorecard_url"]
    add_columns = edit_columns = ["round_label", "round_number", "match_number", "group_name", "team1", "team2",
                                  "venue", "scheduled_at", "overs_limit"]
    search_columns = ["round_number", "status", "venue", "group_name"]
    order_columns = ["round_number", "match_number", "scheduled_at", "status"]
