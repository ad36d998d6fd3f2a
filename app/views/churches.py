"""Admin view for churches and their slot limits."""
from ..datamodel import Interface
from ..models import Church
from ..services.churches.rules import church_name_problem, prepare_church
from .base import AdminModelView


class ChurchModelView(AdminModelView):
    """Churches, their verification state and optional slot-limit override."""

    datamodel = Interface(Church)
    class_permission_name = "Church"
    list_columns = ["name", "verified", "slot_limit", "created_at"]
    search_columns = ["name", "verified"]
    add_columns = edit_columns = ["name", "verified", "slot_limit"]
    show_columns = ["name", "verified", "slot_limit", "created_at"]
    order_columns = ["name", "verified", "created_at"]
    base_order = ("name", "asc")
    validators_columns = {"name": [church_name_problem]}

    def pre_add(self, item):
        """Derive the uniqueness key and refuse a duplicate before the database does."""
        prepare_church(item)

    def pre_update(self, item):
        """Same checks as on add."""
        prepare_church(item)
