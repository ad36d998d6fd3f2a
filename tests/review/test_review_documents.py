"""Private documents: only signed-in users with Document read get the bytes, by every URL the app knows."""
import io
import zipfile
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Document, PendingDeletion, Tournament
from app.services.documents.storage import ObjectNotFound, get_storage
from tests.support.fake_cloudinary import FakeCloudinary
from tests.support.review_factories import PDF, PNG


def _documents(app):
    """{kind: (id, storage_key, private)} of the first team's documents."""
    with app.app_context():
        rows = db.session.scalars(select(Document).order_by(Document.id)).all()
        return {row.kind: (row.id, row.storage_key, row.private) for row in rows}


def _known_urls(app):
    """Every URL under which the app could hand out a document or its bytes."""
    docs = _documents(app)
    urls = [f"/documents/{doc_id}" for doc_id, _, _ in docs.values()]
    urls += ["/documents/team/1.zip", "/documentmodelview/list/", "/teammodelview/show/1"]
    urls += [f"/documentmodelview/show/{doc_id}" for doc_id, _, _ in docs.values()]
    for _, key, private in docs.values():
        tree = "private" if private else "public"
        urls += [f"/uploads/{tree}/{key}", f"/static/uploads/{tree}/{key}", f"/static/../instance/uploads/{tree}/{key}"]
    return urls


def test_organiser_opens_a_private_document_inline(client, organiser, app, make_team):
    """The right bytes and type, shown in the browser, never cached."""
    make_team()
    doc_id = _documents(app)["aadhar"][0]
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="ICCT-901_ICCT-901-P01_aadhar.pdf"'
    assert response.headers["Cache-Control"] == "private, no-store"
    photo = client.get(f"/documents/{_documents(app)['group_photo'][0]}")
    assert photo.data == PNG and photo.mimetype == "image/png"


def test_team_page_links_to_documents_and_players(client, organiser, make_team):
    """The show page lists the roster and opens documents through the checked route."""
    team_id = make_team()
    page = client.get(f"/teammodelview/show/{team_id}").get_data(as_text=True)
    assert "ICCT-901-P11" in page and 'href="/documents/1"' in page and "/documents/team/1.zip" in page


@pytest.mark.parametrize("role", [None, "Viewer", "Scorer"])
def test_no_document_bytes_without_document_read(client, make_user, login, app, make_team, role):
    """Anonymous visitors, viewers and scorers get no file by any known URL."""
    make_team()
    if role:
        login(*make_user(role))
    for url in _known_urls(app):
        response = client.get(url)
        assert response.status_code in (302, 401, 403, 404), url
        if response.status_code == 302:
            assert "/login" in response.headers["Location"] or response.headers["Location"].endswith("/"), url
        assert PDF not in response.data and PNG not in response.data, url


def test_missing_file_is_a_404(client, organiser, app, make_team):
    """A row whose file is gone answers 404, not 500."""
    make_team()
    doc_id, key, _ = _documents(app)["pastor_letter"]
    with app.app_context():
        get_storage().delete(key, True, "application/pdf")
    assert client.get(f"/documents/{doc_id}").status_code == 404
    assert client.get("/documents/424242").status_code == 404


def test_team_documents_zip(client, organiser, make_team):
    """Every document under `<team>_<player>_<kind>.<ext>` or `<team>_<kind>.<ext>`."""
    team_id = make_team()
    response = client.get(f"/documents/team/{team_id}.zip")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["ICCT-901_ICCT-901-P01_aadhar.pdf", "ICCT-901_group_photo.png",
                                          "ICCT-901_pastor_letter.pdf"]
    assert archive.read("ICCT-901_pastor_letter.pdf") == PDF


def test_cloudinary_documents_redirect_to_a_short_lived_signed_url(app_factory, make_team, make_user):
    """With Cloudinary, an organiser is sent to a signed download URL; anonymous visitors are not."""
    with FakeCloudinary() as fake:
        cloud_app = app_factory(CLOUDINARY_URL=fake.cloudinary_url, DOCUMENT_URL_SECONDS=60)
        make_team(on=cloud_app)
        doc_id = _documents(cloud_app)["aadhar"][0]
        web = cloud_app.test_client()
        anonymous = web.get(f"/documents/{doc_id}")
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
        web.post("/login/", data=dict(zip(("username", "password"), make_user("Organiser"))))
        response = web.get(f"/documents/{doc_id}")
        assert response.status_code == 302 and response.headers["Cache-Control"] == "private, no-store"
        signed = response.headers["Location"]
        assert signed.startswith(fake.url) and "expires_at=" in signed and "signature=" in signed
        assert requests.get(signed, timeout=10).content == PDF
        unsigned = signed.split("?")[0]
        assert requests.get(unsigned, timeout=10).status_code != 200


def test_purge_documents_dry_run_then_apply(app, runner, make_team):
    """Dry run lists and keeps; --apply waits for the tournament's end, then deletes private files and rows."""
    make_team()
    docs = _documents(app)
    dry = runner.invoke(args=["purge-documents"])
    assert dry.exit_code == 0 and "would delete ICCT-901_ICCT-901-P01_aadhar.pdf" in dry.output
    assert "Dry run: 2 private documents" in dry.output and "group_photo" not in dry.output
    assert _documents(app) == docs
    early = runner.invoke(args=["purge-documents", "--apply"])
    assert early.exit_code != 0 and "not over" in early.output
    with app.app_context():
        db.session.scalar(select(Tournament)).ends_on = date.today() - timedelta(days=1)
        db.session.commit()
    done = runner.invoke(args=["purge-documents", "--apply"])
    assert done.exit_code == 0 and "Deleted 2 documents" in done.output
    assert list(_documents(app)) == ["group_photo"]
    with app.app_context():
        storage = get_storage()
        for kind in ("aadhar", "pastor_letter"):
            with pytest.raises(ObjectNotFound):
                storage.open(docs[kind][1], private=True)
        assert storage.open(docs["group_photo"][1], private=False) == PNG
        assert db.session.scalar(select(AuditEvent.event).where(AuditEvent.event == "documents.purged"))
        assert db.session.scalar(select(PendingDeletion.id)) is None
