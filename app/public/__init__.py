"""Public, server-rendered pages in English and Tamil."""
from flask import Blueprint
from flask_babel import get_locale

public_bp = Blueprint("public", __name__)


@public_bp.app_context_processor
def _locale():
    """Expose the active language to every template."""
    return {"current_locale": lambda: str(get_locale() or "en")}


# Routes and hooks attach themselves to the blueprint defined above.
from . import assets, language, pages, registration, schedule, status, waitlist  # noqa: E402,F401
