"""Admin view where organisers edit the emails' subject and body in both languages, with a preview on a real
team; the text is Jinja checked and rendered in a sandbox (services/mail/templates.py)."""
from flask import abort, request
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import BS3TextAreaFieldWidget, BS3TextFieldWidget, Select2Widget
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ..datamodel import Interface
from ..extensions import db
from ..models import EmailTemplate, Team
from ..security import READ_WRITE_METHODS
from ..services.audit.events import current_actor
from ..services.mail.outbox import TEMPLATES
from ..services.mail.templates import VARIABLES, preview_context, render_edited, template_problem
from .base import AdminModelView

PREVIEW_TEAMS = 50  # newest teams offered to preview on


def _template_check(form, field):
    """The body (and subject) must render in the sandbox with every name an email may use."""
    draft = EmailTemplate(subject=form.subject.data or "", body=form.body.data or "")
    problem = template_problem(draft)
    if problem:
        raise ValidationError(problem)


def _form_fields():
    return {
        "name": SelectField(_l("Email"), choices=[SelectChoice(name, name) for name in TEMPLATES],
                            widget=Select2Widget(),
                            validators=[DataRequired()]),
        "language": SelectField(_l("Language"), choices=[SelectChoice("en", "English"), SelectChoice("ta", "தமிழ்")],
                                widget=Select2Widget(), validators=[DataRequired()]),
        "subject": StringField(_l("Subject"), validators=[DataRequired(), Length(max=200), _template_check],
                               widget=BS3TextFieldWidget()),
        "body": TextAreaField(_l("Body (plain text)"), validators=[DataRequired(), Length(max=20000),
                                                                   _template_check],
                              widget=BS3TextAreaFieldWidget()),
    }


class EmailTemplateModelView(AdminModelView):
    """The organisers' wording of each email; without one, the email uses its file template."""

    datamodel = Interface(EmailTemplate)
    class_permission_name = "EmailTemplate"
    method_permission_name = {**READ_WRITE_METHODS, "preview": "read"}
    list_columns = ["name", "language", "subject", "updated_by", "updated_at"]
    show_columns = ["name", "language", "subject", "body", "updated_by", "updated_at"]
    add_columns = edit_columns = ["name", "language", "subject", "body"]
    add_form_extra_fields = edit_form_extra_fields = _form_fields()
    search_columns = ["name", "language"]
    order_columns = ["name", "language", "updated_at"]
    base_order = ("name", "asc")
    show_template = "mail/template_show.html"
    description_columns = {"body": _l("Jinja: %(names)s", names=", ".join(VARIABLES))}

    def pre_add(self, item):
        """One template per email and language; the editor is recorded."""
        self._check_unique(item)
        item.updated_by = current_actor()

    def pre_update(self, item):
        """As for a new one."""
        self._check_unique(item)
        item.updated_by = current_actor()

    @staticmethod
    def _check_unique(item):
        with db.session.no_autoflush:
            clash = db.session.scalar(select(EmailTemplate.id).where(
                EmailTemplate.name == item.name, EmailTemplate.language == item.language,
                EmailTemplate.id != (item.id or 0)))
        if clash:
            db.session.rollback()
            raise ValueError(f"The {item.name} email in {item.language} already has a template: edit that one.")

    @expose("/preview/<int:pk>")
    @has_access
    def preview(self, pk):
        """The template rendered on a real team (chosen with ?team=<id>, else the newest)."""
        template = db.session.get(EmailTemplate, pk)
        if template is None:
            abort(404)
        teams = db.session.scalars(select(Team).order_by(Team.id.desc()).limit(PREVIEW_TEAMS)).all()
        chosen = request.args.get("team", type=int)
        team = next((t for t in teams if t.id == chosen), None) or (db.session.get(Team, chosen) if chosen else None)
        team = team or (teams[0] if teams else None)
        problem = template_problem(template, team)
        rendered = None if problem else render_edited(template, preview_context(team))
        return self.render_template("mail/template_preview.html", email_template=template, teams=teams, team=team,
                                    rendered=rendered, problem=problem)
