"""Team registration: validate, upload outside the transaction, then commit team, code and documents at once."""
import logging
import uuid

from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from ...extensions import db
from ...lazy_text import _l
from ...models import Church, Player, Team, name_key, utcnow
from ...models.church import effective_slot_limit
from ...web.admission import place
from ...web.errors import AppError, Conflict
from ..audit import events as audit
from ..core.bootstrap import TEAM_COUNTER, current_tournament
from ..core.transactions import CommitUnconfirmed, note_transaction_id, run_in_transaction
from ..directory import cache as read_cache
from ..documents.storage import StorageError, get_storage
from ..documents.uploads import discard, sweep_if_pending, upload_all
from ..mail import outbox
from ..status import links as status_links
from . import statements
from .church_turns import church_turn
from .submission import InputLimits, RegistrationInput

log = logging.getLogger("app.registration")


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


def registration_body_limit(max_players=None):
    """Largest registration body: (3 + 2 × max players) files of the maximum size, plus 1 MiB of text; the
    tournament's own roster size unless `max_players` is given (a caller that read it already)."""
    if max_players is None:
        max_players = current_tournament().max_players
    return (3 + 2 * max_players) * current_app.config["MAX_FILE_BYTES"] + 1024 * 1024


def check_open():
    """Refuse when registration is closed."""
    if not current_tournament().registration_open():
        raise RegistrationClosed(_l("Registration is closed."))


def register_team(data: RegistrationInput, language="en", before_commit=None, held_for=0):
    """Register a validated team; return the committed Team. Leaves no row and no file behind on failure,
    except when the database's reply to COMMIT is lost and its outcome stays unknown: the files then stay.

    `before_commit(team)` runs inside the registration's transaction once the team is written, so what it
    writes (an Idempotency-Key's outcome, a draft handing over its files) commits with the team or not at all.
    Files already stored (a draft's, `upload.stored`) are recorded as they are, never uploaded again, and never
    deleted here: until that commit they are the draft's. `held_for` names the waiting entry whose offer this
    registration completes: the slot that offer holds is this registration's to take.
    """
    check_open()
    with church_turn(data.church_name) as awaited:
        _check_rules(data, held_for)  # cheap early refusal, so a full church costs no uploads; re-checked under lock
        # A place to upload and commit in, ServerBusy (503) if none comes free in time; the church's turn was a
        # wait for that church, not for the server, so it does not count against the wait for a place.
        with place(extra_wait=awaited):
            return _store(data, language, before_commit, held_for)


def _store(data, language, before_commit, held_for):
    """Upload the documents outside the transaction, then commit the team with them (see register_team)."""
    storage = get_storage()
    prefix = f"registrations/{uuid.uuid4().hex}"
    items = [(_key(prefix, upload), upload) for _kind, upload in data.files() if upload.stored is None]
    try:
        stored = upload_all(storage, items) if items else []
    except StorageError as error:
        raise UploadUnavailable(_l("Document upload is unavailable right now. Please try again shortly.")) from error
    if items:
        sweep_if_pending(storage)  # storage just worked, so retry deletions queued while it was down
    stored_by_field = {upload.field: upload.stored for _kind, upload in data.files() if upload.stored is not None}
    stored_by_field.update({upload.field: obj for (_key_, upload), obj in zip(items, stored)})
    try:
        team = run_in_transaction(lambda: _commit(data, language, storage.name, stored_by_field, before_commit,
                                                  held_for))
    except CommitUnconfirmed:
        # The files may belong to a stored team, so they stay; if the team was not stored they are orphans,
        # which is the lesser harm. The log line lets an organiser match them up. This is the only failure
        # after which a COMMIT of ours may have been stored (a lost COMMIT's work is repeated only once its
        # transaction is known to have aborted), so after any other one, a DUPLICATE_TEAM included, no stored
        # row names these files and they go.
        log.error("registration outcome unknown", extra={"event": "registration.unconfirmed",
                                                         "storage_prefix": prefix})
        raise
    except IntegrityError as error:
        # A concurrent registration took the name or the captain between our check and our insert (the
        # unique indexes are the last word); answer with the same refusal the check would have given.
        discard(storage, stored)
        raise _clash_refusal(data, str(error.orig)) from error
    except BaseException:
        discard(storage, stored)
        raise
    return team


def _key(prefix, upload):
    """Storage key of one upload: the registration's folder and the form field it came from."""
    return f"{prefix}/{upload.field}.{upload.extension}"


def _commit(data, language, backend, stored_by_field, before_commit, held_for):
    """The short transaction: lock the church, re-check, insert everything, then take the code."""
    # PostgreSQL: the counter's row lock serialises code assignment, so it is taken last and held only for
    # a few statements. The rows are inserted before it under a provisional code, which no one outside this
    # transaction ever sees, and renamed once the number is known; registrations for different churches
    # insert concurrently and queue only for the rename, the email (which quotes the code) and the commit.
    # The audit event and the status link need only the team's id, so they come before the lock: at c=8 each
    # registration waited about 22 ms for it, held for about 11 (bench/README.md).
    # SQLite has no row locks, and a transaction that read before it writes can fail busy instead of
    # waiting, so there the counter UPDATE comes first and takes the database write lock at once.
    # Either way a rollback releases the counter untouched: codes stay gapless and no refusal burns one.
    number = _take_code_number() if _whole_database_lock() else None
    church = _lock_or_create_church(data.church_name)
    _check_rules(data, held_for)
    provisional = f"~{uuid.uuid4().hex[:15]}"
    team = _insert_team(data, language, church, provisional)
    players = _insert_players(data, team, provisional)
    _insert_documents(data, backend, stored_by_field, team, players)
    audit.insert_for_team("team.registered", team, to_status="pending", log_now=False,
                          details={"players": len(data.players), "church": church.name})
    status_token = status_links.insert_for_new_team(team)
    if number is None:
        number = _take_code_number()
    _rename(team, players.values(), provisional, f"ICCT-{number:03d}")
    audit.log_for_team("team.registered", team, to_status="pending")
    outbox.insert_team_email(team, "received", player_count=len(data.players), church=church.name,
                             **status_links.email_context(status_token))
    read_cache.note_change()
    # The team and its players are plain objects outside the session, built from the inserted rows: no read
    # after the commit can fail and turn a stored registration into an error reply (a connection may drop
    # right after COMMIT).
    set_committed_value(team, "players", sorted(players.values(), key=lambda player: player.position))
    if before_commit:
        before_commit(team)
    return team


def _dialect():
    return db.session.get_bind().dialect.name


def _whole_database_lock():
    return _dialect() == "sqlite"


def _take_code_number():
    """Increment the team counter and return the number to use (the row stays locked until commit).

    On PostgreSQL the same statement notes the transaction's id, by which a lost COMMIT's fate is learned;
    SQLite commits in-process, so its COMMIT never loses its reply.
    """
    if _dialect() != "postgresql":
        return db.session.execute(statements.take_counter(), {"counter": TEAM_COUNTER}).scalar_one() - 1
    number, xid = db.session.execute(statements.take_counter_and_transaction_id(), {"counter": TEAM_COUNTER}).one()
    note_transaction_id(xid)
    return number - 1


def _insert_team(data, language, church, code):
    """Insert the team row under `code`; return it as an object outside the session.

    The whole registration skips the ORM's unit of work, which cost a third of the request's CPU.
    """
    row = {"code": code, "name": data.team_name, "name_key": name_key(data.team_name), "church_id": church.id,
           "status": "pending", "language": language, "captain_name": data.captain.name,
           "captain_phone": data.captain.phone, "captain_email": data.captain.email,
           "captain_whatsapp": data.captain.whatsapp, "vice_name": data.vice.name, "vice_phone": data.vice.phone,
           "vice_email": data.vice.email, "vice_whatsapp": data.vice.whatsapp}
    return Team(id=db.session.execute(statements.insert_team(), row).scalar_one(), **row)


def _insert_players(data, team, code):
    """Insert the players in one executemany; return them by form index as objects outside the session."""
    rows = [{"team_id": team.id, "code": _player_code(code, position), "position": position, "name": player.name,
             "name_key": name_key(player.name), "role": player.role}
            for position, player in enumerate(data.players, start=1)]
    ids = {position: player_id for position, player_id in db.session.execute(statements.insert_players(), rows)}
    return {player.index: Player(id=ids[row["position"]], **row) for player, row in zip(data.players, rows)}


def _insert_documents(data, backend, stored_by_field, team, players):
    """Insert every document row in one executemany."""
    rows = []
    for kind, upload in data.files():
        obj = stored_by_field[upload.field]
        player = players.get(_player_index(upload.field))
        rows.append({"team_id": team.id, "player_id": player.id if player else None, "kind": kind,
                     "backend": backend, "storage_key": obj.key, "content_type": upload.content_type,
                     "size": upload.size, "sha256": upload.sha256, "private": obj.private})
    db.session.execute(statements.insert_documents(), rows)


def _player_code(team_code, position):
    return f"{team_code}-P{position:02d}"


def _rename(team, players, provisional, code):
    """Give the inserted team and its players their real codes, whatever the team size: one statement on
    PostgreSQL (one round trip less while the counter is locked), two on SQLite."""
    values = {"of_team": team.id, "provisional": provisional, "new_code": code, "renamed_at": utcnow()}
    if _dialect() == "postgresql":
        db.session.execute(statements.rename_team_and_players(), values)
    else:
        db.session.execute(statements.rename_team(), values)
        db.session.execute(statements.rename_players(), values)
    set_committed_value(team, "code", code)
    for player in players:
        player.code = _player_code(code, player.position)


def _player_index(field):
    """Row index of a player file field such as `player_3_aadhar_file`, else None."""
    parts = field.split("_")
    return int(parts[1]) if parts[0] == "player" else None


def _lock_or_create_church(church_name):
    """Return the named church's (id, name), locked for this transaction, creating it unverified when new."""
    # Registrations for the same new church may race: the loser waits on the winner's insert, then takes the
    # update path and the lock once the winner commits.
    new = Church(verified=False)
    new.set_name(church_name)
    return db.session.execute(statements.upsert_church(), {"name": new.name, "name_key": new.name_key,
                                                           "verified": False, "created_at": utcnow()}).one()


def _check_rules(data, held_for=0):
    """Church slot limit (slots held by open waiting-list offers count as taken), team-name and captain-email
    uniqueness among teams that hold a slot, in one query."""
    church_name, own_limit, used, held, name_taken, captain_taken = db.session.execute(statements.rule_facts(), {
        "church_key": name_key(data.church_name), "team_key": name_key(data.team_name),
        "captain_email": data.captain.email, "own_entry": held_for or 0}).one()
    if church_name is not None:
        limit = effective_slot_limit(own_limit, current_tournament().church_slot_limit)
        if used + held >= limit:
            raise church_full(church_name, used, held, limit)
    if name_taken:
        raise _duplicate_team(data)
    if captain_taken:
        raise _duplicate_captain()


def church_full(church_name, used, held, limit):
    """The CHURCH_LIMIT_REACHED refusal, as the API and the pages show it; its message keeps the "Maximum N teams"
    the React frontend matches."""
    if held:
        message = _l("%(church)s has no free slot: a freed slot is being offered to its waiting list. Maximum "
                     "%(limit)d teams per church.", church=church_name, limit=limit)
    else:
        message = _l("%(church)s already has %(used)d teams registered. Maximum %(limit)d teams per church.",
                     church=church_name, used=used, limit=limit)
    return Conflict(message, "CHURCH_LIMIT_REACHED", details={"field": "church_name", "limit": limit, "church": church_name,
                                                     "held": held})


def _duplicate_team(data):
    return Conflict(_l("A team named %(name)s is already registered.", name=repr(data.team_name)), "DUPLICATE_TEAM",
                    details={"field": "team_name"})


def _duplicate_captain():
    return Conflict(_l("This captain's email already has an active team."), "DUPLICATE_CAPTAIN",
                    details={"field": "captain_email"})


def _clash_refusal(data, database_message):
    """The refusal for a unique-index violation, named by PostgreSQL's index or SQLite's column."""
    if "uq_team_active_name" in database_message or "team.name_key" in database_message:
        return _duplicate_team(data)
    if "uq_team_active_captain_email" in database_message or "team.captain_email" in database_message:
        return _duplicate_captain()
    return Conflict(_l("This team clashes with one registered a moment ago. Please check and try again."))
