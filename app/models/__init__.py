"""All models, imported together so metadata is complete before AppBuilder or Alembic look at it."""
from .base import LANGUAGES, UTCDateTime, name_key, utcnow
from .checkin import MatchCheckin
from .church import Church
from .draft import DraftFile, RegistrationDraft
from .email_template import EmailTemplate
from .match import MATCH_STATUSES, Match
from .ops import AuditEvent, CodeCounter, IdempotencyRecord, OutboxEmail, PendingDeletion
from .status_link import TeamStatusLink
from .team import DOCUMENT_KINDS, DOCUMENT_VERDICTS, PLAYER_ROLES, SLOT_HOLDING, TEAM_STATUSES, Document, Player, Team
from .tournament import Tournament
from .waitlist import WAITING_ACTIVE, WAITING_STATUSES, WaitingEntry

__all__ = [
    "AuditEvent", "Church", "CodeCounter", "DOCUMENT_KINDS", "DOCUMENT_VERDICTS", "Document", "DraftFile",
    "EmailTemplate", "IdempotencyRecord", "LANGUAGES", "MATCH_STATUSES", "Match", "MatchCheckin",
    "OutboxEmail", "PLAYER_ROLES", "PendingDeletion", "Player", "RegistrationDraft", "SLOT_HOLDING",
    "TEAM_STATUSES", "Team", "TeamStatusLink", "Tournament", "UTCDateTime", "WAITING_ACTIVE", "WAITING_STATUSES",
    "WaitingEntry", "name_key", "utcnow",
]
