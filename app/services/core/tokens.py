"""Unguessable tokens for private links (status pages, waiting-list offers, registration drafts).

A token is shown once, in the link or to the script that asked for it; the database keeps only its SHA-256, so
the tables alone open nothing. Every kind of link uses the same shape and the same hash, so a stored hash written
by any earlier version still matches its token.
"""
import hashlib
import re
import secrets

TOKEN_BYTES = 32
# secrets.token_urlsafe(32) gives 43 URL-safe characters; anything else is refused before the database is asked.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token():
    """A fresh random token: 32 random bytes in 43 URL-safe characters."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(token):
    """True when `token` has the shape of a token we issue; check it before any lookup (a URL-safe token is ASCII,
    so token_hash never meets anything else)."""
    return isinstance(token, str) and _TOKEN_RE.fullmatch(token) is not None
