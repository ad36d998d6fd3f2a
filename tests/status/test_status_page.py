"""The captain's status page over HTTP: nothing without a valid token, and replacing problem documents is the
only change it can make (re-queueing a rejected team, audited, the old file deleted)."""
import io
import re
import secrets

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Document, Team
from app.services.documents.previews import cache_path, preview
from app.services.documents.storage import ObjectNotFound, get_storage
from tests.status.conftest import PROBLEMS, documents_of, snapshot
from tests.support.payloads import jpeg_bytes, pdf_bytes, png_bytes

NEW_AADHAR, NEW_LETTER = jpeg_bytes(3000), pdf_bytes(4000)


def _file(data, name="scan.bin"):
    return (io.BytesIO(data), name)


def _replace(client, token, files, **form):
    data = {name: _file(content) for name, content in files.items()}
    return client.post(f"/status/{token}", data={**data, **form}, content_type="multipart/form-data")


def _replacement_files(app):
    """Files stored on local disk by replacements."""
    with app.app_context():
        folder = get_storage().root / "private" / "replacements"
    return [path for path in folder.rglob("*") if path.is_file()]


def _field(app, team_id, key):
    return f"document_{documents_of(app, team_id)[key][0]}"


def test_page_shows_code_name_status_reason_and_the_problems(client, problem_team):
    """Code, name, status in words, the organiser's reason, and an upload field per problem document only."""
    team_id, token = problem_team(reason="Two documents cannot be read")
    response = client.get(f"/status/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ICCT-901" in page and "Team 901" in page and "Not accepted" in page
    assert "Two documents cannot be read" in page
    assert "The photo is blurred" in page and "The letter is not signed" in page
    assert page.count('type="file"') == 2 and "Player 01 (ICCT-901-P01)" in page
    assert response.headers["Cache-Control"] == "private, no-store"
    assert '<meta name="referrer" content="no-referrer">' in page  # the address holds the token


def test_page_speaks_the_captains_language_or_the_one_asked_for(client, problem_team):
    """A Tamil captain's page is in Tamil; `_l_=en` switches it to English."""
    _team_id, token = problem_team(language="ta")
    tamil = client.get(f"/status/{token}").get_data(as_text=True)
    assert 'lang="ta"' in tamil and "Not accepted" not in tamil and "ICCT-901" in tamil
    english = client.get(f"/status/{token}?_l_=en").get_data(as_text=True)
    assert 'lang="en"' in english and "Not accepted" in english


def test_no_page_without_a_valid_token(app, client, login, problem_team, make_team):
    """A random token, a malformed one, and the old token after an organiser's new link: the same 404 page,
    naming no team, for reads and for uploads, and nothing changes."""
    team_id, old_token = problem_team()
    other_id = make_team(name="Other Eleven")
    organiser = login()
    response = organiser.post("/teammodelview/action_post", data={"action": "status_link", "rowid": [team_id]})
    assert response.status_code == 302
    organiser.get("/logout/")
    before = snapshot(app)
    field = _field(app, team_id, ("aadhar", 1))
    bodies = set()
    for token in (secrets.token_urlsafe(32), "short", "x" * 43 + "!", old_token, old_token[:-1] + "A"):
        for response in (client.get(f"/status/{token}"), _replace(client, token, {field: NEW_AADHAR})):
            body = response.get_data(as_text=True)
            assert response.status_code == 404, token
            assert "ICCT-9" not in body and "Team 901" not in body and "Other Eleven" not in body
            assert "blurred" not in body and "Missing letter" not in body
            bodies.add(body.split("<main", 1)[1].split(">", 1)[1].split("</main>")[0])
    assert len(bodies) == 1  # one page whatever was tried
    assert snapshot(app) == before
    assert other_id


def test_replacement_requeues_audits_and_deletes_the_old_files(app, client, problem_team, team_state):
    """Both problem documents replaced in one post: new bytes stored, verdicts cleared, the team pending again
    (the reopen audited and emailed), one audit event per document, and the old files gone from storage."""
    team_id, token = problem_team()
    before = documents_of(app, team_id)
    aadhar, letter = _field(app, team_id, ("aadhar", 1)), _field(app, team_id, ("pastor_letter", None))
    response = _replace(client, token, {aadhar: NEW_AADHAR, letter: NEW_LETTER})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/status/{token}")
    page = client.get(f"/status/{token}").get_data(as_text=True)
    assert "2 document(s) replaced." in page and "back in the organisers&#39; review queue" in page
    assert "Waiting for review" in page and 'type="file"' not in page
    assert team_state(team_id) == ("pending", None)
    after = documents_of(app, team_id)
    with app.app_context():
        storage = get_storage()
        for key, data in ((("aadhar", 1), NEW_AADHAR), (("pastor_letter", None), NEW_LETTER)):
            assert after[key][3] is None and after[key][1] != before[key][1]
            assert storage.open(after[key][1], private=True) == data
            with pytest.raises(ObjectNotFound):
                storage.open(before[key][1], private=True)
        assert after[("group_photo", None)] == before[("group_photo", None)]
        events = db.session.execute(select(AuditEvent.event, AuditEvent.actor, AuditEvent.from_status,
                                           AuditEvent.to_status, AuditEvent.details)
                                    .where(AuditEvent.team_id == team_id, AuditEvent.event != "document.verdict")
                                    .order_by(AuditEvent.id)).all()
        assert [(e.event, e.actor) for e in events] == [("document.replaced", "captain")] * 2 + [
            ("team.reopened", "captain")]
        assert (events[2].from_status, events[2].to_status) == ("rejected", "pending")
        assert {e.details["note"] for e in events[:2]} == set(PROBLEMS.values())
        assert {e.details["to_sha256"] for e in events[:2]} == {after[("aadhar", 1)][2],
                                                                after[("pastor_letter", None)][2]}
        assert db.session.get(Team, team_id).status == "pending"
        db.session.remove()


def test_the_replaced_files_cached_previews_are_deleted(app, client, problem_team):
    """An organiser looked at the problem files (previews cached); the Aadhaar scan and the letter are the same
    PDF here, so its preview stays while one of them still names it, and goes with the second replacement; the
    untouched group photo keeps its own."""
    team_id, token = problem_team()
    with app.app_context():
        documents = {document.kind: document for document in db.session.scalars(
            select(Document).where(Document.team_id == team_id))}
        for document in documents.values():
            preview(document, "thumb")
        cached = {kind: cache_path(document.sha256, "thumb") for kind, document in documents.items()}
        db.session.remove()
    assert all(path.exists() for path in cached.values())
    assert cached["aadhar"] == cached["pastor_letter"]
    assert _replace(client, token, {_field(app, team_id, ("aadhar", 1)): NEW_AADHAR}).status_code == 303
    assert cached["aadhar"].exists()
    assert _replace(client, token, {_field(app, team_id, ("pastor_letter", None)): NEW_LETTER}).status_code == 303
    assert not cached["aadhar"].exists() and cached["group_photo"].exists()


def test_one_replacement_of_two_requeues_and_leaves_the_other_problem(app, client, problem_team, team_state):
    """A pending team keeps its status; the page still offers the document that is still a problem."""
    team_id, token = problem_team()
    assert _replace(client, token, {_field(app, team_id, ("aadhar", 1)): NEW_AADHAR}).status_code == 303
    assert team_state(team_id)[0] == "pending"
    page = client.get(f"/status/{token}").get_data(as_text=True)
    assert page.count('type="file"') == 1 and "The letter is not signed" in page
    letter = _field(app, team_id, ("pastor_letter", None))
    assert _replace(client, token, {letter: NEW_LETTER}).status_code == 303
    assert team_state(team_id)[0] == "pending"
    with app.app_context():
        reopened = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "team.reopened")).all()
        assert len(reopened) == 1
        db.session.remove()


NOT_A_PROBLEM = "This document is not marked as a problem, so it cannot be replaced."
NOTHING_ELSE = "Only replacement files can be sent from this page; nothing else can be changed here."


@pytest.mark.parametrize("attempt, reason", [("not a problem", NOT_A_PROBLEM),
                                             ("another team's problem", NOT_A_PROBLEM),
                                             ("unknown field", NOT_A_PROBLEM),
                                             ("other fields", NOTHING_ELSE),
                                             ("a problem and another field", NOTHING_ELSE),
                                             ("no file", "Choose a new file for at least one of the documents below.")])
def test_replacing_a_problem_document_is_the_only_change(app, client, problem_team, attempt, reason):
    """Every other post is refused with a message on the page, and nothing anywhere changes."""
    team_id, token = problem_team()
    other_id, _other_token = problem_team(name="Other Eleven", church="CSI Other Church")
    aadhar = _field(app, team_id, ("aadhar", 1))
    files, form = {
        "not a problem": ({_field(app, team_id, ("group_photo", None)): png_bytes()}, {}),
        "another team's problem": ({_field(app, other_id, ("aadhar", 1)): NEW_AADHAR}, {}),
        "unknown field": ({"team_photo": NEW_AADHAR}, {}),
        "other fields": ({}, {"status": "confirmed", "team_name": "Renamed", "rejection_reason": ""}),
        "a problem and another field": ({aadhar: NEW_AADHAR}, {"status": "confirmed"}),
        "no file": ({}, {}),
    }[attempt]
    before = snapshot(app)
    response = _replace(client, token, files, **form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was replaced" in page and "ICCT-901" in page
    assert reason in page
    assert snapshot(app) == before
    assert _replacement_files(app) == []


@pytest.mark.parametrize("content, status, message", [(b"GIF89a" + b"\x00" * 100, 422, "must be PNG, JPEG or PDF"),
                                                      (pdf_bytes(5 * 1024 * 1024 + 1), 422, "larger than 5 MiB")])
def test_bad_files_are_refused_by_the_registration_rules(app, client, problem_team, content, status, message):
    """Type by leading bytes and the size limit, next to the field; nothing changes."""
    team_id, token = problem_team()
    before = snapshot(app)
    aadhar = _field(app, team_id, ("aadhar", 1))
    response = _replace(client, token, {aadhar: content})
    page = response.get_data(as_text=True)
    assert response.status_code == status and message in page and f'id="{aadhar}-error"' in page
    assert snapshot(app) == before


def test_a_full_church_refuses_clearly_and_keeps_no_new_file(app, client, problem_team, make_team, team_state):
    """A rejected team whose church filled meanwhile cannot come back: a clear refusal, nothing changed, and the
    uploaded file deleted again."""
    team_id, token = problem_team(church="CSI Full Church")
    make_team(church="CSI Full Church"), make_team(church="CSI Full Church")
    before = snapshot(app)
    response = _replace(client, token, {_field(app, team_id, ("aadhar", 1)): NEW_AADHAR})
    assert response.status_code == 409
    assert "places are now taken by other teams" in response.get_data(as_text=True)
    assert snapshot(app) == before and team_state(team_id)[0] == "rejected"
    assert _replacement_files(app) == []


def test_a_withdrawn_team_shows_its_status_and_takes_no_file(app, client, problem_team):
    """The page still answers, without an upload field, and a post is refused."""
    team_id, token = problem_team(status="withdrawn")
    page = client.get(f"/status/{token}").get_data(as_text=True)
    assert "Withdrawn" in page and 'type="file"' not in page
    before = snapshot(app)
    response = _replace(client, token, {_field(app, team_id, ("aadhar", 1)): NEW_AADHAR})
    assert response.status_code == 409 and snapshot(app) == before


def test_the_form_needs_its_csrf_token_and_an_expired_page_says_so(app_factory, problem_team):
    """With CSRF on, a post without the page's token changes nothing and asks for the files again; with it,
    the replacement goes through."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    team_id, token = problem_team(on=app)
    client = app.test_client()
    page = client.get(f"/status/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    field = _field(app, team_id, ("aadhar", 1))
    before = snapshot(app)
    refused = _replace(client, token, {field: NEW_AADHAR})
    assert refused.status_code == 400 and "The page expired" in refused.get_data(as_text=True)
    assert snapshot(app) == before
    assert _replace(client, token, {field: NEW_AADHAR}, csrf_token=csrf).status_code == 303


def test_a_body_larger_than_the_problems_allow_is_refused_unread(app, client, problem_team):
    """Two problems allow two files' worth of body: a larger post gets the page with a message, not a bare 413."""
    team_id, token = problem_team()
    before = snapshot(app)
    big = pdf_bytes(6 * 1024 * 1024)
    response = _replace(client, token, {_field(app, team_id, ("aadhar", 1)): big,
                                        _field(app, team_id, ("pastor_letter", None)): big})
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and "too large together" in page and "ICCT-901" in page
    assert snapshot(app) == before
