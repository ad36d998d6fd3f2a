"""Bad registrations: each refused with its code in the shared error shape, and nothing stored."""
import errno
import os
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import CodeCounter, Team, Tournament, utcnow
from tests.support import payloads
from tests.support.payloads import jpeg_bytes, pdf_bytes

MiB = 1024 * 1024
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 512


def drop_player(form, files, index):
    """Remove every field of one player row."""
    for key in [k for k in form if k.startswith(f"player_{index}_")]:
        del form[key]
    for key in [k for k in files if k.startswith(f"player_{index}_")]:
        del files[key]


def renamed_program(form, files):
    files["pastor_letter"] = ("letter.pdf", PROGRAM, "application/pdf")


def oversized_file(form, files):
    files["player_2_aadhar_file"] = ("big.jpg", jpeg_bytes(5 * MiB + 1), "image/jpeg")


def ten_players(form, files):
    drop_player(form, files, 10)


def gap_in_indexes(form, files):
    drop_player(form, files, 5)


def missing_letter(form, files):
    del files["pastor_letter"]


def unknown_role(form, files):
    form["player_0_role"] = "Captain"


def short_phone(form, files):
    form["captain_phone"] = "987654321"


def bad_email(form, files):
    form["vice_email"] = "vice@@example"


def long_name(form, files):
    form["player_3_name"] = "A" * 51


@pytest.mark.parametrize("spoil, status, code, field", [
    (renamed_program, 415, "UNSUPPORTED_FILE_TYPE", "pastor_letter"),
    (oversized_file, 413, "FILE_TOO_LARGE", "player_2_aadhar_file"),
    (ten_players, 422, "VALIDATION_FAILED", "players"),
    (gap_in_indexes, 422, "VALIDATION_FAILED", "players"),
    (missing_letter, 422, "VALIDATION_FAILED", "pastor_letter"),
    (unknown_role, 422, "VALIDATION_FAILED", "player_0_role"),
    (short_phone, 422, "VALIDATION_FAILED", "captain_phone"),
    (bad_email, 422, "VALIDATION_FAILED", "vice_email"),
    (long_name, 422, "VALIDATION_FAILED", "player_3_name"),
])
def test_bad_input_is_refused_and_nothing_stored(app, payload, post_registration, spoil, status, code, field):
    """Each kind of bad input: its status and code, the field named, no team, no file, no code used."""
    form, files = payload(players=11)
    spoil(form, files)
    response = post_registration(form, files)
    assert response.status_code == status, response.json
    body = response.json
    assert body["success"] is False and body["error_code"] == code
    assert body["details"]["field"] == field and field in body["details"]["fields"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert_nothing_stored(app)


def test_sixteen_players_is_refused(app, payload, post_registration):
    """More than 15 players: VALIDATION_FAILED on players."""
    response = post_registration(*payload(players=16))
    assert response.status_code == 422 and response.json["details"]["field"] == "players"
    assert_nothing_stored(app)


def test_every_failing_field_is_reported_at_once(app, payload, post_registration):
    """Several problems: all listed in details.fields, the first named in details.field."""
    form, files = payload()
    form.update(team_name="x", captain_phone="123", vice_email="nope", player_4_role="Umpire")
    response = post_registration(form, files)
    fields = response.json["details"]["fields"]
    assert {"team_name", "captain_phone", "vice_email", "player_4_role"} <= set(fields)
    assert response.json["details"]["field"] == "team_name"


def test_duplicate_team_name_is_refused_case_insensitively(app, payload, post_registration):
    """A second team with the same name in other case: 409 DUPLICATE_TEAM; the first stays."""
    assert post_registration(*payload(team_name="Rathinapuri Lions")).status_code == 201
    response = post_registration(*payload(team_name="  rathinapuri   LIONS ", church="CSI All Souls Church Race Course"))
    assert response.status_code == 409 and response.json["error_code"] == "DUPLICATE_TEAM"
    with app.app_context():
        assert db.session.query(Team).count() == 1


def test_captain_email_may_hold_only_one_active_team(app, payload, post_registration):
    """The same captain email again: 409 DUPLICATE_CAPTAIN."""
    assert post_registration(*payload(captain_email="Same@Example.org")).status_code == 201
    response = post_registration(*payload(captain_email="same@example.org", church="CSI Christ Church Trichy Road"))
    assert response.status_code == 409 and response.json["error_code"] == "DUPLICATE_CAPTAIN"


def test_church_limit_message_names_the_real_limit(app, payload, post_registration):
    """The refusal carries CHURCH_LIMIT_REACHED and 'Maximum N teams' with the church's own limit."""
    with app.app_context():
        from app.models import Church

        church = db.session.query(Church).filter_by(name="CSI Christ Church Gandhipuram").one()
        church.slot_limit = 1
        db.session.commit()
    assert post_registration(*payload(church="CSI Christ Church Gandhipuram")).status_code == 201
    response = post_registration(*payload(church="csi christ church GANDHIPURAM"))
    assert response.status_code == 409 and response.json["error_code"] == "CHURCH_LIMIT_REACHED"
    assert "Maximum 1 teams" in response.json["message"]


def test_unknown_church_is_created_unverified(app, payload, post_registration):
    """A church not on the list is created, marked unverified, for organisers to review."""
    assert post_registration(*payload(church="CSI New Hope Church Saravanampatti")).status_code == 201
    with app.app_context():
        from app.models import Church

        church = db.session.query(Church).filter_by(name="CSI New Hope Church Saravanampatti").one()
        assert church.verified is False


@pytest.mark.parametrize("window", ["not_yet_open", "closed_by_date", "closed_by_organiser"])
def test_registration_outside_the_window_is_refused(app, payload, post_registration, window):
    """Before the window, after it, or switched off: 403 REGISTRATION_CLOSED, nothing stored."""
    with app.app_context():
        tournament = db.session.query(Tournament).one()
        now = utcnow()
        if window == "not_yet_open":
            tournament.registration_opens_at = now + timedelta(days=1)
        elif window == "closed_by_date":
            tournament.registration_closes_at = now - timedelta(minutes=1)
        else:
            tournament.registration_closed = True
        db.session.commit()
    response = post_registration(*payload())
    assert response.status_code == 403 and response.json["error_code"] == "REGISTRATION_CLOSED"
    assert_nothing_stored(app)


def test_body_over_the_registration_limit_is_refused(live_server, app, payload):
    """A body larger than (3 + 2 × 15) × 5 MiB + 1 MiB: 413 BODY_TOO_LARGE in the JSON shape."""
    import requests

    form, files = payload()
    for i in range(11, 15):
        files[f"player_{i}_aadhar_file"] = ("a.pdf", pdf_bytes(5 * MiB), "application/pdf")
        files[f"player_{i}_subscription_file"] = ("s.pdf", pdf_bytes(5 * MiB), "application/pdf")
    for name in ("pastor_letter", "payment_receipt", "group_photo"):
        files[name] = ("x.pdf", pdf_bytes(5 * MiB), "application/pdf")
    files["extra_padding"] = ("pad.pdf", pdf_bytes(160 * MiB - 8 * 5 * MiB), "application/pdf")
    response = requests.post(f"{live_server.url}/api/register/team", data=form, files=files, timeout=120)
    assert response.status_code == 413
    assert response.json()["error_code"] == "BODY_TOO_LARGE"
    assert_nothing_stored(app)


def test_disk_failing_midway_answers_503_and_keeps_nothing(app, payload, post_registration, monkeypatch):
    """The disk fills up after ten of the twenty-five documents: the ten are removed and no row is stored."""
    real_write, writes = os.write, []

    def write(fd, data):
        if len(writes) == 10:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        writes.append(fd)
        return real_write(fd, data)

    form, files = payload()
    monkeypatch.setattr(os, "write", write)
    response = post_registration(form, files)
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.json["error_code"] == "UPLOAD_UNAVAILABLE"
    assert len(writes) == 10
    assert_nothing_stored(app)
    assert os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "private", "registrations")) == []
    assert post_registration(form, files).status_code == 201  # the same registration goes through once it can


def test_time_running_out_before_the_documents_are_written_answers_504(app_factory, payload):
    app = app_factory(REQUEST_TIMEOUT=0)
    form, files = payload()
    response = app.test_client().post("/api/register/team", data=payloads.for_test_client(form, files),
                                      content_type="multipart/form-data")
    assert response.status_code == 504 and response.json["error_code"] == "REQUEST_TIMEOUT"
    assert_nothing_stored(app)


def assert_nothing_stored(app):
    """No team row, no uploaded file, and the code counter untouched."""
    with app.app_context():
        assert db.session.query(Team).count() == 0
        assert db.session.get(CodeCounter, "team").next_value == 1
        db.session.remove()
    folder = app.config["UPLOAD_FOLDER"]
    stored = [f for _root, _dirs, names in os.walk(folder) for f in names] if os.path.isdir(folder) else []
    assert stored == []
