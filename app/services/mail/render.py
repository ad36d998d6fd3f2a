"""Render an outbox row into an email: the organisers' edited template when there is one (services/mail/templates.py),
else templates/email/<language>/<template>.{txt,html}."""
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from jinja2 import TemplateNotFound

from ...models import LANGUAGES
from ..status.links import link_from_context
from .templates import try_edited


def render_email(row, mail_from):
    """Build the multipart (text and HTML) message for an OutboxEmail row, in the row's language."""
    language = row.language if row.language in LANGUAGES else "en"
    # The status page's address is built here, from the sealed token, so no stored row holds a usable link.
    context = {**row.context, "language": language, "status_url": link_from_context(row.context)}
    edited = try_edited(row.template, language, context)
    if edited is not None:
        subject, text, html = edited.subject, edited.text, edited.html
    else:
        text_template = _template(language, row.template, "txt")
        # Top-level `{% set subject = ... %}` in the text template is the one place the subject is written.
        subject = " ".join(str(text_template.make_module(context).subject).split())
        text = text_template.render(context)
        html = _template(language, row.template, "html").render(context)
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = ", ".join(row.recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # A stable Message-ID lets mail servers and tests recognise a duplicate delivery of the same row.
    message["Message-ID"] = f"<outbox-{row.id}-{row.created_at:%Y%m%d%H%M%S}@icct26>"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after the body: set_content() clears every Content-* header
    return message


def _template(language, name, extension):
    """The template in the row's language, falling back to English."""
    env = current_app.jinja_env
    try:
        return env.get_template(f"email/{language}/{name}.{extension}")
    except TemplateNotFound:
        return env.get_template(f"email/en/{name}.{extension}")
