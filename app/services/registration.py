"""Team registration: validate, upload outside the transaction, then commit team, code and documents at once."""
import uuid

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import SLOT_HOLDING, Church, CodeCounter, Document, Player, Team, name_key
from ..web.errors import AppError, Conflict
from . import audit, outbox
from .bootstrap import TEAM_COUNTER, current_tournament
from .registration_input import InputLimits, RegistrationInput
from .storage import StorageError, get_storage
from .transactions import run_in_transaction
from .uploads import discard, sweep_if_pending, upload_all


class RegistrationClosed(AppError):
    """Registration is outside its window or closed by an organiser."""

    status = 403
    error_code = "REGISTRATION_CLOSED"


class UploadUnavailable(AppError):
    """Document storage is down or its breaker is open."""

    status = 503
    error_code = "UPLOAD_UNAVAILABLE"


def input_limits():
    """Player-count and file-size limits from the tournament settings and config."""
    tournament = current_tournament()
    return InputLimits(min_players=tournament.min_players, max_players=tournament.max_players,
                       max_file_bytes=current_app.config["MAX_FILE_BYTES"])


def registration_body_limit():
    """Largest registration body: (3 + 2 × max players) files of the maximum size, plus 1 MiB of text."""
    tournament = current_tournament()
    return (3 + 2 * tournament.max_players) * current_app.config["MAX_FILE_BYTES"] + 1024 * 1024


def check_open():
    """Refuse when registration is closed."""
    if not current_tournament().registration_open():
        raise RegistrationClosed("Registration is closed.")


def register_team(data: RegistrationInput, language="en"):
    """Register a validated team; return the committed Team. Leaves no row and no file behind on failure."""
    check_open()
    _check_rules(data)  # cheap early refusal, so a full church costs no uploads; re-checked under lock
    storage = get_storage()
    prefix = f"registrations/{uuid.uuid4().hex}"
    items = [(_key(prefix, upload), upload) for _kind, upload in data.files()]
    try:
        stored = upload_all(storage, items)
    except StorageError as error:
        raise UploadUnavailable("Document upload is unavailable right now. Please try again shortly.") from error
    sweep_if_pending(storage)  # storage just worked, so retry deletions queued while it was down
    stored_by_field = {upload.field: obj for (_key_, upload), obj in zip(items, stored)}
    try:
        team = run_in_transaction(lambda: _commit(data, language, storage.name, stored_by_field))
    except IntegrityError as error:
        # Another change took the name or the captain between our check and our insert.
        discard(storage, stored)
        raise Conflict("This team clashes with one registered a moment ago. Please check and try again.") \
            from error
    except BaseException:
        discard(storage, stored)
        raise
    return team


def _key(prefix, upload):
    """Storage key of one upload: the registration's folder and the form field it came from."""
    return f"{prefix}/{upload.field}.{upload.extension}"


def _commit(data, language, backend, stored_by_field):
    """The short transaction: take the code counter, lock the church, re-check, insert everything."""
    # The counter UPDATE comes first: it takes the write lock at once (SQLite) and a row lock that
    # serialises code assignment (PostgreSQL), so codes stay gapless and a rollback burns none.
    number = db.session.execute(
        update(CodeCounter).where(CodeCounter.name == TEAM_COUNTER)
        .values(next_value=CodeCounter.next_value + 1).returning(CodeCounter.next_value)).scalar_one() - 1
    church = _lock_or_create_church(data.church_name)
    _check_rules(data, church)
    code = f"ICCT-{number:03d}"
    team = Team(code=code, name=data.team_name, name_key=name_key(data.team_name), church=church, status="pending",
                language=language, captain_name=data.captain.name, captain_phone=data.captain.phone,
                captain_email=data.captain.email, captain_whatsapp=data.captain.whatsapp,
                vice_name=data.vice.name, vice_phone=data.vice.phone, vice_email=data.vice.email,
                vice_whatsapp=data.vice.whatsapp)
    db.session.add(team)
    players = {}
    for position, player in enumerate(data.players, start=1):
        players[player.index] = Player(team=team, code=f"{code}-P{position:02d}", position=position,
                                       name=player.name, name_key=name_key(player.name), role=player.role)
        db.session.add(players[player.index])
    for kind, upload in data.files():
        obj = stored_by_field[upload.field]
        player = players.get(_player_index(upload.field))
        db.session.add(Document(team=team, player=player, kind=kind, backend=backend, storage_key=obj.key,
                                content_type=upload.content_type, size=upload.size, sha256=upload.sha256,
                                private=obj.private))
    db.session.flush()
    audit.record("team.registered", team=team, to_status="pending",
                 details={"players": len(data.players), "church": church.name})
    outbox.queue_team_email(team, "received", player_count=len(data.players), church=church.name)
    db.session.flush()
    # Detached, the team keeps its loaded fields through the commit: no read after the commit can fail and
    # turn a stored registration into an error reply (a connection may drop right after COMMIT).
    db.session.expunge(team)
    return team


def _player_index(field):
    """Row index of a player file field such as `player_3_aadhar_file`, else None."""
    parts = field.split("_")
    return int(parts[1]) if parts[0] == "player" else None


def _lock_or_create_church(church_name):
    """Return the named church locked for this transaction, creating it unverified when it is new."""
    church = db.session.scalar(select(Church).where(Church.name_key == name_key(church_name)).with_for_update())
    if church is None:
        church = Church(verified=False)
        church.set_name(church_name)
        db.session.add(church)
        db.session.flush()
    return church


def _check_rules(data, church=None):
    """Church slot limit, team-name and captain-email uniqueness among teams that hold a slot."""
    tournament = current_tournament()
    if church is None:
        church = db.session.scalar(select(Church).where(Church.name_key == name_key(data.church_name)))
    if church is not None and church.id is not None:
        limit = church.effective_limit(tournament.church_slot_limit)
        used = db.session.scalar(select(func.count()).select_from(Team)
                                 .where(Team.church_id == church.id, Team.status.in_(SLOT_HOLDING)))
        if used >= limit:
            raise Conflict(f"{church.name} already has {used} teams registered. Maximum {limit} teams per church.",
                           "CHURCH_LIMIT_REACHED", details={"field": "church_name", "limit": limit})
    active = select(Team.id).where(Team.status.in_(SLOT_HOLDING))
    if db.session.scalar(active.where(Team.name_key == name_key(data.team_name))):
        raise Conflict(f"A team named {data.team_name!r} is already registered.", "DUPLICATE_TEAM",
                       details={"field": "team_name"})
    if db.session.scalar(active.where(Team.captain_email == data.captain.email)):
        raise Conflict("This captain's email already has an active team.", "DUPLICATE_CAPTAIN",
                       details={"field": "captain_email"})
