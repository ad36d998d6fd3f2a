"""Document bytes for signed-in organisers only: streamed inline, or a short-lived signed Cloudinary URL."""
from flask import Response, abort, current_app, redirect
from flask_appbuilder import BaseView, expose, has_access

from ..extensions import db
from ..models import Document, Team
from ..services.documents.access import download_name, read_document, signed_url, team_documents_zip
from ..services.documents.storage import ObjectNotFound
from ..web.public_reads import PRIVATE

PRIVATE_HEADERS = {"Cache-Control": PRIVATE, "X-Content-Type-Options": "nosniff"}


class DocumentFileView(BaseView):
    """`/documents/<id>` and `/documents/team/<id>.zip`, guarded by the Document read permission."""

    route_base = "/documents"
    class_permission_name = "Document"
    method_permission_name = {"open_document": "read", "team_archive": "read"}

    @expose("/<int:pk>")
    @has_access
    def open_document(self, pk):
        """Show one document in the browser."""
        document = db.session.get(Document, pk) or abort(404)
        url = signed_url(document, int(current_app.config.get("DOCUMENT_URL_SECONDS", 300)))
        if url:
            response = redirect(url)
            response.headers.update(PRIVATE_HEADERS)
            return response
        try:
            data = read_document(document)
        except ObjectNotFound:
            abort(404)
        disposition = f'inline; filename="{download_name(document)}"'
        return Response(data, mimetype=document.content_type,
                        headers={**PRIVATE_HEADERS, "Content-Disposition": disposition})

    @expose("/team/<int:pk>.zip")
    @has_access
    def team_archive(self, pk):
        """Every document of one team in a zip."""
        team = db.session.get(Team, pk) or abort(404)
        disposition = f'attachment; filename="{team.code}_documents.zip"'
        return Response(team_documents_zip(team), mimetype="application/zip",
                        headers={**PRIVATE_HEADERS, "Content-Disposition": disposition})
