"""All models, imported together so metadata is complete before AppBuilder or Alembic look at it."""
from .base import UTCDateTime, name_key, utcnow
from .church import Church
from .email_template import EMAIL_LANGUAGES, EmailTemplate
from .match import MATCH_STATUSES, Match
from .ops import AuditEvent, CodeCounter, IdempotencyRecord, OutboxEmail, PendingDeletion
from .team import DOCUMENT_KINDS, PLAYER_ROLES, SLOT_HOLDING, TEAM_STATUSES, Document, Player, Team
from .tournament import Tournament

__all__ = [
    "AuditEvent", "Church", "CodeCounter", "DOCUMENT_KINDS", "Document", "EMAIL_LANGUAGES", "EmailTemplate",
    "IdempotencyRecord", "MATCH_STATUSES",
    "Match", "OutboxEmail", "PLAYER_ROLES", "PendingDeletion", "Player", "SLOT_HOLDING", "TEAM_STATUSES", "Team",
    "Tournament", "UTCDateTime", "name_key", "utcnow",
]
