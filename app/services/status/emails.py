"""What the captain's emails carry for the status page: a sealed new link, and the documents to replace."""
from flask_babel import force_locale

from ..review.document_verdicts import KIND_LABELS, problem_documents
from .links import email_context, replace_link


def rejection_context(team):
    """For a rejection email, in its transaction: a new status link (sealed) and the problem documents."""
    return {**email_context(replace_link(team.id)), "problems": problem_list(team)}


def problem_list(team):
    """The documents of `team` marked as problems, each as {document, player, note}, in the captain's language."""
    with force_locale(team.language or "en"):
        return [{"document": str(KIND_LABELS.get(document.kind, document.kind)),
                 "player": f"{document.player.name} ({document.player.code})" if document.player else "",
                 "note": document.verdict_note or ""}
                for document in problem_documents(team)]
