"""`flask sweep-uploads` deletes local files no row names once they are old enough, and nothing a row names."""
import os
import time

from sqlalchemy import select

from app.extensions import db
from app.models import Document
from app.services.documents.storage import get_storage
from tests.support import payloads
from tests.support.drafts import stored_paths


def test_files_no_row_names_are_deleted_once_old_enough_and_named_ones_kept(app, client, runner):
    """A stray file and a leftover `.tmp-` file of a killed process survive a sweep while young (a registration
    may be about to commit their row), and go with `--orphans-older-than` below their age; the team's 25 stay."""
    payloads.register_through_the_api(client)
    with app.app_context():
        storage = get_storage()
        stray = storage.save("registrations/killed/pastor_letter.pdf", payloads.pdf_bytes(), "application/pdf", True)
        named = {(d.storage_key, d.sha256) for d in db.session.scalars(select(Document))}
        db.session.remove()
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "private", "registrations", "killed")
    with open(os.path.join(folder, ".tmp-999-0-receipt.jpg"), "wb") as leftover:
        leftover.write(payloads.jpeg_bytes())
    assert len(stored_paths(app)) == 27

    result = runner.invoke(args=["sweep-uploads"])
    assert "Deleted 0 files no row names." in result.output and len(stored_paths(app)) == 27
    an_hour_ago = time.time() - 7200
    os.utime(os.path.join(folder, ".tmp-999-0-receipt.jpg"), (an_hour_ago, an_hour_ago))
    result = runner.invoke(args=["sweep-uploads", "--orphans-older-than", "3600"])
    assert "Deleted 1 files no row names." in result.output and len(stored_paths(app)) == 26
    result = runner.invoke(args=["sweep-uploads", "--orphans-older-than", "0"])
    assert result.exit_code == 0 and "Deleted 1 files no row names." in result.output, result.output
    assert {path.removeprefix("private/") for path in stored_paths(app)} == {key for key, _sha in named}
    assert not os.path.exists(folder)  # its emptied folder went too
    with app.app_context():
        assert all(get_storage().open(key) for key, _sha in named)
    assert stray.key not in {key for key, _sha in named}
