"""Email templates organisers edit in the admin: checked and rendered in Jinja's sandbox (their text is never
trusted as a plain template), used instead of the file template under templates/email/ while one exists."""
import logging
from dataclasses import dataclass

from flask import render_template
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select

from ...extensions import db
from ...models import EmailTemplate
from ..core.bootstrap import ensure_tournament

log = logging.getLogger("app.mail")
# Real emails render leniently (a misspelt name prints nothing rather than losing the email); the check before
# saving is strict, so the organiser hears about the misspelling.
_SENDING = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)
_CHECKING = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True, undefined=StrictUndefined)
VARIABLES = ("team_code", "team_name", "church", "player_count", "reason", "players", "tournament", "venue",
             "starts_on", "language")


@dataclass(frozen=True)
class Rendered:
    """An email's subject, plain text and HTML."""

    subject: str
    text: str
    html: str


def edited_template(name, language):
    """The organisers' version of email `name` in `language`, or None."""
    return db.session.scalar(select(EmailTemplate).where(EmailTemplate.name == name,
                                                         EmailTemplate.language == language))


def render_edited(template, context, strict=False):
    """Render an EmailTemplate row's subject and body with `context` in the sandbox; the HTML part is the body's
    text, escaped, in the emails' common layout."""
    env = _CHECKING if strict else _SENDING
    subject = " ".join(env.from_string(template.subject).render(context).split())
    text = env.from_string(template.body).render(context)
    paragraphs = [block.split("\n") for block in text.strip().split("\n\n")]
    html = render_template("email/edited.html", paragraphs=paragraphs, subject=subject, **context)
    return Rendered(subject, text, html)


def try_edited(name, language, context):
    """The organisers' version rendered, or None when there is none or it fails (the file template then
    serves, so no email is lost to a template mistake)."""
    template = edited_template(name, language)
    if template is None:
        return None
    # Every email offers every name, as the preview does: those its event does not carry read blank.
    context = {**dict.fromkeys(VARIABLES, ""), **context}
    if context["players"] and not context["player_count"]:
        context["player_count"] = len(context["players"])
    try:
        return render_edited(template, context)
    except TemplateError:
        log.warning("edited email template failed; using the file template",
                    extra={"event": "mail.template_failed", "template": name, "language": language})
        return None


def template_problem(template, team=None):
    """A message naming what is wrong with an edited template (syntax, an unknown name, unsafe code), or None."""
    try:
        render_edited(template, preview_context(team), strict=True)
    except TemplateError as error:
        line = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
        return f"{error.message or type(error).__name__}{line}"
    return None


def preview_context(team=None):
    """Every name an email template may use, filled from `team` (or sample values without one)."""
    tournament = ensure_tournament()
    context = {"team_code": "ICCT-000", "team_name": "Sample Eleven", "church": "CSI Sample Church",
               "player_count": 11, "reason": "The payment receipt is unreadable.", "players": [],
               "tournament": tournament.name, "venue": tournament.venue or "",
               "starts_on": tournament.starts_on.isoformat() if tournament.starts_on else "", "language": "en"}
    if team is not None:
        context.update(team_code=team.code, team_name=team.name, church=team.church.name,
                       player_count=len(team.players), reason=team.rejection_reason or context["reason"],
                       players=[{"code": p.code, "name": p.name, "role": p.role or ""} for p in team.players],
                       language=team.language or "en")
    return context
