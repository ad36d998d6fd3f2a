"""Requests to every FAB model view (ours and FAB's security views), checked before FAB reads them.

FAB called `.func` on the None it found for an unknown action name, gave a record-only action a list, fetched row
ids as sent (a missing row reached the action as None), int()-ed paging arguments, ordered by any column name
and indexed filters blindly: each was a 500, and the action routes, which check no access themselves, gave it
to anonymous visitors too.
"""
import re

from flask import abort, current_app, redirect, request, url_for
from flask_appbuilder.baseviews import BaseCRUDView
from flask_appbuilder.const import PERMISSION_PREFIX
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import inspect, select

from ..extensions import db
from ..text import whole_number
from .errors import AppError, NotFound
from .filter_values import filter_problem, fits_integer
from .ids import MAX_PAGE

MAX_PAGE_SIZE = 100  # the list offers 25 to 100 rows a page
ARGUMENT_HANDLERS = {"list", "show", "add", "edit"}  # the FAB handlers that read paging, order and filter arguments


def check_model_view_request():
    """Refuse an action or list argument the model view addressed cannot serve; None lets the request through."""
    view_name, _dot, handler = (request.endpoint or "").rpartition(".")
    view = _crud_views().get(view_name)
    if view is None:
        return None
    if handler in ("action", "action_post"):
        return _check_action(view, handler == "action")
    if handler in ARGUMENT_HANDLERS and current_user.is_authenticated:  # others are sent to sign in by FAB
        _check_list_arguments(view, handler)
    return None


def _crud_views():
    """Every registered model view by its blueprint name (the first part of its endpoints)."""
    views = current_app.extensions.get("crud_views")
    if views is None:
        views = current_app.extensions["crud_views"] = {
            view.blueprint.name: view for view in current_app.appbuilder.baseviews
            if isinstance(view, BaseCRUDView) and view.blueprint is not None}
    return views


def _check_action(view, single):
    if not current_user.is_authenticated:
        return redirect(url_for(f"{view.appbuilder.sm.auth_view.__class__.__name__}.login", next=request.url))
    # Our views map the action routes to their write permission; FAB's own check each action's permission.
    route = view.method_permission_name.get("action" if single else "action_post")
    if route and not _may(view, PERMISSION_PREFIX + route):
        abort(403)
    action = view.actions.get(request.view_args["name"] if single else request.form.get("action"))
    if action is None or not (action.single if single else action.multiple):
        raise AppError(_("This action is not available here."))
    if view.datamodel.is_pk_composite():
        return None
    ids = [request.view_args["pk"]] if single else request.form.getlist("rowid")
    key = inspect(view.datamodel.obj).primary_key[0]
    numbers = {fits_integer(value, key.type) for value in ids}
    if None in numbers:
        if single:
            raise NotFound(_("Nothing was found at this address."))
        raise AppError(_("Choose the records by their ids."), details={"field": "rowid"})
    if numbers and len(set(db.session.scalars(select(key).where(key.in_(numbers))))) < len(numbers):
        raise NotFound(_("A chosen record does not exist any more."))
    return None


def _may(view, permission):
    """What FAB's has_access asks: the view has the permission and the signed-in user holds it."""
    return permission in view.base_permissions and view.appbuilder.sm.has_access(permission,
                                                                                  view.class_permission_name)


def _check_list_arguments(view, handler):
    """FAB's own argument patterns (urltools.py), which match anywhere in an argument's name."""
    ordered_views = {type(other).__name__: other for other in _crud_views().values()}
    for name in request.args:
        value = request.args.get(name)
        if re.findall("page_(.*)", name):
            _whole_number_in(name, value, 0, MAX_PAGE)
        if re.findall("psize_(.*)", name):
            _whole_number_in(name, value, 1, MAX_PAGE_SIZE)
        ordered = re.findall("_oc_(.*)", name)
        if ordered and ordered[0] in ordered_views and value not in ordered_views[ordered[0]].order_columns:
            raise AppError(_("%(name)s names no column this list can be ordered by.", name=name),
                           details={"field": name})
        filtered = re.findall(r"_flt_(\d)_(.*)", name)
        if filtered:
            _check_filter(view, handler, name, int(filtered[0][0]), filtered[0][1])


def _whole_number_in(name, value, low, high):
    number = whole_number(value)
    if number is None or not low <= number <= high:
        raise AppError(_("%(name)s must be a whole number from %(low)d to %(high)d.", name=name, low=low, high=high),
                       details={"field": name})


def _check_filter(view, handler, name, index, column):
    # FAB ignores a list filter on a column it does not search, then indexes all of the column's filters.
    if handler == "list" and column not in view._filters.get_search_filters():
        return
    filters = view._filters._all_filters.get(column)
    if filters is None:
        return
    if index >= len(filters):
        raise AppError(_("%(name)s names no filter of this list.", name=name), details={"field": name})
    problem = filter_problem(filters[index], request.args.getlist(name))
    if problem:
        raise AppError(problem, details={"field": name})
