"""Organiser access to uploaded documents: download names, reading, signed URLs and a team's zip."""
import io
import zipfile

from .storage import get_storage

EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def download_name(document):
    """`<team code>_<player code>_<kind>.<ext>`, or `<team code>_<kind>.<ext>` for a team document."""
    extension = EXTENSIONS.get(document.content_type, "bin")
    owner = f"{document.team.code}_{document.player.code}" if document.player else document.team.code
    return f"{owner}_{document.kind}.{extension}"


def read_document(document):
    """The document's bytes from storage."""
    return get_storage().open(document.storage_key, private=document.private, content_type=document.content_type)


def signed_url(document, expires_in):
    """A short-lived signed URL when the backend can give one (Cloudinary), else None (serve it ourselves)."""
    storage = get_storage()
    if document.private:
        return storage.private_url(document.storage_key, document.content_type, expires_in)
    return storage.public_url(document.storage_key, document.content_type)


def team_documents_zip(team):
    """A zip of every document of `team`, each under its download name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in team.documents:
            archive.writestr(download_name(document), read_document(document))
    return buffer.getvalue()
