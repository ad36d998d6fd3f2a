"""Credential stamps: every session and token carries one, so a password change retires all that came before."""
import hmac

from flask import current_app, session

SESSION_KEY = "_credentials"
CLAIM = "cfp"


def credential_stamp(user):
    """A keyed digest of the user's password hash; the hash is salted, so every change of password changes it."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, (user.password or "").encode(), "sha256").hexdigest()[:32]


def stamp_session(user):
    """Mark the current session as signed in with the user's present password."""
    session[SESSION_KEY] = credential_stamp(user)


def is_current(user, stamp):
    """True when `stamp` (from a session or a token) was made from the user's present password."""
    return isinstance(stamp, str) and hmac.compare_digest(stamp, credential_stamp(user))


def session_is_current(user):
    """True when the current session was signed in with the user's present password."""
    return is_current(user, session.get(SESSION_KEY))
