"""Roles defined in code: which permissions each role holds, shared by the admin UI and the REST API."""

# Views and APIs map every method to "read" or "write" so one permission covers a resource in
# both the UI and /api/v1/, and a role's rights cannot drift between the two surfaces.
READ_WRITE_METHODS = {
    "list": "read", "show": "read", "get": "read", "get_list": "read", "info": "read", "download": "read",
    "add": "write", "post": "write", "edit": "write", "put": "write", "delete": "write",
    "action": "write", "action_post": "write",
}

ROLE_NAMES = ("Admin", "Organiser", "Scorer", "Viewer")


def _exact(*names):
    """Anchor a role pattern: FAB matches with re.match, so 'Team' alone would also grant 'TeamDirectory'."""
    return "^(?:" + "|".join(names) + ")$"


SELF_SERVICE = [_exact("UserInfoEditView", "ResetMyPasswordView", "UserDBModelView"),
                _exact("can_this_form_get", "can_this_form_post", "can_userinfo", "resetmypassword", "userinfoedit")]

FAB_ROLES = {
    "Organiser": [
        [_exact("Team", "Player", "Document", "TeamDirectory", "Church", "Match", "Tournament", "AuditEvent",
                "OutboxEmail", "EmailTemplate", "Dashboard", "WaitingEntry"), _exact("can_read", "can_write")],
        [_exact("Dashboard", "Review queue", "Review next team", "Teams", "Players", "Documents", "Team directory",
                "Waiting list", "Churches", "Matches", "Match list", "Match-day check-in", "Fixture generator",
                "Operations", "Tournament settings", "Audit log", "Outbox", "Email templates"), _exact("menu_access")],
        SELF_SERVICE,
    ],
    "Scorer": [
        [_exact("Match", "TeamDirectory", "Church"), _exact("can_read")],
        [_exact("Match"), _exact("can_write")],
        [_exact("Teams", "Team directory", "Matches", "Match list", "Match-day check-in", "Fixture generator"),
         _exact("menu_access")],
        SELF_SERVICE,
    ],
    "Viewer": [
        [_exact("TeamDirectory", "Church", "Match"), _exact("can_read")],
        [_exact("Teams", "Team directory", "Churches", "Matches", "Match list", "Match-day check-in"),
         _exact("menu_access")],
        SELF_SERVICE,
    ],
}
