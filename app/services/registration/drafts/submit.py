"""The final submit with a draft: the registration service with the draft's stored files, handed to the team in
its own transaction; a replayed submit answers with the team the draft became."""
from flask_babel import gettext as _
from sqlalchemy import delete, insert, literal, select, update

from ....extensions import db
from ....models import DraftFile, PendingDeletion, RegistrationDraft, Team, utcnow
from ....web.errors import AppError, Conflict, ValidationFailed
from ...documents.storage import StoredObject, get_storage, resource_type_for
from ..register import check_open, input_limits, register_team
from ..submission import RegistrationInputError, UploadedFile, parse_registration
from .store import DraftNotFound, find_draft


def register_with_draft(token, form, files, language="en", register=register_team):
    """Register the team of `form` and `files`, taking every file input left empty from the draft of `token`;
    return the Team. A draft already submitted returns its team again and stores nothing new. On a refusal the
    draft and its files stay as they were. `register(data, language, before_commit=...)` is the registration to
    run (a waiting-list offer's completion passes its own)."""
    check_open()
    draft = find_draft(token, submitted_too=True)
    if draft.submitted_at is not None:
        return _team_of(draft.id)
    backend = get_storage().name
    stored = {file.field: _as_upload(file) for file in draft.files if file.backend == backend}
    try:
        data = parse_registration(form, files, input_limits(), stored)
    except RegistrationInputError as error:
        raise ValidationFailed(error.fields, error.error_code, error.message) from error
    used = sorted(upload.stored.key for _kind, upload in data.files() if upload.stored is not None)
    leftovers = len(draft.files) > len(used)
    draft_id = draft.id
    try:
        return register(data, language, before_commit=lambda team: _hand_over(draft_id, team, used, leftovers))
    except AppError:
        # The same draft submitted twice at once: the first one's team is the answer to both.
        db.session.rollback()
        if _submitted(draft_id):
            return _team_of(draft_id)
        raise


def _as_upload(file):
    """A draft's file as an upload the registration records where it is stored."""
    stored = StoredObject(key=file.storage_key, backend=file.backend,
                          resource_type=resource_type_for(file.content_type), private=file.private, size=file.size,
                          content_type=file.content_type, public_url=None)
    return UploadedFile(field=file.field, data=b"", content_type=file.content_type, extension=file.extension,
                        size=file.size, sha256=file.sha256, original_name=file.filename, stored=stored)


def _hand_over(draft_id, team, used, leftovers):
    """Inside the registration's transaction: mark the draft submitted by `team` and let go of its files (the
    team's document rows now name the `used` keys); with `leftovers`, the files the team did not take (a file
    posted instead, a player row removed) are queued for deletion."""
    now = utcnow()
    drafts, files = RegistrationDraft.__table__, DraftFile.__table__
    taken = db.session.execute(update(drafts).where(drafts.c.id == draft_id, drafts.c.submitted_at.is_(None),
                                                    drafts.c.expires_at > now)
                               .values(team_id=team.id, submitted_at=now)).rowcount
    if not taken:
        raise DraftNotFound()  # submitted by a concurrent request, or expired while this one ran
    # Under the draft's lock now: a file replaced or removed since the draft was read is no longer its own (and
    # may be deleted already), so the team must not record it.
    if leftovers:
        queued = PendingDeletion.__table__
        db.session.execute(insert(queued).from_select(
            ["backend", "storage_key", "content_type", "private", "attempts", "created_at"],
            select(files.c.backend, files.c.storage_key, files.c.content_type, files.c.private, literal(0),
                   literal(now, PendingDeletion.created_at.type))
            .where(files.c.draft_id == draft_id, files.c.storage_key.not_in(used))))
    kept = db.session.execute(delete(files).where(files.c.draft_id == draft_id, files.c.storage_key.in_(used)))
    if kept.rowcount != len(used):
        raise Conflict(_("Some documents changed while the registration was being sent. Please submit again."),
                       details={"field": "form"})
    if leftovers:
        db.session.execute(delete(files).where(files.c.draft_id == draft_id))


def _submitted(draft_id):
    """True once the draft was submitted."""
    return db.session.scalar(select(RegistrationDraft.submitted_at).where(RegistrationDraft.id == draft_id)) is not None


def _team_of(draft_id):
    """The team a submitted draft became; DraftNotFound if that team is gone."""
    team = db.session.scalar(select(Team).join(RegistrationDraft, RegistrationDraft.team_id == Team.id)
                             .where(RegistrationDraft.id == draft_id))
    if team is None:
        raise DraftNotFound()
    return team
