"""Personal data never reaches the log through a traceback or an exception's text, only masked."""
import logging
from pathlib import Path

from sqlalchemy import text

from app.extensions import db
from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import signed_in
from tests.support.review_factories import make_team  # noqa: F401  -- fixture

EMAIL, PHONE = "jane.doe@example.org", "9876500011"
# A database refusal whose own text (PostgreSQL) and whose statement parameters (both) carry the new contacts.
SQLITE_TRIGGER = ("CREATE TRIGGER refuse_jane BEFORE UPDATE ON team WHEN NEW.captain_email LIKE 'jane.doe@%' "
                  "BEGIN SELECT RAISE(ABORT, 'team update refused by the test trigger'); END")
POSTGRES_TRIGGER = [
    "CREATE FUNCTION refuse_jane() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'refused %, %', NEW.captain_email, NEW.captain_phone USING ERRCODE = 'integrity_constraint_violation'; "
    "END $$",
    "CREATE TRIGGER refuse_jane BEFORE UPDATE ON team FOR EACH ROW WHEN (NEW.captain_email LIKE 'jane.doe@%') "
    "EXECUTE FUNCTION refuse_jane()",
]


def raw_log(app):
    """The whole of LOG_DIR/app.log as text."""
    return (Path(app.config["LOG_DIR"]) / "app.log").read_text(encoding="utf-8")


def refuse_updates_for_jane(app):
    """Install a trigger that makes the database itself refuse a team update carrying Jane's contacts."""
    with app.app_context():
        statements = POSTGRES_TRIGGER if db.engine.dialect.name == "postgresql" else [SQLITE_TRIGGER]
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        db.session.remove()


def test_database_error_from_an_admin_edit_is_logged_without_contacts(app, live_server, make_team, log_lines):
    """FAB logs 'Edit item database error' with the traceback; neither the email nor the phone is in it."""
    team_id = make_team()
    refuse_updates_for_jane(app)
    session, token = signed_in(live_server.url, "admin", ADMIN_PASSWORD)
    form = {"name": "Harbour Lions", "captain_name": "Jane Doe", "captain_phone": PHONE, "captain_email": EMAIL,
            "captain_whatsapp": "", "vice_name": "Babu Raj", "vice_phone": "9876500012",
            "vice_email": "vice.babu@example.org", "vice_whatsapp": "", "csrf_token": token}
    response = session.post(f"{live_server.url}/teammodelview/edit/{team_id}", data=form, timeout=30)
    assert response.status_code < 500, response.text[:300]
    [line] = [line for line in log_lines(app) if line.get("message") == "Edit item database error"]
    assert "IntegrityError" in line["exc_info"]  # the traceback was logged: the path under test ran
    raw = raw_log(app)
    assert EMAIL not in raw and PHONE not in raw and "98765 00011" not in raw


def test_exception_text_and_stack_are_masked_wherever_logged(app, log_lines):
    """A logged exception's text and traceback, and a logged stack, keep only masked contacts."""
    log = logging.getLogger("app.test")
    try:
        raise ValueError(f"bad phone +91 {PHONE[:5]} {PHONE[5:]} for {EMAIL}")
    except ValueError:
        log.exception("lookup failed", extra={"event": "test.failed"})
    log.warning("slow lookup", stack_info=True, extra={"event": "test.stack"})  # for jane.doe@example.org
    lines = {line.get("event"): line for line in log_lines(app)}
    assert "ja***@example.org" in lines["test.failed"]["exc_info"]
    assert "98******11" in lines["test.failed"]["exc_info"]
    assert "# for ja***@example.org" in lines["test.stack"]["stack_info"]
    raw = raw_log(app)
    assert EMAIL not in raw and PHONE[:5] not in raw
