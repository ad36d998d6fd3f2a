"""The fixtures as an iCalendar feed: one event per match, a stable UID, UTC times, the result once played."""
from datetime import timedelta, timezone

from flask_babel import gettext
from icalendar import Calendar, Event

from .sentences import fixture_title, result_sentence

# An innings of N overs takes about four minutes an over; add the break and the toss.
MINUTES_PER_OVER = 4
BREAK_MINUTES = 30


def expected_end(match):
    """When a match that has not ended is expected to end."""
    return match.scheduled_at + timedelta(minutes=2 * match.overs_limit * MINUTES_PER_OVER + BREAK_MINUTES)


def _description(match):
    lines = [match.round_label, gettext("Match %(num)d", num=match.match_number)]
    if match.group_name:
        lines.append(gettext("Group %(name)s", name=match.group_name))
    sentence = result_sentence(match)
    if sentence:
        lines.append(sentence)
    return "\n".join(lines)


def fixtures_calendar(matches, match_url, uid_domain, name):
    """The iCalendar bytes for `matches`; `match_url(match)` gives each match's public page."""
    calendar = Calendar()
    calendar.add("prodid", "-//ICCT26 Tournament Desk//Fixtures//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for match in matches:
        event = Event()
        # The id never changes, so a calendar app updates the event it already holds instead of adding another.
        event.add("uid", f"match-{match.id}@{uid_domain}")
        event.add("dtstamp", match.updated_at.astimezone(timezone.utc))
        event.add("last-modified", match.updated_at.astimezone(timezone.utc))
        event.add("dtstart", (match.started_at or match.scheduled_at).astimezone(timezone.utc))
        event.add("dtend", (match.ended_at or expected_end(match)).astimezone(timezone.utc))
        event.add("summary", fixture_title(match))
        event.add("location", match.venue)
        event.add("description", _description(match))
        event.add("url", match_url(match))
        event.add("status", "CANCELLED" if match.status == "abandoned" else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
