"""The organiser's review page over HTTP: private previews, verdicts, decisions offered and refused, next team."""
import os
import re
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Document
from app.services.documents.removal import purge_private_documents
from tests.support.desk_documents import BLUE, RED, add_document, colour_at_centre, near, pdf_of, png_of

JPEG = b"\xff\xd8"


@pytest.fixture
def reviewed_team(app, make_team):
    """A pending 3-player team with a real red PDF Aadhaar for player 2 and a real blue PNG receipt."""
    team_id = make_team(players=3)
    aadhar = add_document(app, team_id, "aadhar", pdf_of(RED), position=2)
    receipt = add_document(app, team_id, "payment_receipt", png_of(BLUE))
    return team_id, aadhar, receipt


def _assert_refused(response, role, url=None):
    if role is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    else:
        assert response.status_code == 403, url
    assert not response.data.startswith(JPEG), url


def _preview_urls(*document_ids):
    return [f"/documents/{pk}/preview/{size}.jpg" for pk in document_ids for size in ("thumb", "large")]


@pytest.mark.parametrize("role", [None, "Viewer", "Scorer"])
def test_previews_and_review_page_refused_without_document_access(client, make_user, login, reviewed_team, role):
    """Anonymous visitors are sent to the login page; viewers and scorers get a 403; no image leaks."""
    team_id, aadhar, receipt = reviewed_team
    if role:
        login(*make_user(role))
    for url in _preview_urls(aadhar, receipt) + [f"/review/team/{team_id}", "/review/",
                                                  f"/review/team/{team_id}/reject"]:
        _assert_refused(client.get(url), role, url)
    _assert_refused(client.post(f"/review/document/{aadhar}/verdict", data={"verdict": "ok"}), role)
    with client.application.app_context():
        assert db.session.get(Document, aadhar).verdict is None


def test_organiser_sees_pdf_first_page_and_image_thumbnail_cached_privately(app, client, organiser, reviewed_team):
    """The PDF's first page and the photo come back as JPEGs of the right colour, never cached by the browser,
    and are cached on disk under the instance folder (owner-only), not under static; a purge removes them."""
    _, aadhar, receipt = reviewed_team
    for pk, colour in ((aadhar, RED), (receipt, BLUE)):
        thumb = client.get(f"/documents/{pk}/preview/thumb.jpg")
        assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
        assert thumb.headers["Cache-Control"] == "private, no-store"
        centre, size = colour_at_centre(thumb.data)
        assert near(centre, colour) and size[0] == 320, (pk, centre, size)
        large = client.get(f"/documents/{pk}/preview/large.jpg")
        assert colour_at_centre(large.data)[1][0] > 320
    with app.app_context():
        shas = [db.session.get(Document, pk).sha256 for pk in (aadhar, receipt)]
    cache = Path(app.instance_path) / "previews"
    files = sorted(cache.rglob("*.jpg"))
    assert {path.name for path in files} == {f"{sha}-{size}.jpg" for sha in shas for size in ("thumb", "large")}
    assert all(stat.S_IMODE(os.stat(path).st_mode) == 0o600 for path in files)
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    assert not list(Path(app.static_folder).rglob("*.jpg"))
    assert client.get("/documents/1/preview/huge.jpg").status_code == 404
    assert client.get("/documents/4242/preview/thumb.jpg").status_code == 404
    stale = cache / "ab" / f"{'ab' * 32}-thumb.jpg"  # say, the preview of a file replaced since
    stale.parent.mkdir()
    stale.write_bytes(b"old scan")
    with app.app_context():
        purge_private_documents(apply=True)
    assert not list(cache.rglob("*.jpg"))


def test_unreadable_pdf_gets_a_placeholder_not_an_error(client, organiser, make_team, app):
    """The factory's PDF is not a real one: its preview is a grey placeholder, and nothing is cached wrongly."""
    make_team()
    with app.app_context():
        letter = db.session.scalar(select(Document.id).where(Document.kind == "pastor_letter"))
    response = client.get(f"/documents/{letter}/preview/thumb.jpg")
    assert response.status_code == 200
    centre, _ = colour_at_centre(response.data)
    assert near(centre, (230, 230, 230), 20) or near(centre, (150, 150, 150), 20)


def test_review_page_shows_each_document_next_to_its_player(client, organiser, reviewed_team):
    """Team documents first, then each player with their own files; every card has a thumbnail and verdicts."""
    team_id, aadhar, receipt = reviewed_team
    page = client.get(f"/review/team/{team_id}").get_data(as_text=True)
    player2 = page[page.index('id="player-ICCT-901-P02"'):page.index('id="player-ICCT-901-P03"')]
    assert f'id="doc-{aadhar}"' in player2 and f'/documents/{aadhar}/preview/thumb.jpg' in player2
    team_part = page[page.index("Team documents"):page.index('id="player-ICCT-901-P01"')]
    assert f'id="doc-{receipt}"' in team_part
    assert page.count('class="verdict-form"') == 5  # letter, photo, receipt; Aadhaar of players 1 and 2
    assert re.search(r'<script src="/static/review\.js" nonce="[^"]+">', page)
    assert "onclick" not in page and "onkeydown" not in page


@pytest.mark.parametrize("status, offered", [
    ("pending", {"confirm", "reject", "withdraw"}),
    ("confirmed", {"withdraw"}),
    ("rejected", {"reopen"}),
    ("withdrawn", set()),
])
def test_only_decisions_valid_for_the_status_are_offered(client, organiser, make_team, status, offered):
    page = client.get(f"/review/team/{make_team(status=status)}").get_data(as_text=True)
    assert set(re.findall(r'id="decide-(\w+)"', page)) == offered


@pytest.mark.parametrize("status, action", [("confirmed", "confirm"), ("rejected", "withdraw"),
                                            ("withdrawn", "reopen"), ("pending", "reopen"), ("pending", "bogus")])
def test_invalid_decision_is_refused_and_changes_nothing(app, client, organiser, make_team, team_state, status,
                                                         action):
    """A decision the state machine refuses re-renders the page with the reason; nothing is stored or audited."""
    team_id = make_team(status=status)
    before = team_state(team_id)
    response = client.post(f"/review/team/{team_id}/decide", data={"action": action})
    assert response.status_code in (409, 422)
    assert 'id="decision-error"' in response.get_data(as_text=True)
    assert team_state(team_id) == before
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.team_id == team_id)) is None


def test_reject_refused_for_a_team_that_is_not_pending(client, organiser, make_team, team_state):
    team_id = make_team(status="confirmed")
    assert 'id="reject-refused"' in client.get(f"/review/team/{team_id}/reject").get_data(as_text=True)
    response = client.post(f"/review/team/{team_id}/reject", data={"reason": "Too late"})
    assert response.status_code == 409 and team_state(team_id) == ("confirmed", None)


def test_verdicts_over_http_are_stored_audited_and_validated(app, client, organiser, reviewed_team):
    """A form post (no script) redirects back to the document; the script's JSON call gets the new counts; a bad
    verdict is a 422 in the error shape for the script, and the page with the message for the form."""
    team_id, aadhar, receipt = reviewed_team
    plain = client.post(f"/review/document/{aadhar}/verdict", data={"verdict": "problem", "note": "Blurred"})
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"/review/team/{team_id}#doc-{aadhar}")
    scripted = client.post(f"/review/document/{receipt}/verdict", data={"verdict": "ok", "note": "x"},
                           headers={"Accept": "application/json"})
    assert scripted.status_code == 200
    assert scripted.json["document"] == {"id": receipt, "verdict": "ok", "note": None, "label": "OK"}
    assert (scripted.json["problems"], scripted.json["unreviewed"]) == (1, 3)
    bad = client.post(f"/review/document/{receipt}/verdict", data={"verdict": "maybe"},
                      headers={"Accept": "application/json"})
    assert bad.status_code == 422 and bad.json["error_code"] == "VALIDATION_FAILED"
    too_long = client.post(f"/review/document/{aadhar}/verdict", data={"verdict": "problem", "note": "x" * 201})
    assert too_long.status_code == 422 and "at most 200 characters" in too_long.get_data(as_text=True)
    with app.app_context():
        rows = {d.id: (d.verdict, d.verdict_note, d.verdict_by) for d in db.session.scalars(select(Document))}
        assert rows[aadhar] == ("problem", "Blurred", "organiser-user")
        assert rows[receipt] == ("ok", None, "organiser-user")
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "document.verdict")).all()
        assert sorted((e.details["document_id"], e.details["to"], e.actor) for e in events) == sorted(
            [(aadhar, "problem", "organiser-user"), (receipt, "ok", "organiser-user")])
    page = client.get(f"/review/team/{team_id}").get_data(as_text=True)
    assert "Problem: Blurred" in page and 'id="problem-count">1<' in page


def test_rejection_is_prefilled_with_the_problems_then_the_next_team_opens(app, client, organiser, make_team,
                                                                          reviewed_team, team_state):
    """The reason lists each problem document with its player and note; rejecting goes to the oldest team left."""
    team_id, aadhar, receipt = reviewed_team
    later = make_team()
    client.post(f"/review/document/{aadhar}/verdict", data={"verdict": "problem", "note": "Name differs"})
    client.post(f"/review/document/{receipt}/verdict", data={"verdict": "problem", "note": "Amount missing"})
    form = client.get(f"/review/team/{team_id}/reject").get_data(as_text=True)
    reason = re.search(r'<textarea[^>]*id="reason"[^>]*>([^<]*)</textarea>', form).group(1)
    assert reason == ("Please replace these documents: Payment receipt: Amount missing; "
                      "Aadhaar card (Player 02, ICCT-901-P02): Name differs.")
    assert form.count("<li>") >= 2 and "Name differs" in form[form.index('id="reject-problems"'):]
    empty = client.post(f"/review/team/{team_id}/reject", data={"reason": " "})
    assert empty.status_code == 422 and team_state(team_id)[0] == "pending"
    response = client.post(f"/review/team/{team_id}/reject", data={"reason": reason.replace("&#39;", "'")})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/review/team/{later}")
    assert team_state(team_id) == ("rejected", reason.replace("&#39;", "'"))


def test_decision_goes_to_the_oldest_waiting_team_or_back_to_the_queue(client, organiser, make_team, team_state):
    first, second = make_team(), make_team()
    assert client.get("/review/").headers["Location"].endswith(f"/review/team/{first}")
    skip = client.get(f"/review/team/{first}").get_data(as_text=True)
    assert f'id="next-team" data-key="n" href="/review/team/{second}"' in skip
    assert client.post(f"/review/team/{second}/decide", data={"action": "confirm"}).headers[
        "Location"].endswith(f"/review/team/{first}")
    done = client.post(f"/review/team/{first}/decide", data={"action": "withdraw"}, follow_redirects=True)
    assert "No team is waiting for review." in done.get_data(as_text=True)
    assert (team_state(first)[0], team_state(second)[0]) == ("withdrawn", "confirmed")


def test_queue_links_each_team_to_its_review_page(client, organiser, make_team):
    team_id = make_team()
    page = client.get("/reviewqueuemodelview/list/").get_data(as_text=True)
    assert 'href="/review/code/ICCT-901"' in page and 'id="start-review"' in page
    assert client.get("/review/code/ICCT-901").headers["Location"].endswith(f"/review/team/{team_id}")
    assert client.get("/review/code/NOPE").status_code == 404
