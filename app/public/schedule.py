"""Public schedule, match and standings pages, their live fragments, the iCalendar feed and the printable list."""
from flask import current_app, render_template, url_for
from flask_babel import gettext

from ..services.matches.calendar_feed import fixtures_calendar
from ..services.matches.live import poll_seconds
from ..services.matches.points_tables import scheduled_matches, standings_tables
from ..services.matches.readouts import innings_of, score_text, team_name
from ..services.matches.sentences import fixture_title, result_sentence, super_over_line, toss_sentence
from ..services.matches.standings import format_nrr
from ..services.matches.workflow import get_match
from ..web.public_reads import cached_document, cached_page
from . import public_bp

SECTIONS = (("live", ("live",)), ("upcoming", ("scheduled",)), ("completed", ("completed", "abandoned")))


def _helpers():
    # Times come from local_time(..., "words") (app/display.py): weekday and month in words, in the page's language.
    return {"score_text": score_text, "innings_of": innings_of,
            "team_name": team_name, "format_nrr": format_nrr, "fixture_title": fixture_title,
            "result_sentence": result_sentence, "toss_sentence": toss_sentence,
            "super_over_line": super_over_line}


def _schedule_context():
    matches = scheduled_matches()
    sections = [(key, [m for m in matches if m.status in statuses]) for key, statuses in SECTIONS]
    return {"sections": sections, "poll_seconds": poll_seconds(matches), **_helpers()}


@public_bp.get("/schedule")
def schedule():
    """Live, upcoming and completed matches; the page asks /schedule/live for changes."""
    return cached_page("schedule", lambda: render_template("public/schedule.html", **_schedule_context()))


@public_bp.get("/schedule/live")
def schedule_live():
    """The schedule's sections alone, for the page to swap in; 304 to a request with the current ETag."""
    return cached_page("schedule-live", lambda: render_template("public/_schedule_sections.html",
                                                                **_schedule_context()))


@public_bp.get("/schedule/print")
def schedule_print():
    """Every fixture in one table, laid out for paper."""
    return cached_page("schedule-print", lambda: render_template("public/schedule_print.html",
                                                                 matches=scheduled_matches(), **_helpers()))


@public_bp.get("/schedule.ics")
def schedule_calendar():
    """The fixtures as an iCalendar feed for phone and desktop calendars."""
    def render():
        return fixtures_calendar(
            scheduled_matches(), lambda match: url_for("public.match_detail", match_id=match.id, _external=True),
            current_app.config.get("CALENDAR_UID_DOMAIN", "icct26.tournament"),
            gettext("ICCT26 fixtures"))
    response = cached_document("schedule-ics", render, "text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="icct26-fixtures.ics"'
    return response


@public_bp.get("/matches/<int:match_id>")
def match_detail(match_id):
    """One match: teams, toss, scores and result."""
    return cached_page(f"match-{match_id}",
                       lambda: render_template("public/match.html", match=get_match(match_id), **_helpers()))


def _standings_context():
    matches = scheduled_matches()
    return {"tables": standings_tables(matches), "poll_seconds": poll_seconds(matches), **_helpers()}


@public_bp.get("/standings")
def standings():
    """Every group's points table; the page asks /standings/live for changes."""
    return cached_page("standings", lambda: render_template("public/standings.html", **_standings_context()))


@public_bp.get("/standings/live")
def standings_live():
    """The points tables alone, for the page to swap in; 304 to a request with the current ETag."""
    return cached_page("standings-live", lambda: render_template("public/_standings_tables.html",
                                                                 **_standings_context()))
