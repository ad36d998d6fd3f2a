"""Admin edit-form fields for teams and players whose validators ask the review service's registration rules."""
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from ..services.review.editing import PLAYER_RULES, TEAM_RULES, player_field_problems, team_field_problems

# The public registration form's labels, so the admin reads the same words in both languages.
TEAM_LABELS = {"name": _l("Team name"), "captain_name": _l("Captain's name"), "captain_phone": _l("Captain's mobile"),
               "captain_email": _l("Captain's email"), "captain_whatsapp": _l("Captain's WhatsApp (optional)"),
               "vice_name": _l("Vice-captain's name"), "vice_phone": _l("Vice-captain's mobile"),
               "vice_email": _l("Vice-captain's email"), "vice_whatsapp": _l("Vice-captain's WhatsApp (optional)")}
PLAYER_LABELS = {"name": _l("Name"), "role": _l("Role")}


def _rules_validator(problems_of, names):
    """A WTForms validator showing, on its own field, what the service says about the form's values together
    (the vice-captain's phone is judged against the captain's)."""

    def check(form, field):
        message = problems_of({name: form[name].data for name in names if name in form}).get(field.name)
        if message:
            raise ValidationError(message)

    return check


def rule_fields(rules, labels, problems_of):
    """Plain text fields for each ruled column; FAB's own would refuse `+91 98765-43210` as too long before the
    rules could store it as 10 digits."""
    check = _rules_validator(problems_of, list(rules))
    return {name: StringField(labels[name], validators=[check], widget=BS3TextFieldWidget()) for name in rules}


def team_edit_fields():
    """The team edit form's fields."""
    return rule_fields(TEAM_RULES, TEAM_LABELS, team_field_problems)


def player_edit_fields():
    """The player edit form's fields."""
    return rule_fields(PLAYER_RULES, PLAYER_LABELS, player_field_problems)
