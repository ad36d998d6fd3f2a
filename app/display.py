"""How values read on admin and public pages: times in the tournament's time zone without microseconds, statuses
as words in the page's language, empty values blank. One module for FAB's list and show columns (column_formatters)
and for templates (init_display's Jinja filters)."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import current_app, has_app_context, has_request_context
from flask_babel import get_locale, lazy_gettext

DEFAULT_TIMEZONE = "Asia/Kolkata"
TIME_FORMAT = "d MMM y, h:mm a"  # 10 Jan 2026, 9:30 AM: no seconds, no microseconds
DATE_FORMAT = "d MMM y"
STATUS_COLUMNS = ("status", "from_status", "to_status")

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


def tournament_zone():
    """The tournament's time zone (setting TOURNAMENT_TIMEZONE)."""
    name = current_app.config.get("TOURNAMENT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def _locale():
    return str((get_locale() if has_request_context() else None) or "en")


def status_label(value):
    """A status as a word in the page's language; an unknown one as it is, an empty one blank."""
    if value is None:
        return ""
    return str(STATUS_LABELS.get(value, value))


def local_time(moment):
    """A stored time as people read it: in the tournament's zone, to the minute, localised; blank when empty."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # every stored time is UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return format_datetime(moment, TIME_FORMAT, tzinfo=tournament_zone(), locale=_locale())


def local_date(day):
    """A calendar date, localised; blank when empty."""
    return "" if day is None else format_date(day, DATE_FORMAT, locale=_locale())


def yes_no(value):
    """A yes/no value as a word; blank when empty."""
    if value is None:
        return ""
    return str(lazy_gettext("Yes") if value else lazy_gettext("No"))


def blank(value):
    """Any other value as it is, but nothing at all for an empty one (never "None")."""
    return "" if value is None else value


def shown(value):
    """Any value as a page shows it: times, dates, yes/no and empties by the rules above."""
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return local_date(value)
    if isinstance(value, bool):
        return yes_no(value)
    return blank(value)


def column_formatters(datamodel, columns):
    """{column: formatter} for FAB's list and show widgets: statuses as words, times local, booleans as words,
    empty values blank."""
    formatters = {}
    for column in dict.fromkeys(columns):
        if column in STATUS_COLUMNS:
            formatters[column] = status_label
        elif datamodel.is_datetime(column):
            formatters[column] = local_time
        elif datamodel.is_date(column):
            formatters[column] = local_date
        elif datamodel.is_boolean(column):
            formatters[column] = yes_no
        else:
            formatters[column] = blank
    return formatters


def init_display(app):
    """Make the formatters Jinja filters (`{{ team.created_at|local_time }}`) and globals for every template."""
    helpers = {"local_time": local_time, "local_date": local_date, "status_label": status_label,
               "yes_no": yes_no, "shown": shown}
    app.jinja_env.filters.update(helpers)
    app.jinja_env.globals.update(helpers)
