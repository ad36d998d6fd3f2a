"""Shared settings for the admin ModelViews."""
from flask_appbuilder import IndexView, ModelView

from ..display import column_formatters
from ..security import READ_WRITE_METHODS
from .shared_forms import SharedForms


class AdminModelView(SharedForms, ModelView):
    """A ModelView whose permissions are plain read/write on its resource, like the REST API's."""

    method_permission_name = READ_WRITE_METHODS
    page_size = 25

    def __init__(self, **kwargs):
        """FAB's view, with every listed and shown column read as people read it (app/display.py): times in the
        tournament's zone, statuses as words, empty values blank; a view's own formatters come first."""
        super().__init__(**kwargs)
        shown = list(self.list_columns) + list(self.show_columns)
        self.formatters_columns = {**column_formatters(self.datamodel, shown), **self.formatters_columns}

    def __init_subclass__(cls, **kwargs):
        """Leave out FAB's file download route whatever routes a view excludes itself: it serves UPLOAD_FOLDER,
        which no model here uses, and answered every request with a 500."""
        super().__init_subclass__(**kwargs)
        cls.exclude_route_methods = set(cls.exclude_route_methods) | {"download"}


class ReadOnlyModelView(AdminModelView):
    """A ModelView that can only list and show: records written by the system, never edited."""

    base_permissions = ["can_read"]
    include_route_methods = {"list", "show", "api_read", "api_get"}


class AdminIndexView(IndexView):
    """The admin home lives under /admin, leaving / to the public site."""

    route_base = "/admin"
