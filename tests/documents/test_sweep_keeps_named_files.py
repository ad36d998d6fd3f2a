"""The sweep of queued deletions never deletes a file that a stored document row names."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Document, PendingDeletion
from app.services.documents.storage import ObjectNotFound, get_storage
from tests.support import payloads


def queue_deletion(backend, key, content_type, private):
    """Queue a file for deletion, as a registration does when storage is down."""
    db.session.add(PendingDeletion(backend=backend, storage_key=key, content_type=content_type, private=private,
                                   attempts=1, last_error="storage was down"))


def test_sweep_uploads_spares_a_file_a_document_names(app, client, runner):
    """A deletion queued in error for a stored team's document is dropped and the file kept; a real leftover
    in the same queue is deleted."""
    payloads.register_through_the_api(client)
    with app.app_context():
        storage = get_storage()
        document = db.session.scalars(select(Document).order_by(Document.id)).first()
        leftover = storage.save("registrations/failed/pastor_letter.pdf", payloads.pdf_bytes(), "application/pdf",
                                True)
        queue_deletion(document.backend, document.storage_key, document.content_type, document.private)
        queue_deletion(leftover.backend, leftover.key, leftover.content_type, leftover.private)
        db.session.commit()
        named = (document.storage_key, document.private, document.content_type)
        db.session.remove()

    result = runner.invoke(args=["sweep-uploads"])
    assert result.exit_code == 0 and "Deleted 1 queued files." in result.output, result.output
    with app.app_context():
        storage = get_storage()
        assert storage.open(*named)
        with pytest.raises(ObjectNotFound):
            storage.open(leftover.key, True, "application/pdf")
        assert db.session.scalar(select(func.count()).select_from(PendingDeletion)) == 0
        db.session.remove()
