"""The registration form: WTForms renders the fields and checks CSRF; the registration service validates."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, FileField, HiddenField, StringField, TelField


class RegistrationForm(FlaskForm):
    """Team, church, captain, vice-captain and team documents; player rows are added by the template."""

    language = HiddenField()
    team_name = StringField(_l("Team name"))
    church_name = StringField(_l("Church"))
    captain_name = StringField(_l("Captain's name"))
    captain_phone = TelField(_l("Captain's mobile"))
    captain_email = EmailField(_l("Captain's email"))
    captain_whatsapp = TelField(_l("Captain's WhatsApp (optional)"))
    vice_name = StringField(_l("Vice-captain's name"))
    vice_phone = TelField(_l("Vice-captain's mobile"))
    vice_email = EmailField(_l("Vice-captain's email"))
    vice_whatsapp = TelField(_l("Vice-captain's WhatsApp (optional)"))
    pastor_letter = FileField(_l("Letter from the pastor"))
    payment_receipt = FileField(_l("Payment receipt"))
    group_photo = FileField(_l("Group photo (optional)"))

    class Meta:
        """Fields are read by the registration service, so the form must not rename them."""

        csrf_field_name = "csrf_token"


ROLE_CHOICES = [("", _l("Any role")), ("Batsman", _l("Batsman")), ("Bowler", _l("Bowler")),
                ("All-Rounder", _l("All-Rounder")), ("Wicket-Keeper", _l("Wicket-Keeper"))]
