"""First-run and upgrade tasks: roles and permissions, the tournament row, counters and the first admin."""
import secrets
from functools import cache

from flask import g, has_request_context
from sqlalchemy import select

from ...extensions import db
from ...models import CodeCounter, Tournament
from ...security import ROLE_NAMES

TEAM_COUNTER = "team"


def sync_roles_and_permissions(appbuilder):
    """Create the roles defined in code and record every view's permissions (Admin gets them all)."""
    for role in ROLE_NAMES:
        appbuilder.sm.add_role(role)
    appbuilder.sm.add_role(appbuilder.sm.auth_role_public)
    for name, permissions in _declared_permissions(appbuilder).items():
        appbuilder.sm.add_permissions_view(sorted(permissions), name)
    for name in _menu_names(appbuilder):
        appbuilder.sm.add_permissions_menu(name)


def _declared_permissions(appbuilder):
    """Every permission name each view menu needs, merged over all views (and menu items) that share it."""
    # FAB's own add_permissions syncs one view at a time and drops what that view lacks, so two views sharing
    # a class_permission_name (an admin view and its REST API, or a page and its menu item) fight on every run
    # and FAB logs "Refused to delete permission view" for each. One merged set per name syncs them at once.
    declared = {}
    for view in appbuilder.baseviews:
        declared.setdefault(view.class_permission_name, set()).update(view.base_permissions or ())
    for name in _menu_names(appbuilder):
        if name in declared:
            declared[name].add("menu_access")
    return declared


def _menu_names(appbuilder):
    """The names of every menu category and item (separators excluded)."""
    names = []
    for category in appbuilder.menu.get_list() if appbuilder.menu else ():
        names.append(category.name)
        names.extend(item.name for item in category.childs if item.name != "-")
    return names


def ensure_tournament():
    """Create the tournament's settings row with the defaults when there is none; return it."""
    tournament = db.session.scalar(_first_tournament())
    if tournament is None:
        tournament = Tournament(name="ICCT26")
        db.session.add(tournament)
        db.session.commit()
        # Loaded again now: the commit expired it, and current_tournament() detaches it (a 500 on first read).
        db.session.refresh(tournament)
    return tournament


@cache
def _first_tournament():
    # Built once: every request reads the settings, and building the query each time cost more than running it.
    return select(Tournament).order_by(Tournament.id).limit(1)


def current_tournament():
    """The tournament settings, read once per request and detached, so later commits don't reload them."""
    if not has_request_context():
        return ensure_tournament()
    if "tournament" not in g:
        tournament = ensure_tournament()
        db.session.expunge(tournament)
        g.tournament = tournament
    return g.tournament


def ensure_counters():
    """Create the team-code counter row, which registrations lock to hand out gapless codes."""
    if db.session.get(CodeCounter, TEAM_COUNTER) is None:
        db.session.add(CodeCounter(name=TEAM_COUNTER, next_value=1))
        db.session.commit()


def create_admin(appbuilder, username, email, password=None):
    """Create an Admin user; returns (user, password) with a generated password when none was given."""
    password = password or secrets.token_urlsafe(12)
    role = appbuilder.sm.find_role(appbuilder.sm.auth_role_admin)
    user = appbuilder.sm.add_user(username=username, first_name=username, last_name="Admin", email=email,
                                  role=role, password=password)
    if not user:
        raise ValueError(f"could not create user {username!r} (name or email already taken?)")
    return user, password


def reset_password(appbuilder, username, password=None):
    """Set a user's password (generated when none is given); returns it, or None when there is no such user."""
    user = appbuilder.sm.find_user(username=username)
    if user is None:
        return None
    password = password or secrets.token_urlsafe(12)
    appbuilder.sm.reset_password(user.id, password)
    return password


def has_admin(appbuilder):
    """True when any user holds the Admin role."""
    role = appbuilder.sm.find_role(appbuilder.sm.auth_role_admin)
    return bool(role and role.user)
