"""Values for FAB's list filters, checked against their column before FAB queries with them.

FAB hands a filter's value to the database as given: a relation filter of `abc` or a yes/no filter of `1199`
(PostgreSQL: DataError), an integer beyond its column (SQLite: OverflowError) or a number for a text filter (FAB
appends '%' to it) was a 500.
"""
from flask_appbuilder.models.filters import FilterRelation
from sqlalchemy import BigInteger, Integer, SmallInteger, inspect

from ..text import whole_number
from .ids import MAX_DB_INT

# Checked in this order: BigInteger and SmallInteger are kinds of Integer.
INTEGER_LIMITS = {BigInteger: MAX_DB_INT, SmallInteger: 2**15 - 1, Integer: 2**31 - 1}
ID_MESSAGE = "Give the id of an existing record."
TEXT_MESSAGE = "Must be text."
BOOLEAN_MESSAGE = "Must be true or false."


def integer_limit(column_type):
    """The largest value an integer column of this type holds."""
    return next(limit for kind, limit in INTEGER_LIMITS.items() if isinstance(column_type, kind))


def fits_integer(value, column_type):
    """`value` (an int or its digits) as an int when it is a whole number the column can hold, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    number = whole_number(value, signed=True)
    limit = integer_limit(column_type)
    return number if number is not None and -limit - 1 <= number <= limit else None


def filter_problem(flt, value):
    """Why the filter `flt` cannot take `value` (a list is applied item by item), or None when it can."""
    values = value if isinstance(value, list) else [value]
    if isinstance(flt, FilterRelation):
        key = inspect(flt.datamodel.get_related_model(flt.column_name)).primary_key[0]
        return None if all(fits_integer(item, key.type) is not None for item in values) else ID_MESSAGE
    column = getattr(flt.model, "__table__").columns.get(flt.column_name)
    if column is not None and isinstance(column.type, Integer):
        if all(fits_integer(item, column.type) is not None for item in values):
            return None
        limit = integer_limit(column.type)
        return f"Must be a whole number between {-limit - 1} and {limit}."
    if flt.datamodel.is_string(flt.column_name) or flt.datamodel.is_text(flt.column_name):
        return None if all(isinstance(item, str) for item in values) else TEXT_MESSAGE
    if flt.datamodel.is_boolean(flt.column_name):
        # FAB turns its checkbox's "y" into True and passes anything else on as given ('1199': PostgreSQL's error).
        return None if all(isinstance(item, bool) or item == "y" for item in values) else BOOLEAN_MESSAGE
    return None
