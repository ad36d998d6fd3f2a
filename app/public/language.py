"""The public language switch: remember the chosen language and come back to the same public page."""
from urllib.parse import urlencode, urlsplit

from flask import abort, current_app, g, redirect, request, session

from ..web.public_reads import private
from . import public_bp

MAX_RETURN_LENGTH = 2000


@public_bp.get("/language/<locale>")
def switch_language(locale):
    """Store the language in the session, then return to `next` when it is a page of this site, else home."""
    if locale not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = locale
    return private(redirect(same_site_path(request.args.get("next")), 303))


def same_site_path(target):
    """`target` when it is a path on this site ("/…"), otherwise "/": the switch is never an open redirect."""
    if not target or len(target) > MAX_RETURN_LENGTH or not target.startswith("/"):
        return "/"
    # Browsers read "//host", "/\\host" and paths with tabs or newlines in them ("/\t/host") as another site.
    if target.startswith("//") or "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def here():
    """The current page's path and query, for the switch to return to.

    A page cached for every visitor keeps only its path: the query a first visitor typed must not be baked into
    the copy everyone else gets (those pages read no query anyway).
    """
    # FAB reads `_l_` as a one-request language; kept, it would undo the switch.
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key != "_l_"]
    return request.path + (f"?{urlencode(pairs)}" if pairs and not g.get("shared_render") else "")


@public_bp.app_context_processor
def _switch_target():
    return {"here": here}
