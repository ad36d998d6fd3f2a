"""Shared settings for the admin ModelViews."""
from flask_appbuilder import IndexView, ModelView
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy.orm import joinedload

from ..security import READ_WRITE_METHODS


class JoinedSQLAInterface(SQLAInterface):
    """An SQLAInterface whose list and show queries join the named many-to-one relations into the one query."""

    def __init__(self, obj, joined=(), session=None):
        super().__init__(obj, session=session)
        self.joined = tuple(joined)

    def apply_all(self, query, *args, **kwargs):
        """FAB's filters, order and paging, plus the joins: a list page renders each row's relations without
        one lazy load per row (FAB's ModelView passes no select columns, so it never joins them itself)."""
        query = super().apply_all(query, *args, **kwargs)
        return query.options(*(joinedload(getattr(self.obj, name)) for name in self.joined))


class AdminModelView(ModelView):
    """A ModelView whose permissions are plain read/write on its resource, like the REST API's."""

    method_permission_name = READ_WRITE_METHODS
    page_size = 25

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
