"""JSON log lines: one access line per request with its request id, personal data masked, no secrets."""
import logging
from pathlib import Path

import pytest

from app.web.log_filters import mask
from app.web.logging_setup import FILE_HANDLER, STDOUT_HANDLER

FIELDS = {"time", "level", "logger", "message", "event", "request_id", "method", "path", "status", "duration_ms",
          "client", "user"}


def access_lines(lines, request_id):
    """The http.request lines logged for one request id."""
    return [line for line in lines if line.get("event") == "http.request" and line.get("request_id") == request_id]


def test_access_line_carries_every_field_and_the_request_id(client, app, log_lines):
    """A successful request is logged once, as JSON, with the id echoed in its response header."""
    response = client.get("/health", headers={"X-Request-ID": "trace-ok-1"})
    assert response.headers["X-Request-ID"] == "trace-ok-1"
    [line] = access_lines(log_lines(app), "trace-ok-1")
    assert FIELDS <= set(line)
    assert (line["level"], line["logger"], line["method"], line["path"], line["status"]) == \
        ("INFO", "app.http", "GET", "/health", 200)
    assert line["client"] == "127.0.0.1" and line["duration_ms"] >= 0 and line["user"] is None


def test_not_found_has_the_same_request_id_in_header_body_and_log(client, app, log_lines):
    """A 404 on the JSON API names its request id everywhere."""
    response = client.get("/api/teams/ICCT-999")
    request_id = response.headers["X-Request-ID"]
    assert response.status_code == 404
    assert response.get_json()["request_id"] == request_id
    assert access_lines(log_lines(app), request_id)[0]["status"] == 404


def test_signed_in_user_is_named_on_the_access_line(client, app, login, log_lines):
    """Inside a signed-in request, the user field carries the username."""
    login()
    response = client.get("/churchmodelview/list/")
    [line] = access_lines(log_lines(app), response.headers["X-Request-ID"])
    assert line["user"] == "admin"


def test_personal_data_in_paths_is_masked(client, app, log_lines):
    """Emails and Indian mobile numbers never reach the log, even in a path or message."""
    response = client.get("/api/teams/rahul.k@example.org")
    other = client.get("/lookup/+91-98765-43210")
    lines = log_lines(app)
    raw = (Path(app.config["LOG_DIR"]) / "app.log").read_text(encoding="utf-8")
    assert "rahul.k@example.org" not in raw and "98765" not in raw and "43210" not in raw
    [by_email] = access_lines(lines, response.headers["X-Request-ID"])
    assert by_email["path"] == "/api/teams/ra***@example.org"
    [by_phone] = access_lines(lines, other.headers["X-Request-ID"])
    assert by_phone["path"] == "/lookup/98******10"


def test_passwords_and_tokens_are_not_logged(client, app, log_lines, jwt_token):
    """A login and a bearer call leave neither the password nor the token in the log."""
    token = jwt_token(client)
    client.get("/api/v1/church/", headers={"Authorization": f"Bearer {token}"})
    raw = (Path(app.config["LOG_DIR"]) / "app.log").read_text(encoding="utf-8")
    assert "admin-password-1" not in raw and token not in raw and "Bearer" not in raw
    assert any(line.get("user") == "admin" for line in log_lines(app) if line.get("path") == "/api/v1/church/")


def test_extra_fields_are_masked_and_secret_fields_redacted(app, log_lines):
    """Anything logged with extra= is masked; fields named like secrets are replaced."""
    logging.getLogger("app.test").warning("mail to %s failed", "priya@example.org",
                                          extra={"event": "mail.failed", "phone": "9876543210",
                                                 "smtp_password": "hunter2", "recipients": ["ab@example.org"]})
    [line] = [line for line in log_lines(app) if line.get("event") == "mail.failed"]
    assert line["message"] == "mail to pr***@example.org failed"
    assert (line["phone"], line["smtp_password"], line["recipients"]) == \
        ("98******10", "[redacted]", ["ab***@example.org"])


def test_two_apps_in_one_process_share_one_set_of_handlers(app_factory, log_lines):
    """Building apps again never duplicates a handler, so each request is logged once."""
    first, second = app_factory(), app_factory()
    names = [handler.get_name() for handler in logging.getLogger().handlers]
    assert names.count(STDOUT_HANDLER) == 1 and names.count(FILE_HANDLER) == 1
    response = second.test_client().get("/health")
    assert len(access_lines(log_lines(first), response.headers["X-Request-ID"])) == 1


@pytest.mark.parametrize("text, masked", [
    ("rahul@example.org", "ra***@example.org"),
    ("call +91 98765 43210 now", "call 98******10 now"),
    ("9876543210", "98******10"),
    ("098765-43210", "98******10"),
    ("order 12345678901 and id a9876543210f", "order 12345678901 and id a9876543210f"),
    ("ra***@example.org 98******10", "ra***@example.org 98******10"),
])
def test_mask_rules(text, masked):
    """Emails keep two leading characters, phones the first and last two digits; other numbers stay."""
    assert mask(text) == masked


def test_the_file_rotates_at_its_size_and_stdout_gets_the_same_masked_lines(app_factory, capsys):
    """Past LOG_MAX_BYTES the file is rotated, every line in every file is whole JSON, and stdout carries the same
    lines as the file, masked in both (each line is made once for both handlers)."""
    import json

    app = app_factory(LOG_MAX_BYTES=4000, LOG_BACKUP_COUNT=3)
    capsys.readouterr()
    client = app.test_client()
    ids = [client.get("/health", headers={"X-Request-ID": f"rotate{n:03d}"}).headers["X-Request-ID"]
           for n in range(40)]
    logging.getLogger("app.test").info("reach rahul@example.org", extra={"event": "test.masking"})
    folder = Path(app.config["LOG_DIR"])
    files = sorted(folder.glob("app.log*"))
    assert len(files) >= 2  # rotated at least once
    lines = [json.loads(line) for path in files for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert all(path.stat().st_size < 4000 + 1000 for path in files)  # at most one line past the size
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    from_file = {line["request_id"] for line in lines if line.get("event") == "http.request"}
    assert set(ids[-5:]) <= from_file and set(ids[-5:]) <= {line.get("request_id") for line in printed}
    masked = [line for line in printed + lines if line.get("event") == "test.masking"]
    assert len(masked) == 2 and {line["message"] for line in masked} == {"reach ra***@example.org"}
    assert not any(key.startswith("_icct") for line in printed + lines for key in line)
