"""Admin UI: FAB ModelViews registered on the AppBuilder."""
from .churches import ChurchModelView
from .dashboard import DashboardView
from .document_previews import DocumentPreviewView
from .documents import DocumentFileView
from .email_templates import EmailTemplateModelView
from .fixtures import FixtureGeneratorView
from .match_checkin import MatchCheckinView
from .matches import MatchModelView
from .operations import AuditEventModelView, OutboxEmailModelView, TournamentModelView
from .team_registration import TeamRegistrationView
from .team_review import TeamReviewView
from .teams import DocumentModelView, PlayerModelView, ReviewQueueModelView, TeamDirectoryModelView, TeamModelView
from .waitlist import WaitingEntryModelView


def register_admin_views(appbuilder):
    """Add every admin view with its menu entry."""
    appbuilder.add_view(DashboardView, "Dashboard", icon="fa-dashboard")
    appbuilder.add_view(ReviewQueueModelView, "Review queue", icon="fa-inbox", category="Teams")
    appbuilder.add_view(TeamReviewView, "Review next team", icon="fa-check-circle", category="Teams")
    appbuilder.add_view(TeamModelView, "Teams", icon="fa-users", category="Teams")
    appbuilder.add_view_no_menu(TeamRegistrationView)
    appbuilder.add_view(PlayerModelView, "Players", icon="fa-user", category="Teams")
    appbuilder.add_view(DocumentModelView, "Documents", icon="fa-file", category="Teams")
    appbuilder.add_view_no_menu(DocumentFileView)
    appbuilder.add_view_no_menu(DocumentPreviewView)
    appbuilder.add_view(TeamDirectoryModelView, "Team directory", icon="fa-list", category="Teams")
    appbuilder.add_view(WaitingEntryModelView, "Waiting list", icon="fa-hourglass-half", category="Teams")
    appbuilder.add_view(ChurchModelView, "Churches", icon="fa-building", category="Churches")
    appbuilder.add_view(MatchModelView, "Match list", icon="fa-calendar", category="Matches")
    appbuilder.add_view(FixtureGeneratorView, "Fixture generator", icon="fa-random", category="Matches")
    appbuilder.add_view(MatchCheckinView, "Match-day check-in", icon="fa-check-square-o", category="Matches")
    appbuilder.add_view(TournamentModelView, "Tournament settings", icon="fa-cog", category="Operations")
    appbuilder.add_view(AuditEventModelView, "Audit log", icon="fa-history", category="Operations")
    appbuilder.add_view(OutboxEmailModelView, "Outbox", icon="fa-envelope", category="Operations")
    appbuilder.add_view(EmailTemplateModelView, "Email templates", icon="fa-pencil", category="Operations")
