"""How the OpenAPI document describes the REST reads' `q` argument: rison text, with an example that works as sent.

FAB documents `q` as a JSON object (`content: application/json`). Swagger UI then fills it with a sample of
FAB's whole query schema, `columns` and `select_columns` together (refused with 400), a filter and a sort on a
column called "string", a page size of 0, and sends that as JSON text, while `q` is read as rison
(app/web/input_guard.py refuses anything else).
"""
import prison
from flask_appbuilder.api import ModelRestApi

SCHEMAS = {"get_list_schema": "list", "get_info_schema": "info", "get_item_schema": "item"}
DESCRIPTIONS = {
    "list": "Rison: filters, sort, page and columns, e.g. `(filters:!((col:status,opr:eq,value:pending)))`; "
            "the fields are those of the `get_list_schema` component (see the guide at the top).",
    "info": "Rison: which parts of the description to answer, e.g. `(keys:!(filters))`; "
            "the fields are those of the `get_info_schema` component.",
    "item": "Rison: which columns and parts to answer, e.g. `(columns:!(id,name))`; "
            "the fields are those of the `get_item_schema` component.",
}
INFO_EXAMPLE = {"keys": ["filters", "permissions"]}
ITEM_EXAMPLE = {"keys": ["show_columns", "label_columns"]}


def list_query_examples(appbuilder):
    """The `q` each list starts from, by path: the first page, sorted on a column it sorts by."""
    examples = {}
    for api in appbuilder.baseviews:
        if isinstance(api, ModelRestApi):
            example = {"page": 0, "page_size": api.page_size}
            if api.order_columns:
                example = {"order_column": api.order_columns[0], "order_direction": "asc", **example}
            examples[f"{api.route_base}/"] = example
    return examples


def describe_query(path, operation, list_examples):
    """Rewrite the operation's `q` parameter, if it has one, as a rison string with a working example."""
    for parameter in operation.get("parameters", []):
        content = parameter.get("content", {}).get("application/json")
        if parameter.get("name") != "q" or content is None:
            continue
        kind = SCHEMAS.get(content.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1])
        if kind is None:
            continue
        example = list_examples.get(path) if kind == "list" else INFO_EXAMPLE if kind == "info" else ITEM_EXAMPLE
        del parameter["content"]
        parameter["schema"] = {"type": "string"}
        parameter["description"] = DESCRIPTIONS[kind]
        if example is not None:
            parameter["example"] = prison.dumps(example)
