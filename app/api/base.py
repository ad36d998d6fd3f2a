"""Shared behaviour of the /api/v1/ resources."""
from flask import request
from flask_appbuilder.api import ModelRestApi
from marshmallow_sqlalchemy.fields import Related, RelatedList
from sqlalchemy import Integer
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.exceptions import BadRequest

from ..extensions import db
from ..security import READ_WRITE_METHODS
from ..web.errors import AppError, ValidationFailed, error_response
from ..web.filter_values import INTEGER_LIMITS, filter_problem, integer_limit
from ..web.ids import MAX_PAGE

# Each resource class's four marshmallow schemas, built once per process: FAB builds them from the class's column
# lists and model alone (their session is the one scoped `db.session` of every app); building them cost the test
# suite, which builds an app per test, 0.227 s of CPU per app against 0.143 s with this cache (a loaded 2-core host).
_SCHEMAS = {}


class ResourceApi(ModelRestApi):
    """A ModelRestApi with read/write permissions and refusals in the shared error shape."""

    method_permission_name = READ_WRITE_METHODS
    allow_browser_login = True
    page_size = 25
    max_page_size = 100

    def _init_properties(self):
        """FAB's column lists, except that a resource without POST (or PUT) describes no add (or edit) columns in
        `_info`: FAB fills an empty list with every column, a team's code and contacts included."""
        super()._init_properties()
        for method, columns in (("post", "add_columns"), ("put", "edit_columns")):
            if method in self.exclude_route_methods or method not in (self.include_route_methods or {method}):
                setattr(self, columns, [])

    def _init_model_schemas(self):
        """FAB's schemas for this class, built on its first app in the process and reused by later ones."""
        schemas = _SCHEMAS.get(type(self))
        if schemas is None:
            super()._init_model_schemas()
            schemas = _SCHEMAS[type(self)] = (self.list_model_schema, self.add_model_schema, self.edit_model_schema,
                                              self.show_model_schema)
        self.list_model_schema, self.add_model_schema, self.edit_model_schema, self.show_model_schema = schemas

    def _sanitize_page_args(self, page, page_size):
        """FAB's paging, refusing a page that no offset can reach (FAB passed it on and the driver overflowed)."""
        if page is not None and not (isinstance(page, int) and 0 <= page <= MAX_PAGE):
            raise BadRequest(f"page must be a whole number from 0 to {MAX_PAGE}.")  # FAB's @safe answers 400
        return super()._sanitize_page_args(page, page_size)

    def get_list_headless(self, **kwargs):
        """FAB's list, refusing a filter value its column cannot take (FAB queried with it: a 500)."""
        problems = {}
        for item in kwargs.get("rison", {}).get("filters", []):
            flt = next((flt for flt in self._filters.get_search_filters().get(item["col"], [])
                        if flt.arg_name == item["opr"]), None)  # FAB itself refuses an unknown column or operation
            problem = flt and filter_problem(flt, item["value"])
            if problem:
                problems.setdefault(item["col"], problem)
        if problems:
            # Returned, not raised: FAB's @safe would answer a raised error with a 500.
            return error_response(400, "VALIDATION_FAILED", next(iter(problems.values())),
                                  {"field": next(iter(problems)), "fields": problems})
        return super().get_list_headless(**kwargs)

    def post_headless(self):
        """Add, answering rule refusals from `pre_add` as errors rather than FAB's 500."""
        return self._guarded(self._checked_input, self.add_model_schema, super().post_headless)

    def put_headless(self, pk):
        """Edit, answering rule refusals from `pre_update` as errors rather than FAB's 500."""
        return self._guarded(self._checked_input, self.edit_model_schema, super().put_headless, pk)

    def delete_headless(self, pk):
        """Delete, answering rule refusals from `pre_delete` as errors rather than FAB's 500."""
        return self._guarded(super().delete_headless, pk)

    def _checked_input(self, schema, call, *args):
        # marshmallow-sqlalchemy turns an unknown id (or an object) in a relation field into a *new* related
        # row, which then fails in the database or in the model's constructor; and an integer beyond its
        # column overflows the driver. Name the field instead.
        body = request.get_json(silent=True)
        problems = input_problems(self.datamodel.obj, schema, body) if isinstance(body, dict) else {}
        if problems:
            raise ValidationFailed(problems)
        return call(*args)

    @staticmethod
    def _guarded(call, *args):
        try:
            return call(*args)
        except AppError as error:
            db.session.rollback()
            return error_response(error.status, error.error_code, error.message, error.details)
        except (IntegrityError, DataError):
            # A null in a required column or a clash that pre_add/pre_update could not see: the client's data.
            db.session.rollback()
            return error_response(422, "VALIDATION_FAILED", "A required field is missing or a value clashes.")


def input_problems(model, schema, body):
    """Map each field of `body` that names no existing row, or overflows its integer column, to a message."""
    problems = {}
    for name, field in schema.fields.items():
        if name not in body:
            continue
        if isinstance(field, (Related, RelatedList)):
            problem = _relation_problem(field, body[name])
        else:
            problem = _integer_problem(model, name, body[name])
        if problem:
            problems[name] = problem
    return problems


def _relation_problem(field, value):
    if isinstance(field, RelatedList):
        values = value if isinstance(value, list) else [value]
    else:
        values = [] if value is None else [value]
    if not all(_is_id(v) for v in values):
        return "Give the id of an existing record."
    column = getattr(field.related_model, field.related_keys[0].key)
    wanted = {v for v in values if abs(v) <= INTEGER_LIMITS[Integer]}
    found = {row[0] for row in db.session.query(column).filter(column.in_(wanted))} if wanted else set()
    missing = sorted(set(values) - found)
    return f"No {field.related_model.__name__.lower()} has id {missing[0]}." if missing else None


def _integer_problem(model, name, value):
    column = getattr(model, "__table__").columns.get(name)
    if column is None or not _is_id(value) or not isinstance(column.type, Integer):
        return None
    limit = integer_limit(column.type)
    return None if -limit - 1 <= value <= limit else f"Must be between {-limit - 1} and {limit}."


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)
