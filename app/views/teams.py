"""Admin views for teams, the review queue, players and documents."""
from flask import abort, flash, url_for
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_babel import gettext as _
from markupsafe import Markup

from ..datamodel import Interface, JoinedInterface
from ..extensions import db
from ..models import Document, Player, Team
from ..security import READ_WRITE_METHODS
from ..services.review.deletion import delete_team
from ..services.review.editing import prepare_player_edit, prepare_team_edit
from ..web.errors import AppError
from .base import AdminModelView, ReadOnlyModelView
from .edit_forms import player_edit_fields, team_edit_fields
from .exports import ExportMixin
from .review import REVIEW_METHODS, ReviewActions
from .status_links import STATUS_LINK_METHODS, StatusLinkActions

PUBLIC_TEAM_COLUMNS = ["code", "name", "church", "status", "created_at"]
CONTACT_COLUMNS = ["captain_name", "captain_phone", "captain_email", "captain_whatsapp",
                   "vice_name", "vice_phone", "vice_email", "vice_whatsapp"]


def _open_link(pk):
    """A link that opens the document in a new tab, through the permission-checked route."""
    return Markup('<a href="{}" target="_blank" rel="noopener">Open</a>').format(
        url_for("DocumentFileView.open_document", pk=pk))


def _review_link(code):
    """The team code as a link to its review page, where the queue's work is done."""
    return Markup('<a class="review-link" href="{}">{}</a>').format(url_for("TeamReviewView.by_code", code=code), code)


def _checked(prepare, item):
    """Run a service's edit check; FAB shows a refusal's message, and the half-applied edit is dropped."""
    try:
        prepare(item)
    except AppError as error:
        db.session.rollback()
        raise ValueError(error.message) from None


class PlayerModelView(AdminModelView):
    """Players of every team, searchable by code and name; they only come from a registration."""

    datamodel = JoinedInterface(Player, joined=["team"])
    class_permission_name = "Player"
    exclude_route_methods = {"add"}
    list_columns = ["code", "name", "role", "team"]
    search_columns = ["code", "name", "role", "team"]
    show_columns = ["code", "name", "role", "team", "position"]
    edit_columns = ["name", "role"]
    edit_form_extra_fields = player_edit_fields()
    order_columns = ["code", "name", "role"]
    base_order = ("code", "asc")

    def pre_update(self, item):
        """The registration's name and role rules, the name unique within the team."""
        _checked(prepare_player_edit, item)


class DocumentModelView(ReadOnlyModelView):
    """Uploaded documents; their bytes are only ever served to signed-in users with permission."""

    datamodel = JoinedInterface(Document, joined=["team", "player"])
    class_permission_name = "Document"
    # can_delete guards no route: the team deletion's rule (services/review/deletion.py) asks for it.
    base_permissions = ["can_read", "can_delete"]
    list_columns = ["team", "player", "kind", "content_type", "size", "private", "id"]
    label_columns = {"id": "File"}
    formatters_columns = {"id": _open_link}
    search_columns = ["team", "kind", "private"]
    show_columns = ["team", "player", "kind", "content_type", "size", "sha256", "private", "backend",
                    "storage_key", "created_at", "id"]
    order_columns = ["kind", "size"]
    base_order = ("id", "asc")


class TeamModelView(ReviewActions, StatusLinkActions, ExportMixin, AdminModelView):
    """Teams with contacts, roster and documents, for organisers; decisions are FAB actions.

    No add form: organisers register a team through TeamRegistrationView, under the captain's rules.
    """

    datamodel = Interface(Team)
    class_permission_name = "Team"
    method_permission_name = {**READ_WRITE_METHODS, **REVIEW_METHODS, **STATUS_LINK_METHODS, "export": "read"}
    exclude_route_methods = {"add"}
    export_contacts = True
    list_columns = PUBLIC_TEAM_COLUMNS + ["captain_name", "captain_phone"]
    search_columns = ["code", "name", "church", "status", "created_at", "captain_name", "captain_phone",
                      "captain_email", "vice_phone"]
    show_fieldsets = [
        ("Team", {"fields": ["code", "name", "church", "status", "rejection_reason", "language",
                             "created_at", "decided_at"]}),
        ("Contacts", {"fields": CONTACT_COLUMNS}),
    ]
    edit_columns = ["name"] + CONTACT_COLUMNS
    edit_form_extra_fields = team_edit_fields()
    order_columns = ["code", "name", "status", "created_at"]
    base_order = ("created_at", "asc")
    related_views = [PlayerModelView, DocumentModelView]
    show_template = "review/team_show.html"
    list_template = "review/team_list.html"

    def pre_update(self, item):
        """The registration's field rules and uniqueness among slot-holding teams; audited by field name."""
        _checked(prepare_team_edit, item)

    def _delete(self, pk):
        """Delete through the review service, which refuses a team with documents to a user who may not delete
        documents (an Organiser) and removes the stored files; the page says what became of them."""
        if self.datamodel.get(pk, self._base_filters) is None:
            abort(404)
        try:
            outcome = delete_team(int(pk))
        except AppError as error:
            db.session.rollback()
            flash(error.message, "danger")
            return
        if outcome.files_queued:
            flash(_("Deleted %(team)s. %(deleted)d files deleted; %(queued)d files will be deleted once storage "
                    "answers again.", team=outcome.code, deleted=outcome.files_deleted, queued=outcome.files_queued),
                  "warning")
        else:
            flash(_("Deleted %(team)s and its %(deleted)d stored files.", team=outcome.code,
                    deleted=outcome.files_deleted), "success")
        self.update_redirect()


class ReviewQueueModelView(TeamModelView):
    """Teams waiting for a decision, oldest first."""

    list_title = "Review queue"
    base_filters = [["status", FilterEqual, "pending"]]
    formatters_columns = {"code": _review_link}
    base_order = ("created_at", "asc")


class TeamDirectoryModelView(ExportMixin, ReadOnlyModelView):
    """Teams without contacts or documents, for viewers and scorers."""

    datamodel = Interface(Team)
    class_permission_name = "TeamDirectory"
    method_permission_name = {**READ_WRITE_METHODS, "export": "read"}
    include_route_methods = ReadOnlyModelView.include_route_methods | {"export"}
    list_columns = PUBLIC_TEAM_COLUMNS
    search_columns = ["code", "name", "church", "status"]
    show_columns = PUBLIC_TEAM_COLUMNS + ["players"]
    order_columns = ["code", "name", "status", "created_at"]
    base_order = ("code", "asc")
    list_template = "review/team_list.html"
