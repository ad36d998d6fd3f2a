"""Private status links: a random token per team, stored only as its hash, and carried sealed in queued emails.

The token leaves the app in one place, the email that hands it to the captain. The outbox row holds it sealed
with a key derived from SECRET_KEY (Fernet: encrypted and authenticated), so the outbox list shows nothing that
opens a page; the sender unseals it when it renders the email. A later email that carries the link (a
rejection, an organiser's "new status link") carries a new token, because the old one cannot be read back.
"""
import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import bindparam, insert, select, text

from ...extensions import db
from ...models import Team, TeamStatusLink, utcnow
from ..audit import events as audit
from ..audit.events import current_actor
from ..core.public_urls import public_url
from ..core.tokens import looks_like_token, new_token, token_hash
from ..core.transactions import run_in_transaction
from ..mail import outbox

SEALED_KEY = "status_link_sealed"  # the outbox context's key for the sealed token




def team_id_for(token):
    """The id of the team whose current link holds `token`, else None."""
    if not looks_like_token(token):
        return None
    return db.session.scalar(select(TeamStatusLink.team_id).where(TeamStatusLink.token_hash == token_hash(token)))


def insert_for_new_team(team):
    """Give a team being registered its first link, in the registration's transaction; return the token."""
    token = new_token()
    db.session.execute(_insert_statement(), {"team_id": team.id, "token_hash": token_hash(token),
                                             "issued_at": utcnow(), "issued_by": "public"})
    return token


def replace_link(team_id, actor=None):
    """Give a team a new link in the current transaction, so any earlier one stops working; return the token."""
    token = new_token()
    db.session.execute(_upsert_statement(), {"team_id": team_id, "token_hash": token_hash(token),
                                             "issued_at": utcnow(), "issued_by": actor or current_actor()})
    return token


def issue_and_send(team_id, actor=None):
    """An organiser's "new status link": replace the team's link, audit it and email the new one to the captain.

    Runs in the caller's transaction; returns the team.
    """
    team = db.session.scalar(select(Team).where(Team.id == team_id).with_for_update(of=Team)
                             .execution_options(populate_existing=True))
    if team is None:
        return None
    had_link = db.session.scalar(select(TeamStatusLink.id).where(TeamStatusLink.team_id == team_id)) is not None
    token = replace_link(team_id, actor)
    audit.record("team.status_link_issued", team=team, actor=actor, details={"revoked_earlier_link": had_link})
    outbox.queue_team_email(team, "status_link", church=team.church.name, **email_context(token))
    return team


def email_context(token):
    """What an email needs to show the link later: the token, sealed."""
    return {SEALED_KEY: seal(token)}


def status_url(token):
    """The absolute address of the status page for `token`."""
    return public_url(f"/status/{token}")


def link_from_context(context):
    """The status page address sealed in an email's context, or None (none sealed, or SECRET_KEY changed)."""
    sealed = context.get(SEALED_KEY)
    if not sealed:
        return None
    token = unseal(sealed)
    return status_url(token) if token else None


def seal(token):
    """Encrypt and authenticate a token for storage in an outbox row."""
    return _fernet(current_app.config["SECRET_KEY"]).encrypt(token.encode("ascii")).decode("ascii")


def unseal(sealed):
    """The token inside `sealed`, or None when it was not sealed with this SECRET_KEY or was altered."""
    try:
        return _fernet(current_app.config["SECRET_KEY"]).decrypt(sealed.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        return None


@cache
def _fernet(secret_key):
    """The sealing key: SECRET_KEY stretched for this one purpose, so it opens nothing else."""
    digest = hashlib.sha256(b"icct26 status link seal\0" + secret_key.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@cache
def _insert_statement():
    return insert(TeamStatusLink.__table__)


@cache
def _upsert_statement():
    """Insert a team's link or replace its token; one statement that PostgreSQL and SQLite share."""
    columns = TeamStatusLink.__table__.c
    return text("INSERT INTO team_status_link (team_id, token_hash, issued_at, issued_by) "
                "VALUES (:team_id, :token_hash, :issued_at, :issued_by) "
                "ON CONFLICT (team_id) DO UPDATE SET token_hash = excluded.token_hash, "
                "issued_at = excluded.issued_at, issued_by = excluded.issued_by"
                ).bindparams(bindparam("issued_at", type_=columns.issued_at.type))


def send_new_links(team_ids, actor=None):
    """`issue_and_send` for each team in its own transaction; return the codes of the teams emailed."""
    codes = []
    for team_id in team_ids:
        team = run_in_transaction(lambda team_id=team_id: issue_and_send(team_id, actor))
        if team is not None:
            codes.append(team.code)
    return codes
