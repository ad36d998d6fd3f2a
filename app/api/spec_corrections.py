"""Bring FAB's generated OpenAPI document in line with what its endpoints really answer."""
from flask import current_app
from flask_appbuilder.api import BaseApi

from .spec_guide import api_guide
from .spec_queries import describe_query, list_query_examples

ERROR_SCHEMA = {"$ref": "#/components/schemas/CompatError"}
# Every response FAB documents with its own `{"message": ...}` component is rewritten into the shared shape
# (app/web/errors.normalise_json_error); these statuses can come from any operation.
ERROR_RESPONSES = {
    "400": "Bad request", "401": "Unauthorized", "403": "Forbidden", "404": "Not found", "409": "Conflict",
    "422": "Could not process entity", "429": "Too many requests", "500": "Fatal error",
    "503": "The database is briefly unavailable",
}
# Answered before any view runs: text holding NUL (app/web/input_guard.py), the rate limiter, a database outage.
EVERY_OPERATION = ("422", "429", "503")


class SpecCorrections(BaseApi):
    """Adds no route. Registered after every other v1 API, so FAB's OpenApi view calls it last, once the whole
    document is built, and it corrects what FAB documents wrongly about its own endpoints."""

    resource_name = "spec_corrections"

    def add_api_spec(self, api_spec):
        """Add the guide, correct the error components and every operation of the assembled document."""
        api_spec.options["info"]["description"] = api_guide(current_app.config)
        responses = api_spec.components.responses
        for status, description in ERROR_RESPONSES.items():
            responses[status] = {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
        examples = list_query_examples(current_app.appbuilder)
        for path, operations in api_spec._paths.items():  # apispec keeps the assembled paths only here
            for method, operation in operations.items():
                if isinstance(operation, dict) and "responses" in operation:
                    correct_operation(path, method, operation)
                    describe_query(path, operation, examples)


def correct_operation(path, method, operation):
    """Fix one operation in place: integer ids, `_info` column lists, menu separators, sign-in refusals."""
    responses = operation["responses"]
    for status in EVERY_OPERATION:
        responses.setdefault(status, {"$ref": f"#/components/responses/{status}"})
    for response in responses.values():
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        properties = schema.get("properties", {})
        # Every primary key here is an integer; FAB documents the ids it returns as strings.
        if properties.get("ids", {}).get("items") == {"type": "string"}:
            properties["ids"]["items"] = {"type": "integer"}
        if properties.get("id", {}).get("type") == "string":
            properties["id"]["type"] = "integer"
        # `_info` answers its add and edit columns as lists of column descriptions, not objects.
        for name in ("add_columns", "edit_columns"):
            if properties.get(name) == {"type": "object"}:
                properties[name] = {"type": "array", "items": {"type": "object"}}
        # The security menu separates its groups with "-" entries.
        for item in _menu_items(properties):
            item["properties"]["childs"]["items"] = {"oneOf": [{"type": "object"}, {"type": "string"}]}
    if _signed_in_only(path):
        # Without credentials FAB answers 401, with too few rights 403, and flask-jwt-extended answers 422 to a
        # malformed Authorization header or a token of the wrong kind (say, an access token on /refresh).
        for status in ("401", "403", "422"):
            responses.setdefault(status, {"$ref": f"#/components/responses/{status}"})
    if method in CHANGES and path.startswith("/api/v1/") and "/security/" not in path:
        # Our rules refuse a clashing change (a duplicate name, a decided team, a started match) with 409.
        responses.setdefault("409", {"$ref": "#/components/responses/409"})


CHANGES = ("post", "put", "delete")


def _signed_in_only(path):
    return path.startswith("/api/v1/") and not path.endswith("/security/login")


def _menu_items(properties):
    items = properties.get("result", {}).get("items", {})
    if isinstance(items, dict) and "childs" in items.get("properties", {}):
        yield items
