"""FAB's SQLAlchemy interface for our admin views and REST resources: datetime filters take typed times as UTC."""
from datetime import datetime, timezone

from flask_appbuilder.models.sqla import filters
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy.orm import joinedload


def _aware(value):
    """A typed filter time without a zone is read as UTC, the zone every stored time is in; FAB's own parsing
    gives it no zone, and our column type refuses naive datetimes (a 500 from one typed filter value)."""
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def _datetime_filter(base):
    """`base` (a FAB filter class) with its value made a UTC-aware datetime; an unreadable one filters nothing."""

    class DateTimeFilter(base):
        def apply(self, query, value):
            value = _aware(value)
            return query if value is None else super().apply(query, value)

    DateTimeFilter.__name__ = DateTimeFilter.__qualname__ = f"DateTime{base.__name__}"
    return DateTimeFilter


class FilterConverter(filters.SQLAFilterConverter):
    """FAB's conversion table with the datetime row swapped for zone-aware filters."""

    conversion_table = tuple(
        (test, [_datetime_filter(f) for f in classes]) if test == "is_datetime" else (test, classes)
        for test, classes in filters.SQLAFilterConverter.conversion_table
    )


class Interface(SQLAInterface):
    """SQLAInterface with zone-aware datetime filters."""

    filter_converter_class = FilterConverter


class JoinedInterface(Interface):
    """An Interface whose list and show queries join the named many-to-one relations into the one query."""

    def __init__(self, obj, joined=(), session=None):
        super().__init__(obj, session=session)
        self.joined = tuple(joined)

    def apply_all(self, query, *args, **kwargs):
        """FAB's filters, order and paging, plus the joins: a list page renders each row's relations without
        one lazy load per row (FAB's ModelView passes no select columns, so it never joins them itself)."""
        query = super().apply_all(query, *args, **kwargs)
        return query.options(*(joinedload(getattr(self.obj, name)) for name in self.joined))
