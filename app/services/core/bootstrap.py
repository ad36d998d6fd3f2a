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
    appbuilder.add_permissions(update_perms=True)


def ensure_tournament():
    """Create the tournament's settings row with the defaults when there is none; return it."""
    tournament = db.session.scalar(_first_tournament())
    if tournament is None:
        tournament = Tournament(name="ICCT26")
        db.session.add(tournament)
        db.session.commit()
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


def has_admin(appbuilder):
    """True when any user holds the Admin role."""
    role = appbuilder.sm.find_role(appbuilder.sm.auth_role_admin)
    return bool(role and role.user)
