"""Document previews (thumbnails, a PDF's first page) for users who may open the document itself."""
from flask import Response, abort
from flask_appbuilder import BaseView, expose, has_access

from ..extensions import db
from ..models import Document
from ..services.documents.previews import SIZES, preview
from ..services.documents.storage import ObjectNotFound, StorageUnavailable
from .documents import PRIVATE_HEADERS


class DocumentPreviewView(BaseView):
    """`/documents/<id>/preview/<thumb|large>.jpg`, guarded by the same Document read permission as the file."""

    route_base = "/documents"
    class_permission_name = "Document"
    method_permission_name = {"preview": "read"}

    @expose("/<int:pk>/preview/<size>.jpg")
    @has_access
    def preview(self, pk, size):
        """A JPEG of the document's image or first page; never cached by the browser or a proxy."""
        if size not in SIZES:
            abort(404)
        document = db.session.get(Document, pk) or abort(404)
        try:
            data = preview(document, size)
        except ObjectNotFound:
            abort(404)
        except StorageUnavailable:
            abort(503)
        return Response(data, mimetype="image/jpeg", headers=PRIVATE_HEADERS)
