"""How values read on admin and public pages, in emails and exports: times in the tournament's time zone without
microseconds, statuses as words in the page's language, empty values blank. One module for FAB's list and show
columns (column_formatters), for templates (init_display's Jinja filters) and for the services that write times
and statuses into emails and files."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from flask import current_app, has_app_context, has_request_context
from flask_babel import get_locale, lazy_gettext

DEFAULT_TIMEZONE = "Asia/Kolkata"
TIME_FORMAT = "d MMM y, h:mm a"  # 10 Jan 2026, 9:30 AM: no seconds, no microseconds
DATE_FORMAT = "d MMM y"
STATUS_COLUMNS = ("status", "from_status", "to_status")
# The ways local_time writes a time: SHORT for lists and forms, WORDS for public pages (weekday and month in
# words), ZONED for emails read anywhere (the zone named), ISO for files other programs read.
SHORT, WORDS, ZONED, ISO = "short", "words", "zoned", "iso"

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
# A captain reads their own team's status in plainer words than the organisers' queue uses.
CAPTAIN_LABELS = {**STATUS_LABELS, "pending": lazy_gettext("Waiting for review"),
                  "rejected": lazy_gettext("Not accepted")}


def tournament_zone():
    """The tournament's time zone (setting TOURNAMENT_TIMEZONE)."""
    name = current_app.config.get("TOURNAMENT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def _locale():
    return str((get_locale() if has_request_context() else None) or "en")


def status_label(value, for_captain=False):
    """A status as a word in the page's language (a captain's own words with `for_captain`); an unknown one as it
    is, an empty one blank."""
    if value is None:
        return ""
    return str((CAPTAIN_LABELS if for_captain else STATUS_LABELS).get(value, value))


def local_time(moment, form=SHORT, locale=None):
    """A stored time in the tournament's zone, written the `form` way (SHORT, WORDS, ZONED or ISO) in `locale`
    (default: the page's language); to the minute for people, to the second for ISO; blank when empty."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # every stored time is UTC
        moment = moment.replace(tzinfo=timezone.utc)
    local, locale = moment.astimezone(tournament_zone()), locale or _locale()
    if form == ISO:
        return local.isoformat(timespec="seconds")
    if form == WORDS:
        # The language's own way of joining a date and a time ("{1}, {0}" in English and Tamil).
        return Locale.parse(locale).datetime_formats["medium"].format(
            format_time(local, "short", locale=locale), format_date(local, "full", locale=locale))
    short = format_datetime(local, TIME_FORMAT, locale=locale)
    return f"{short} ({local.tzname()})" if form == ZONED else short


def local_date(day, form=SHORT):
    """A calendar date, localised ("10 Jan 2026"; WORDS: "10 January 2026"); blank when empty."""
    if day is None:
        return ""
    return format_date(day, "long" if form == WORDS else DATE_FORMAT, locale=_locale())


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
