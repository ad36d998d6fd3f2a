"""Record ids in URLs: any integer, however negative or large, reaches its view and is answered 404, not 405 or 500."""
from werkzeug.routing import IntegerConverter

from ..text import whole_number
from .errors import NotFound

MAX_DB_INT = 2**63 - 1
# The deepest page a list serves: far beyond any real data, and page × page size stays inside MAX_DB_INT.
MAX_PAGE = 1_000_000


class SignedIntegerConverter(IntegerConverter):
    """`<int:pk>` that also matches negative numbers.

    Werkzeug's default rejects `-5`, so `GET /api/v1/team/-5` fell through to FAB's `PUT /<pk>` rule and was
    answered 405 Method Not Allowed; a negative id simply names no record.
    """

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("signed", True)
        super().__init__(url_map, *args, **kwargs)


def _out_of_range(value):
    number = whole_number(value, signed=True)
    return number is not None and abs(number) > MAX_DB_INT


def install_id_routing(app):
    """Use the signed converter for `<int:...>` (before any route exists) and refuse ids beyond the database."""
    app.url_map.converters["int"] = SignedIntegerConverter

    @app.url_value_preprocessor
    def _ids_in_database_range(_endpoint, values):
        # An id beyond any database integer names nothing; passed on, it overflows the driver into a 500.
        # FAB's own routes take `<pk>` as text, so digit strings count too.
        if any(_out_of_range(value) for value in (values or {}).values()):
            raise NotFound("Nothing was found at this address.")
