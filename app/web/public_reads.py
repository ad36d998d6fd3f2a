"""Public reads served from encoded bodies in the read cache, with an ETag, a 304 when it matches and Cache-Control
a browser or proxy can honour; such answers neither set the session cookie nor vary on it."""
import hashlib
from dataclasses import dataclass

from flask import current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale

from ..services.directory.cache import read_cache

# Answers whose content depends on who asks (the team list for organisers, a page's language) may be stored but
# are checked with us on every use, so the asker's credentials or language decide; a 304 costs us a cache lookup.
REVALIDATE = "public, no-cache"
PRIVATE = "private, no-store"


@dataclass(frozen=True)
class Encoded:
    """A response body and its strong ETag, a digest of the bytes, so every instance gives equal bodies one ETag."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body):
        """`body` with its ETag."""
        return cls(body, hashlib.sha256(body).hexdigest()[:32])


def encode_json(document):
    """`document` encoded as jsonify encodes it (keys sorted, trailing newline)."""
    return Encoded.of(f"{current_app.json.dumps(document)}\n".encode())


def cached_json(key, build, same_for_everyone=True):
    """The JSON document `build()` makes, encoded once per cache lifetime and answered conditionally.

    Re-encoding every church's availability on each request was about 30% of serving it (CPU per request
    in-process 1.51 ms with it, 1.06 ms without). A document that is the same for everyone may be reused by
    browsers and proxies for PUBLIC_READ_MAX_AGE seconds.
    """
    return public_json(read_cache().get_or_build(key, lambda: encode_json(build())), same_for_everyone)


def public_json(entry, same_for_everyone=True):
    """A public JSON answer for an encoded document (init_cors makes every /api/ answer vary on Origin)."""
    max_age = current_app.config["PUBLIC_READ_MAX_AGE"]
    return _public(entry, current_app.json.mimetype, f"public, max-age={max_age}" if same_for_everyone
                   else REVALIDATE)


def cached_page(key, render):
    """A public HTML page rendered once per language and cache lifetime, revalidated on every use.

    The language comes from the session: `no-cache` sends every use back here, where the asker's language picks
    the body, and the ETag is a digest of that body, so a 304 only confirms the copy the browser holds. The page
    prints no CSP nonce (checked as it renders), so the 304's fresh CSP header cannot mismatch the kept body.
    """
    locale = str(get_locale() or "en")
    entry = read_cache().get_or_build(f"{key}.{locale}.html", lambda: _rendered(render))
    return _public(entry, "text/html", REVALIDATE)


def cached_document(key, render, mimetype):
    """A public non-HTML document (an iCalendar feed) built once per language and cache lifetime, revalidated on
    every use like a page."""
    locale = str(get_locale() or "en")
    entry = read_cache().get_or_build(f"{key}.{locale}", lambda: Encoded.of(render()))
    return _public(entry, mimetype, REVALIDATE)


def private(response, unlisted=False):
    """An answer meant for its asker alone (an organiser's list, a captain's private link): no cache may keep it;
    `unlisted` also asks search engines not to list or follow it (a page behind a secret link)."""
    response.headers["Cache-Control"] = PRIVATE
    if unlisted:
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _rendered(render):
    g.shared_render = True  # the body is kept for every visitor: templates leave out what only this asker sent
    body = render().encode()
    nonce = getattr(request, "csp_nonce", "")
    if nonce and nonce.encode() in body:
        raise RuntimeError("A cached public page prints the request's CSP nonce; serve it uncached.")
    return Encoded.of(body)


def _public(entry, mimetype, cache_control):
    g.public_read = True
    response = current_app.response_class(entry.body, mimetype=mimetype)
    response.set_etag(entry.etag)
    response.headers["Cache-Control"] = cache_control
    return response.make_conditional(request)


class PublicReadSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a public read leaves the cookie alone.

    A public read saves nothing worth keeping (FAB's locale selector writes the default language into every
    new session), and a Set-Cookie would stop a proxy storing the answer while Vary: Cookie would give every
    visitor a cache entry of their own.
    """

    def open_session(self, app, request):
        """A new empty session when the request brings no session cookie (most readers), without building the
        signing serializer that only a cookie needs."""
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        """Save as Flask does, except after a public read."""
        if g.get("public_read"):
            return
        super().save_session(app, session, response)


def init_public_reads(app):
    """Let public reads leave the session cookie alone."""
    app.session_interface = PublicReadSessionInterface()
