"""Shared behaviour of the /api/v1/ resources."""
from flask_appbuilder.api import ModelRestApi
from sqlalchemy.exc import IntegrityError

from ..security import READ_WRITE_METHODS
from ..web.errors import AppError, error_response


class ResourceApi(ModelRestApi):
    """A ModelRestApi with read/write permissions and refusals in the shared error shape."""

    method_permission_name = READ_WRITE_METHODS
    allow_browser_login = True
    page_size = 25
    max_page_size = 100

    def post_headless(self):
        """Add, answering rule refusals from `pre_add` as errors rather than FAB's 500."""
        return self._guarded(super().post_headless)

    def put_headless(self, pk):
        """Edit, answering rule refusals from `pre_update` as errors rather than FAB's 500."""
        return self._guarded(super().put_headless, pk)

    def delete_headless(self, pk):
        """Delete, answering rule refusals from `pre_delete` as errors rather than FAB's 500."""
        return self._guarded(super().delete_headless, pk)

    @staticmethod
    def _guarded(call, *args):
        try:
            return call(*args)
        except AppError as error:
            from ..extensions import db

            db.session.rollback()
            return error_response(error.status, error.error_code, error.message, error.details)
        except IntegrityError:
            # A null in a required column or a clash that pre_add/pre_update could not see: the client's data.
            from ..extensions import db

            db.session.rollback()
            return error_response(422, "VALIDATION_FAILED", "A required field is missing or a value clashes.")
