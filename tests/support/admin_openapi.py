"""An OpenAPI document of the admin UI's routes, built for the fuzz (FAB's admin UI has none of its own).

Each form's fields are read from the page a signed-in admin is served, so the fuzz posts what a browser would
(url-encoded, or multipart where the form uploads files). List and record pages take FAB's paging, order and
filter arguments; list actions take an action name and row ids. Ids are drawn from the records that exist as well
as from any integer or text.
"""
import re
from html.parser import HTMLParser

from sqlalchemy import inspect, select

from app.extensions import db

TEXT = {"type": "string"}
ANYTHING = {"anyOf": [{"type": "integer"}, TEXT]}
PATH_CHOICES = {"table": ["teams", "players"], "fmt": ["csv", "xlsx"]}
EXTRA_QUERY = {"reject_form": ["ids"]}  # arguments a custom handler reads from the query string
ARGUMENT_HANDLERS = {"list", "show", "add", "edit"}  # FAB's handlers that read paging, order and filter arguments
NO_BODY = {"action", "delete"}


def one_of(choices, *others):
    """A schema taking one of `choices` (when there are any) or anything `others` allow (by default, text)."""
    choices = list(dict.fromkeys(choices))
    return {"anyOf": ([{"enum": choices}] if choices else []) + list(others or [TEXT])}


class PostForms(HTMLParser):
    """The fields of a page's POST forms as JSON schemas, and whether any of those forms uploads files."""

    def __init__(self):
        super().__init__()
        self.fields, self.options, self.multiple, self.multipart = {}, {}, set(), False
        self._posting, self._select = False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self._posting = (attrs.get("method") or "get").lower() == "post"
            self.multipart |= self._posting and attrs.get("enctype") == "multipart/form-data"
        elif tag == "option" and self._select:
            self.options[self._select].append(attrs.get("value", ""))
        elif not self._posting or not name or name == "csrf_token":
            return
        elif tag == "select":
            self._select = name
            self.options.setdefault(name, [])
            if "multiple" in attrs:
                self.multiple.add(name)
        elif tag == "textarea":
            self.fields[name] = TEXT
        elif tag == "input":
            self.fields[name] = self._input(attrs.get("type", "text"), attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._posting = False
        elif tag == "select":
            self._select = None

    def schema(self):
        """The form body's schema: every field optional, as a fuzzer may leave any out."""
        fields = dict(self.fields)
        for name, options in self.options.items():
            choice = one_of(options, ANYTHING)
            fields[name] = {"type": "array", "items": choice} if name in self.multiple else choice
        return {"type": "object", "properties": fields, "additionalProperties": False}

    @staticmethod
    def _input(kind, value):
        if kind == "file":
            return {"type": "string", "format": "binary"}
        if kind == "number":
            return ANYTHING
        if kind in ("checkbox", "submit", "radio"):
            return one_of([value, ""])
        return TEXT


def admin_openapi(app, base_url, session, views):
    """The document for `views` (model and plain admin views), forms read through the signed-in `session`."""
    paths = {}
    for view in views:
        for rule in app.url_map.iter_rules():
            if rule.endpoint.rsplit(".", 1)[0] != view.blueprint.name:
                continue
            handler = rule.endpoint.rsplit(".", 1)[1]
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            parameters = [_path_parameter(app, view, name) for name in rule.arguments]
            item = paths.setdefault(path, {})
            if "GET" in rule.methods:
                item["get"] = _operation(parameters + _query_parameters(app, view, handler))
            if "POST" in rule.methods:
                item["post"] = _operation(parameters, _body(app, view, handler, rule, base_url, session))
    return {"openapi": "3.0.3", "info": {"title": "ICCT26 admin UI", "version": "1"}, "paths": paths}


def _operation(parameters, body=None):
    operation = {"parameters": parameters, "responses": {"default": {"description": "Any page or redirect"}}}
    if body is not None:
        operation["requestBody"] = body
    return operation


def _record_ids(app, view, limit=6):
    """Ids of the first records of a model view's model (none for a plain view)."""
    datamodel = getattr(view, "datamodel", None)
    if datamodel is None:
        return []
    key = inspect(datamodel.obj).primary_key[0]
    with app.app_context():
        ids = list(db.session.scalars(select(key).order_by(key).limit(limit)))
        db.session.remove()
    return ids


def _path_parameter(app, view, name):
    if name == "pk":
        schema = one_of(_record_ids(app, view), ANYTHING)
    elif name == "name":
        schema = one_of(sorted(getattr(view, "actions", {}) or {}))
    else:
        schema = one_of(PATH_CHOICES.get(name, []), {"type": "string", "minLength": 1})
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query_parameters(app, view, handler):
    names = {name: TEXT for name in EXTRA_QUERY.get(handler, [])}
    if handler in ARGUMENT_HANDLERS and hasattr(view, "datamodel"):
        view_name = type(view).__name__
        names.update({f"page_{view_name}": ANYTHING, f"psize_{view_name}": ANYTHING,
                      f"_oc_{view_name}": one_of(view.order_columns), f"_od_{view_name}": one_of(["asc", "desc"])})
        for column, filters in view._filters.get_search_filters().items():
            for index in sorted({0, 1, len(filters) - 1}):
                names[f"_flt_{index}_{column}"] = ANYTHING
    return [{"name": name, "in": "query", "required": False, "schema": schema} for name, schema in names.items()]


def _body(app, view, handler, rule, base_url, session):
    if handler in NO_BODY:
        return None
    if handler == "action_post":
        ids = one_of(_record_ids(app, view), ANYTHING)
        schema = {"type": "object", "properties": {"action": one_of(sorted(view.actions)),
                                                   "rowid": {"type": "array", "items": ids}}}
        return {"content": {"application/x-www-form-urlencoded": {"schema": schema}}}
    forms = _form_page(app, view, rule, base_url, session)
    media = "multipart/form-data" if forms.multipart else "application/x-www-form-urlencoded"
    return {"content": {media: {"schema": forms.schema()}}}


def _form_page(app, view, rule, base_url, session):
    """The POST forms of the route's page; for a record's page, of the first record that offers one."""
    candidates = _record_ids(app, view, limit=20) if "pk" in rule.arguments else [None]
    forms = PostForms()
    for record in candidates:
        url = rule.rule if record is None else re.sub(r"<(?:[^:<>]+:)?pk>", str(record), rule.rule)
        page = session.get(f"{base_url}{url}", allow_redirects=False, timeout=30)
        forms = PostForms()
        forms.feed(page.text)
        if forms.fields or forms.options:
            break
    return forms
