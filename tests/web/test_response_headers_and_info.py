"""What read-only resources describe about themselves, and the exact type a CSV download declares."""
import json

import requests

from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import auth, bearer, signed_in

CONTACT_WORDS = ("captain", "vice_", "phone", "email", "whatsapp", "name_key", "rejection_reason")


def test_read_only_directory_info_describes_no_contact_column(live_server, make_user):
    """FAB filled the missing add/edit column lists with every column, contacts included, even though the
    directory routes no POST or PUT; a Viewer read them (and every church) from `_info`."""
    token = bearer(live_server.url, *make_user("Viewer"))["access_token"]
    response = requests.get(f"{live_server.url}/api/v1/team_directory/_info", headers=auth(token), timeout=30)
    assert response.status_code == 200, response.text[:300]
    info = response.json()
    assert info.get("add_columns", []) == [] and info.get("edit_columns", []) == []
    text = json.dumps(info)
    assert not [word for word in CONTACT_WORDS if word in text], text[:500]


def test_csv_download_declares_its_charset_once(live_server):
    """`text/csv; charset=utf-8` was passed as a mimetype, and Werkzeug appended the charset a second time."""
    session, _token = signed_in(live_server.url, "admin", ADMIN_PASSWORD)
    for view in ("teammodelview", "teamdirectorymodelview"):
        for table in ("teams", "players"):
            response = session.get(f"{live_server.url}/{view}/export/{table}.csv", timeout=30)
            assert response.status_code == 200
            assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
