"""Caching of the static files the public pages load: the fonts are named by their digest, so they never change."""
from flask import request

from . import public_bp

FONT_PREFIX = "fonts/"
IMMUTABLE = "public, max-age=31536000, immutable"


@public_bp.after_app_request
def _cache_fonts(response):
    """A year for a font file (its name holds its digest); other static files keep Flask's revalidation."""
    filename = (request.view_args or {}).get("filename", "") if request.endpoint == "static" else ""
    if filename.startswith(FONT_PREFIX) and filename.endswith(".woff2") and response.status_code in (200, 304):
        response.headers["Cache-Control"] = IMMUTABLE
    return response
