"""Absolute addresses of public pages, for links that leave the site (emails)."""
from flask import current_app


def public_url(path):
    """`path` on PUBLIC_BASE_URL, the address captains reach the app at (default http://HOST:PORT)."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/{path.lstrip('/')}"
