"""Public schedule, match and standings pages."""
from flask import render_template

from ..display import local_time
from ..services.matches.points_tables import scheduled_matches, standings_tables
from ..services.matches.readouts import innings_of, result_of, score_text, team_name
from ..services.matches.standings import format_nrr
from ..services.matches.workflow import get_match
from ..web.public_reads import cached_page
from . import public_bp

SECTIONS = (("live", ("live",)), ("upcoming", ("scheduled",)), ("completed", ("completed", "abandoned")))


def _helpers():
    return {"local_time": local_time, "score_text": score_text, "innings_of": innings_of, "result_of": result_of,
            "team_name": team_name, "format_nrr": format_nrr}


@public_bp.get("/schedule")
def schedule():
    """Live, upcoming and completed matches."""
    return cached_page("schedule", _schedule)


def _schedule():
    matches = scheduled_matches()
    sections = [(key, [m for m in matches if m.status in statuses]) for key, statuses in SECTIONS]
    return render_template("public/schedule.html", sections=sections, **_helpers())


@public_bp.get("/matches/<int:match_id>")
def match_detail(match_id):
    """One match: teams, toss, scores and result."""
    return cached_page(f"match-{match_id}",
                       lambda: render_template("public/match.html", match=get_match(match_id), **_helpers()))


@public_bp.get("/standings")
def standings():
    """Every group's points table."""
    return cached_page("standings", lambda: render_template("public/standings.html", tables=standings_tables(),
                                                            **_helpers()))
