"""Sign a `requests.Session` in through the real login form over HTTP, as a browser does."""
import re

import requests

from tests.conftest import ADMIN_PASSWORD

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html):
    """The CSRF token of the first form in a rendered page (empty when the page has none)."""
    match = CSRF_FIELD.search(html)
    return match.group(1) if match else ""


def signed_in(base_url, username, password):
    """Return a session signed in through `/login/` and the CSRF token its pages carry."""
    session = requests.Session()
    page = session.get(f"{base_url}/login/", timeout=10)
    token = csrf_token(page.text)
    response = session.post(f"{base_url}/login/", data={"username": username, "password": password,
                                                        "csrf_token": token},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302 and "/login" not in response.headers["Location"], response.text[:300]
    return session, token


def bearer(base_url, username, password, refresh=False):
    """Log in through the JWT API; return its JSON body (access_token, and refresh_token when asked)."""
    response = requests.post(f"{base_url}/api/v1/security/login", timeout=10,
                             json={"username": username, "password": password, "provider": "db", "refresh": refresh})
    assert response.status_code == 200, response.text[:300]
    return response.json()


def auth(token):
    """The Authorization header for a bearer token."""
    return {"Authorization": f"Bearer {token}"}


def admin_auth(base_url):
    """The admin's Authorization header, from the JWT login."""
    return auth(bearer(base_url, "admin", ADMIN_PASSWORD)["access_token"])
