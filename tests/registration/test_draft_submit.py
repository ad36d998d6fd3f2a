"""The final submit with a draft: the draft's files become the team's documents without another upload; a refused
submit keeps the draft; a replay answers the same; another draft's files or a dead token are refused."""
import threading

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Document, DraftFile, OutboxEmail, PendingDeletion, RegistrationDraft, Team
from tests.registration.test_drafts_http import expire
from tests.support import payloads
from tests.support.drafts import draft_rows, fill_draft, put_file, start_draft, stored_paths
from tests.support.waiting import wait_for


def submit(client, form, files=None, token=None):
    """Post the registration form, with the draft's token when given."""
    data = payloads.for_test_client(form, files or {})
    if token:
        data["draft_token"] = token
    return client.post("/register", data=data, content_type="multipart/form-data")


def counts(app):
    """(teams, documents, outbox emails, audit events) stored."""
    with app.app_context():
        found = tuple(db.session.scalar(select(func.count()).select_from(model))
                      for model in (Team, Document, OutboxEmail, AuditEvent))
        db.session.remove()
    return found


def document_keys(app):
    """Storage keys the team's documents name."""
    with app.app_context():
        keys = set(db.session.scalars(select(Document.storage_key)))
        db.session.remove()
    return keys


def test_a_submit_with_a_draft_attaches_its_files_without_uploading_again(app, client):
    """Every file came through the draft: the team's 25 documents name the draft's stored files, no new file is
    written, the draft is spent and holds nothing."""
    form, files = payloads.registration()
    token = start_draft(client)
    fill_draft(client, token, files)
    before = stored_paths(app)
    response = submit(client, form, token=token)
    assert response.status_code == 303 and response.headers["Location"].endswith("/register/done/ICCT-001")
    assert stored_paths(app) == before and len(before) == 25
    assert {f"private/{key}" for key in document_keys(app)} == set(before)
    assert draft_rows(app) == (1, 0, 0) and counts(app) == (1, 25, 1, 1)
    with app.app_context():
        draft = db.session.scalars(select(RegistrationDraft)).one()
        team = db.session.scalars(select(Team)).one()
        assert draft.team_id == team.id and draft.submitted_at is not None
        assert {(d.kind, d.size) for d in team.documents} >= {("pastor_letter", 2048), ("aadhar", 2048)}
    page = client.get("/register/done/ICCT-001").get_data(as_text=True)
    assert "ICCT-001" in page and form["team_name"] in page


def test_posted_files_and_draft_files_mix_and_unused_draft_files_are_deleted(app, client, runner):
    """A file posted with the submit wins over the draft's for that field; the draft's unused files (that field,
    a player row the captain removed) are queued and deleted by the next sweep."""
    form, files = payloads.registration(players=12)
    token = start_draft(client)
    fill_draft(client, token, files)
    del form["player_11_name"], form["player_11_role"]  # the twelfth player is dropped before submitting
    posted = {"pastor_letter": ("new.pdf", payloads.pdf_bytes(5000), "application/pdf")}
    response = submit(client, form, posted, token)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        letter = db.session.scalars(select(Document).where(Document.kind == "pastor_letter")).one()
        assert letter.size == 5000 and letter.storage_key.startswith("registrations/")
        assert db.session.scalar(select(func.count()).select_from(Document)) == 25
        assert db.session.scalar(select(func.count()).select_from(PendingDeletion)) == 3
    assert "Deleted 3 queued files.\n" in runner.invoke(args=["sweep-uploads"]).output
    assert {path.removeprefix("private/") for path in stored_paths(app)} == document_keys(app)


def test_a_refused_submit_keeps_the_draft_and_its_files(app, client):
    """A field error re-renders the form; the draft and every file stay, and the corrected submit succeeds."""
    form, files = payloads.registration()
    token = start_draft(client)
    fill_draft(client, token, files)
    refused = submit(client, dict(form, captain_phone="12345"), token=token)
    assert refused.status_code == 422 and 'id="captain_phone-error"' in refused.get_data(as_text=True)
    assert counts(app) == (0, 0, 0, 0) and draft_rows(app) == (1, 25, 0) and len(stored_paths(app)) == 25
    assert client.get(f"/register/draft/{token}").status_code == 200
    assert submit(client, form, token=token).status_code == 303
    assert counts(app) == (1, 25, 1, 1)


def test_a_replayed_submit_gives_the_same_answer_and_stores_nothing_new(app, client):
    """The same draft submitted again (a double tap, a retry after a lost reply) lands on the same success page."""
    form, files = payloads.registration()
    token = start_draft(client)
    fill_draft(client, token, files)
    first = submit(client, form, token=token)
    stored = (counts(app), stored_paths(app), draft_rows(app))
    other_browser = app.test_client()
    again = submit(other_browser, form, token=token)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert (counts(app), stored_paths(app), draft_rows(app)) == stored
    assert "ICCT-001" in other_browser.get("/register/done/ICCT-001").get_data(as_text=True)
    spent = client.get(f"/register/draft/{token}")
    assert spent.status_code == 404, "a submitted draft takes no more uploads"
    assert put_file(client, token, "group_photo", payloads.png_bytes()).status_code == 404
    assert (counts(app), stored_paths(app)) == stored[:2]


def test_a_submit_cannot_take_another_drafts_files(app, client):
    """Files live in the draft they were uploaded to: a submit naming an empty draft (or naming the other draft's
    stored keys as text) is refused for the missing files, and neither draft changes."""
    form, files = payloads.registration()
    mine, other = start_draft(client), start_draft(client)
    fill_draft(client, mine, files)
    with app.app_context():
        keys = {row.field: row.storage_key for row in db.session.scalars(select(DraftFile))}
    refused = submit(client, dict(form, **keys), token=other)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="pastor_letter-error"' in html and 'id="player_0_aadhar_file-error"' in html
    assert counts(app) == (0, 0, 0, 0) and draft_rows(app) == (2, 25, 0) and len(stored_paths(app)) == 25
    assert len(client.get(f"/register/draft/{mine}").get_json()["draft"]["files"]) == 25


@pytest.mark.parametrize("which", ["unknown", "expired"])
def test_a_submit_with_a_dead_token_is_refused_clearly(app, client, which):
    """An unknown or expired draft re-renders the form asking for the documents again; nothing is stored."""
    form, files = payloads.registration()
    token = start_draft(client)
    fill_draft(client, token, files)
    if which == "expired":
        expire(app, token)
    response = submit(client, form, token=token if which == "expired" else "x" * 43)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "does not exist or has expired" in html
    assert f'value="{form["team_name"]}"' in html
    assert counts(app) == (0, 0, 0, 0) and draft_rows(app) == (1, 25, 0)


def test_the_same_draft_submitted_twice_at_once_makes_one_team(app, live_server):
    """Two submits of one draft racing over real HTTP: one team, and both browsers land on its success page."""
    form, files = payloads.registration()
    session = requests.Session()
    token = session.post(f"{live_server.url}/register/draft").json()["draft"]["token"]
    for field, (name, content, kind) in files.items():
        assert session.put(f"{live_server.url}/register/draft/{token}/files/{field}",
                           files={"file": (name, content, kind)}).status_code == 200
    answers, gate = [], threading.Barrier(2)

    def post():
        gate.wait()
        answers.append(requests.post(f"{live_server.url}/register", data=dict(form, draft_token=token),
                                     allow_redirects=False, timeout=30))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [303, 303], [a.text[:500] for a in answers]
    assert {a.headers["Location"] for a in answers} == {"/register/done/ICCT-001"}
    assert counts(app) == (1, 25, 1, 1)


def test_a_draft_file_removed_while_the_submit_runs_is_not_recorded(cloud_app, cloud_server, fake_cloudinary):
    """The submit uploads a posted file (held at Cloudinary) while the captain removes one of the draft's files:
    the submit is refused rather than record a deleted file; its own upload is deleted and the draft keeps the rest."""
    form, files = payloads.registration()
    session = requests.Session()
    base = cloud_server.url
    token = session.post(f"{base}/register/draft").json()["draft"]["token"]
    for field, (name, content, kind) in files.items():
        assert session.put(f"{base}/register/draft/{token}/files/{field}",
                           files={"file": (name, content, kind)}).status_code == 200
    answers = {}
    fake_cloudinary.hold()

    def submit_with_a_new_letter():
        answers["submit"] = session.post(f"{base}/register", data=dict(form, draft_token=token), timeout=60,
                                         files={"pastor_letter": ("new.pdf", payloads.pdf_bytes(4000))})

    def remove_the_receipt():
        answers["remove"] = requests.delete(f"{base}/register/draft/{token}/files/payment_receipt", timeout=60)

    submit = threading.Thread(target=submit_with_a_new_letter)
    submit.start()
    wait_for(lambda: fake_cloudinary.waiting_at_gate == 1)
    remove = threading.Thread(target=remove_the_receipt)
    remove.start()
    wait_for(lambda: fake_cloudinary.waiting_at_gate == 2)  # the removal is committed; its destroy is held
    fake_cloudinary.release()
    submit.join()
    remove.join()
    assert answers["remove"].status_code == 204
    assert answers["submit"].status_code == 422 and "changed while the registration" in answers["submit"].text
    assert counts(cloud_app) == (0, 0, 0, 0) and draft_rows(cloud_app) == (1, 24, 0)
    assert len(fake_cloudinary.live_assets) == 24
