"""The REST API's docs work for a client that has nothing else: the OpenAPI document and Swagger UI are open to
anyone, the document explains sign-in, queries, paging, errors and limits, and Swagger's default requests work."""
import json
import re
from urllib.parse import unquote

import pytest
import requests

from tests.support.form_login import admin_auth
from tests.support.review_factories import make_team  # noqa: F401  -- shared fixture

LIST_PATH = re.compile(r"^/api/v1/[^/{}]+/$")


@pytest.fixture
def spec(live_server):
    """The OpenAPI document as an anonymous client reads it."""
    response = requests.get(f"{live_server.url}/api/v1/_openapi", timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()


@pytest.fixture
def admin_bearer(live_server):
    """An Admin's Authorization header, from the JWT login the document describes."""
    return admin_auth(live_server.url)


def test_the_document_is_open_to_anyone_and_holds_no_data(live_server, make_team):
    """No sign-in needed, and nothing stored (a team's name or its captain's email) appears in it."""
    make_team(name="Secretive Eleven", captain_email="hidden.captain@example.org")
    response = requests.get(f"{live_server.url}/api/v1/_openapi", timeout=30)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["openapi"].startswith("3.")
    assert "Secretive Eleven" not in response.text and "hidden.captain" not in response.text
    operation = response.json()["paths"]["/api/{version}/_openapi"]["get"]
    assert "security" not in operation and "401" not in operation["responses"]


def test_swagger_ui_renders_for_anyone(live_server):
    """The Swagger page loads the document without a session."""
    response = requests.get(f"{live_server.url}/swagger/v1", timeout=30)
    assert response.status_code == 200
    assert 'id="swagger-ui"' in response.text and "/api/v1/_openapi" in response.text


def test_an_unknown_version_is_still_not_found(live_server):
    """Opening the document to anyone opens no other version."""
    response = requests.get(f"{live_server.url}/api/v9/_openapi", timeout=30)
    assert response.status_code == 404


def test_the_description_explains_what_a_client_needs(spec):
    """Sign-in and refresh, the `q` parameter, paging, the error shape and the limits, with examples."""
    text = spec["info"]["description"]
    for needed in ("/api/v1/security/login", '"refresh": true', "/api/v1/security/refresh", "Authorization: Bearer",
                   "q=(", "page_size", "order_column", "filters", '"success": false', "error_code", "request_id",
                   "429", "Retry-After", "per minute"):
        assert needed in text, needed


def test_every_query_example_in_the_description_is_accepted(live_server, spec, admin_bearer, make_team):
    """Each `GET /api/v1/...?q=...` the description shows answers 200 as written."""
    make_team()
    examples = re.findall(r"GET (/api/v1/[^\s?`<]+)\?q=([^\s`]+)", spec["info"]["description"])
    assert len(examples) >= 3, examples
    for path, rison in examples:
        response = requests.get(f"{live_server.url}{path}", params={"q": unquote(rison)}, headers=admin_bearer,
                                timeout=30)
        assert response.status_code == 200, (path, rison, response.text[:300])
        assert "result" in response.json()


def test_try_it_out_works_on_every_list_endpoint(live_server, spec, admin_bearer, make_team):
    """Swagger UI's default request (each parameter's example, default or generated sample) answers 200 on every
    list, and on every other GET that needs no path parameter (`_info`, the compat reads)."""
    make_team()
    paths = [path for path, operations in spec["paths"].items() if "get" in operations and "{" not in path]
    lists = {path for path in paths if LIST_PATH.match(path)}
    assert {"/api/v1/team/", "/api/v1/player/", "/api/v1/church/", "/api/v1/match/"} <= lists, paths
    for path in paths:
        params = swagger_default_query(spec, spec["paths"][path]["get"])
        response = requests.get(f"{live_server.url}{path}", params=params, headers=admin_bearer, timeout=30)
        assert response.status_code == 200, (path, params, response.text[:300])
        assert path not in lists or "result" in response.json()


# What Swagger UI 5 fills in when "Try it out" opens an OpenAPI 3 operation (ParameterRow.setDefaultValue): the
# media type's example, else the parameter's example, else the schema's example or default, else the parameter's
# default; an object parameter with none of these gets a sample generated from its schema (samples plugin).


def swagger_default_query(spec, operation):
    """The query string Swagger UI sends for `operation` when the user presses Execute without typing."""
    query = {}
    for parameter in operation.get("parameters", []):
        parameter = resolve(spec, parameter)
        if parameter["in"] != "query":
            continue
        value = initial_value(spec, parameter)
        if value is not None:
            query[parameter["name"]] = value
    return query


def initial_value(spec, parameter):
    """The text Swagger UI puts in a parameter's field."""
    content = parameter.get("content")
    media = next(iter(content.values())) if content else {}
    schema = resolve(spec, media.get("schema") or parameter.get("schema") or {})
    for found in (media.get("example"), parameter.get("example"), schema.get("example"), schema.get("default"),
                  parameter.get("default")):
        if found is not None:
            return stringify(found)
    if schema.get("type") == "object":
        return stringify(sample(spec, schema))
    return None


def stringify(value):
    """Swagger UI's stringify: objects as indented JSON, everything else as text."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, indent=2)
    return json.dumps(value) if isinstance(value, bool) else str(value)


def sample(spec, schema):
    """Swagger UI's generated sample of a schema (the cases FAB's schemas use)."""
    schema = resolve(spec, schema)
    if "example" in schema:
        return schema["example"]
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            return sample(spec, schema[combined][0])
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    if kind == "object":
        found = {name: sample(spec, sub) for name, sub in schema.get("properties", {}).items()
                 if not sub.get("readOnly")}
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            found.update({f"additionalProp{n}": sample(spec, extra) for n in (1, 2, 3)})
        return found
    if kind == "array":
        return [sample(spec, schema.get("items", {}))]
    return {"string": "string", "integer": 0, "number": 0, "boolean": True}.get(kind)


def resolve(spec, node):
    """Follow a local `$ref`."""
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node
