"""Per-document verdicts (OK or problem, with a note), audited; the problems make a rejection's reason."""
from flask_babel import force_locale, lazy_gettext, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ...extensions import db
from ...models import DOCUMENT_VERDICTS, Document, Player, Team, utcnow
from ...web.errors import NotFound, ValidationFailed
from ..audit import events as audit
from ..audit.events import current_actor
from ..core.transactions import run_in_transaction

MAX_NOTE = 200
KIND_LABELS = {"pastor_letter": lazy_gettext("Pastor's letter"), "payment_receipt": lazy_gettext("Payment receipt"),
               "group_photo": lazy_gettext("Group photo"), "aadhar": lazy_gettext("Aadhaar card"),
               "subscription": lazy_gettext("Subscription receipt")}


def set_verdict(document_id, verdict, note=None, actor=None):
    """Store `verdict` ('ok', 'problem', or None to clear it) with its note on a document, audited; return it."""
    if verdict not in DOCUMENT_VERDICTS and verdict is not None:
        raise ValidationFailed({"verdict": f"Unknown verdict {verdict!r}; use 'ok' or 'problem'."})
    note = " ".join((note or "").split()) or None
    if note and len(note) > MAX_NOTE:
        raise ValidationFailed({"note": f"The note must be at most {MAX_NOTE} characters."})
    if verdict != "problem":
        note = None  # a note explains a problem; an OK or a cleared verdict carries none
    return run_in_transaction(lambda: _apply(document_id, verdict, note, actor or current_actor()))


def _apply(document_id, verdict, note, actor):
    """Write the verdict and its audit event in the same transaction."""
    document = db.session.scalar(select(Document).where(Document.id == document_id)
                                 .execution_options(populate_existing=True))
    if document is None:
        raise NotFound(f"No document with id {document_id}.")
    previous = document.verdict
    document.verdict, document.verdict_note = verdict, note
    document.verdict_by, document.verdict_at = (actor, utcnow()) if verdict else (None, None)
    db.session.flush()
    audit.record("document.verdict", team=document.team, actor=actor, reason=note,
                 details={"document_id": document.id, "kind": document.kind,
                          "player": document.player.code if document.player else None,
                          "from": previous, "to": verdict})
    return document


def problem_documents(team):
    """The documents of `team` (a Team or its id) marked as problems, in roster order, team documents first."""
    team_id = team.id if isinstance(team, Team) else team
    return list(db.session.scalars(
        select(Document).outerjoin(Player, Document.player_id == Player.id).options(contains_eager(Document.player))
        .where(Document.team_id == team_id, Document.verdict == "problem")
        .order_by(Player.position.is_not(None), Player.position, Document.id)))


def describe(document):
    """One line naming a document for the captain: its kind, its player, and the organiser's note."""
    owner = f" ({document.player.name}, {document.player.code})" if document.player else ""
    note = f": {document.verdict_note}" if document.verdict_note else ""
    return f"{KIND_LABELS.get(document.kind, document.kind)}{owner}{note}"


def rejection_reason(team):
    """A rejection reason, in the captain's language, listing every document of `team` marked as a problem;
    '' when there is none. Too long for a reason, it drops the notes, then names only how many there are (the
    email lists each document anyway)."""
    from .decisions import MAX_REASON  # decisions' email imports this module

    problems = problem_documents(team)
    if not problems:
        return ""
    with force_locale(team.language or "en"):
        for describe_one in (describe, _without_note):
            reason = _("Please replace these documents: %(documents)s.",
                       documents="; ".join(describe_one(document) for document in problems))
            if len(reason) <= MAX_REASON:
                return reason
        return ngettext("Please replace the %(num)d document listed in this email.",
                        "Please replace the %(num)d documents listed in this email.", len(problems))


def _without_note(document):
    """A document's kind and player, without the organiser's note."""
    owner = f" ({document.player.name}, {document.player.code})" if document.player else ""
    return f"{KIND_LABELS.get(document.kind, document.kind)}{owner}"
