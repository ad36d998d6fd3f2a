"""FAB's security manager, with sessions and tokens that a password change or reset retires."""
from flask import g, has_request_context
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import (PermissionModelView, PermissionViewModelView, RoleModelView,
                                             UserDBModelView, UserGroupModelView, UserStatsChartView,
                                             ViewMenuModelView)
from flask_login import current_user, user_logged_in

from .api.login import SecurityApi
from .views.passwords import ResetMyPasswordView
from .views.shared_forms import with_shared_forms
from .web.credentials import CLAIM, is_current, session_is_current, stamp_session
from .web.errors import init_jwt_errors


def _stamp_new_session(_app, user, **_extra):
    """Flask-Login signal receiver: a fresh sign-in carries the user's present credential stamp."""
    stamp_session(user)


class AppSecurityManager(SecurityManager):
    """Sessions and JWTs are valid only while the password they were issued under is unchanged.

    The stamp is derived from the password hash, so no table or migration is needed, and sessions from before
    this release (without a stamp) simply sign in once more.
    """

    security_api = SecurityApi
    resetmypasswordview = ResetMyPasswordView
    userdbmodelview = with_shared_forms(UserDBModelView)
    rolemodelview = with_shared_forms(RoleModelView)
    groupmodelview = with_shared_forms(UserGroupModelView)
    permissionmodelview = with_shared_forms(PermissionModelView)
    viewmenumodelview = with_shared_forms(ViewMenuModelView)
    permissionviewmodelview = with_shared_forms(PermissionViewModelView)
    userstatschartview = with_shared_forms(UserStatsChartView)

    def create_login_manager(self, app):
        """FAB's login manager, loading a session's user only while the session's stamp is current."""
        manager = super().create_login_manager(app)
        manager.user_loader(self.load_session_user)
        user_logged_in.connect(_stamp_new_session)  # one module-level receiver, however many apps are built
        return manager

    def create_jwt_manager(self, app):
        """FAB's JWT manager, with every refusal a 401 in the shared error shape."""
        manager = super().create_jwt_manager(app)
        init_jwt_errors(manager)
        return manager

    def load_session_user(self, pk):
        """The session's user, or None (signed out) when the password changed since the session signed in."""
        user = self.load_user(pk)
        return user if user is not None and session_is_current(user) else None

    def load_user_jwt(self, _jwt_header, jwt_data):
        """The token's user, or None (401) when the password changed since the token was issued."""
        user = self.load_user(jwt_data["sub"])
        if user is None or not is_current(user, jwt_data.get(CLAIM)):
            return None
        g.user = user
        return user

    def reset_password(self, userid, password):
        """Change the password, which retires every earlier session and token; the session that changed its own
        password is stamped again and stays signed in."""
        super().reset_password(userid, password)
        if has_request_context() and current_user.is_authenticated and str(current_user.id) == str(userid):
            stamp_session(self.get_user_by_id(userid))
