"""How values read on admin and public pages: statuses as words in the page's language, times in the
tournament's time zone without microseconds, empty values blank. One module for views, lists and templates."""
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import lazy_gettext

DEFAULT_TIMEZONE = "Asia/Kolkata"

STATUS_LABELS = {
    # teams
    "pending": lazy_gettext("Pending"), "confirmed": lazy_gettext("Confirmed"),
    "rejected": lazy_gettext("Rejected"), "withdrawn": lazy_gettext("Withdrawn"),
    # matches
    "scheduled": lazy_gettext("Scheduled"), "live": lazy_gettext("Live"), "completed": lazy_gettext("Completed"),
    "abandoned": lazy_gettext("Abandoned"),
    # emails
    "sending": lazy_gettext("Sending"), "sent": lazy_gettext("Sent"), "failed": lazy_gettext("Failed"),
}


def status_label(value):
    """A status as a word in the page's language; an unknown one as it is, an empty one blank."""
    if value is None:
        return ""
    return str(STATUS_LABELS.get(value, value))


def tournament_zone():
    """The tournament's time zone (setting TOURNAMENT_TIMEZONE)."""
    name = current_app.config.get("TOURNAMENT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)
