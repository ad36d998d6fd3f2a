"""Registration drafts run a fixed number of SQL statements: an upload and a listing whatever the draft holds, the
final submit whatever the team's size."""
import io

from sqlalchemy import func, select

from app.extensions import db
from app.models import Document
from tests.support import payloads
from tests.support.drafts import fill_draft, start_draft
from tests.support.statements import REGISTRATION_STATEMENTS, statements_by_team_size

# Find the live draft, with what its other files hold and the tournament's roster size, in one statement (1); in
# the upload's transaction lock the draft and insert the row if its field is free and the caps allow it (2).
NEW_FILE_STATEMENTS = 3
# The same, but the insert finds the field held (no row); then the draft's files are read, the row updated and the
# old file's deletion queued (+3), and once committed that queue entry read and deleted when the file is gone (+2:
# the removal path shared with documents).
REPLACEMENT_STATEMENTS = 8
# The draft and its files, joined (1).
LISTING_STATEMENTS = 1
# The registration's own statements (tests/support/statements.py) plus the draft's: find it with its files (1); in
# the registration's transaction mark it submitted and let go of its files (2).
SUBMIT_STATEMENTS = {dialect: count + 3 for dialect, count in REGISTRATION_STATEMENTS.items()}


def upload(client, count_statements, token, field, size):
    response, statements = count_statements(client, "PUT", f"/register/draft/{token}/files/{field}",
                                            data={"file": (io.BytesIO(payloads.pdf_bytes(size)), "x.pdf")},
                                            content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    return statements


def test_draft_uploads_and_listings_do_not_grow_with_the_draft(app, client, count_statements):
    """The first file and the twenty-first cost the same; so does listing 1 file or 21."""
    token = start_draft(client)
    first = upload(client, count_statements, token, "pastor_letter", 2048)
    listed_one = count_statements(client, "GET", f"/register/draft/{token}")[1]
    for index in range(10):
        for kind in ("aadhar", "subscription"):
            upload(client, count_statements, token, f"player_{index}_{kind}_file", 2048)
    late = upload(client, count_statements, token, "payment_receipt", 2048)
    replaced = upload(client, count_statements, token, "payment_receipt", 3000)
    listed_many = count_statements(client, "GET", f"/register/draft/{token}")[1]
    assert (first, late, replaced) == (NEW_FILE_STATEMENTS, NEW_FILE_STATEMENTS, REPLACEMENT_STATEMENTS)
    assert listed_one == listed_many == LISTING_STATEMENTS


def test_the_final_submit_does_not_grow_with_the_team(app, client, count_statements):
    """11 and 15 players submitted from their drafts: the same statements, the registration's own plus the
    draft's (find it with its files; in the transaction mark it submitted and let go of its files)."""

    def submit(players, church):
        form, files = payloads.registration(players=players, church=church)
        token = start_draft(client)
        fill_draft(client, token, files)
        data = dict(form, draft_token=token)
        response, statements = count_statements(client, "POST", "/register", data=data,
                                                content_type="multipart/form-data")
        assert response.status_code == 303, response.get_data(as_text=True)[:1000]
        return statements

    counts = statements_by_team_size(submit)
    with app.app_context():
        expected = SUBMIT_STATEMENTS[db.engine.dialect.name]
        assert counts == {11: expected, 15: expected}
        assert db.session.scalar(select(func.count()).select_from(Document)) == 25 + 25 + 33
