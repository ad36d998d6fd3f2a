"""Admin view for matches."""
from flask_appbuilder.models.sqla.interface import SQLAInterface

from ..models import Match
from .base import AdminModelView


class MatchModelView(AdminModelView):
    """Fixtures by day and status."""

    datamodel = SQLAInterface(Match)
    class_permission_name = "Match"
    list_columns = ["round_label", "match_number", "team1", "team2", "venue", "scheduled_at", "status"]
    search_columns = ["round_label", "round_number", "status", "venue", "team1", "team2"]
    add_columns = edit_columns = ["round_label", "round_number", "match_number", "group_name", "team1", "team2",
                                  "venue", "scheduled_at", "overs_limit"]
    show_columns = ["round_label", "round_number", "match_number", "group_name", "team1", "team2", "venue",
                    "scheduled_at", "status", "toss_winner_id", "toss_choice", "started_at", "ended_at",
                    "first_runs", "first_wickets", "first_balls", "second_runs", "second_wickets", "second_balls",
                    "outcome", "winner_id", "margin", "margin_type", "scorecard_url"]
    order_columns = ["round_number", "match_number", "scheduled_at", "status"]
    base_order = ("scheduled_at", "asc")
