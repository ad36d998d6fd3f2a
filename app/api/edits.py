"""PUT on a /api/v1/ resource through its service rather than FAB's generated schema."""
from flask import request

from ..web.errors import AppError


class ServiceEdits:
    """Mixin for a ResourceApi whose edits go through `edit_service(pk, changes)`.

    FAB's schema would refuse `+91 98765-43210` for a 10-character column before the rules could store it as
    10 digits, and would report type errors apart from rule errors; the service checks every field at once.
    """

    edit_service = None

    def put_headless(self, pk):
        """Edit through the service; refusals in the shared error shape."""
        return self._guarded(self._edit_through_service, pk)

    def _edit_through_service(self, pk):
        changes = request.get_json(silent=True)
        if not isinstance(changes, dict):
            raise AppError("Send a JSON object of the fields to change.", status=400)
        item = self.edit_service(pk, changes)
        return self.response(200, result=self.edit_model_schema.dump(item))
