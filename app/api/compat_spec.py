"""Put the compatible public JSON API's routes into FAB's /api/v1/_openapi document, from their YAML docstrings."""
import re

from apispec.exceptions import DuplicateComponentNameError
from apispec.yaml_utils import load_operations_from_docstring
from flask import current_app
from flask_appbuilder.api import BaseApi

from .compat_schemas import COMPONENTS, RESPONSES

COMPAT_BLUEPRINTS = ("compat", "compat_schedule")
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class CompatOpenApi(BaseApi):
    """Adds no route: FAB's OpenApi view asks every v1 BaseApi for its paths, and this one describes the
    compat blueprints' routes with the operations written in their view functions' docstrings."""

    resource_name = "compat_openapi"
    openapi_spec_tag = "Compat"

    def add_api_spec(self, api_spec):
        """Add the compat components and one path per compat route."""
        for name, schema in COMPONENTS.items():
            _add(api_spec.components.schema, name, component=schema)
        for name, response in RESPONSES.items():
            _add(api_spec.components.response, name, response)
        for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
            if rule.endpoint.split(".")[0] not in COMPAT_BLUEPRINTS:
                continue
            documented = load_operations_from_docstring(current_app.view_functions[rule.endpoint].__doc__ or "")
            operations = {method.lower(): dict(documented[method.lower()], tags=[self.openapi_spec_tag])
                          for method in rule.methods if method.lower() in documented}
            api_spec.path(path=_CONVERTER.sub(r"{\1}", rule.rule), operations=operations)


def _add(register, name, *args, **kwargs):
    try:
        register(name, *args, **kwargs)
    except DuplicateComponentNameError:  # the spec is rebuilt on every request, components once each
        pass
