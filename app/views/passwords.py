"""Changing one's own password: FAB's form and view under FAB's names, asking for the current password first."""
from flask import current_app
from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget
from flask_appbuilder.security.forms import ResetPasswordForm
from flask_appbuilder.security.views import ResetMyPasswordView as FabResetMyPasswordView
from flask_appbuilder.utils.limit import Limit
from flask_babel import lazy_gettext
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.security import check_password_hash
from wtforms import PasswordField
from wtforms.validators import DataRequired, ValidationError


class ChangeMyPasswordForm(ResetPasswordForm):
    """FAB's new-password fields plus the current password, so a borrowed session cannot take over the account."""

    current_password = PasswordField(lazy_gettext("Current password"), validators=[DataRequired()],
                                     widget=BS3PasswordFieldWidget())

    def validate_current_password(self, field):
        """Refuse the change unless the signed-in user knows the present password."""
        if not check_password_hash(current_user.password or "", field.data or ""):
            raise ValidationError(lazy_gettext("The current password is not correct."))


def _auth_rate_limit():
    return current_app.config["AUTH_RATE_LIMIT"]


def _auth_not_limited():
    return not current_app.config["AUTH_RATE_LIMITED"]


class ResetMyPasswordView(FabResetMyPasswordView):
    """FAB's own-password view (same class name, so the same endpoints and permissions), with the current
    password asked first and its guesses limited like the login's (AUTH_RATE_LIMIT per address)."""

    form = ChangeMyPasswordForm
    form_columns = ["current_password", "password", "conf_password"]
    limits = [Limit(_auth_rate_limit, key_func=get_remote_address, methods=("POST",),
                    exempt_when=_auth_not_limited)]
