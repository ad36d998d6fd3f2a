"""Home page with the tournament facts and whether registration is open."""
from flask import render_template

from ..services.core.bootstrap import current_tournament
from . import public_bp


@public_bp.get("/")
def home():
    """The tournament's facts and the registration state."""
    tournament = current_tournament()
    return render_template("public/home.html", tournament=tournament, registration_open=tournament.registration_open())
