"""The public JSON API the React frontend already speaks: registration, church availability and teams."""
from flask import Blueprint, jsonify, request

from ..extensions import csrf
from ..models import SLOT_HOLDING, TEAM_STATUSES
from ..services import directory, idempotency
from ..services.registration_submit import request_fingerprint, submit_registration
from ..web.access import may
from ..web.errors import NotFound, ValidationFailed

compat_bp = Blueprint("compat", __name__, url_prefix="/api")
REPLAY_HEADER = "Idempotent-Replayed"


@compat_bp.post("/register/team")
@csrf.exempt
def register_team():
    """Register a team from the multipart contract of DESIGN 3.1; honours Idempotency-Key."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        status, body = submit_registration()
        return jsonify(body), status
    replay = idempotency.begin(key, request_fingerprint())
    if replay:
        return jsonify(replay.body), replay.status, {REPLAY_HEADER: "true"}
    try:
        status, body = submit_registration()
    except BaseException:
        idempotency.finish(key, 500, {})
        raise
    idempotency.finish(key, status, body)
    return jsonify(body), status


@compat_bp.get("/churches/availability")
def churches_availability():
    """Every church with its team count and whether its slots are full."""
    return jsonify(directory.church_availability())


@compat_bp.get("/teams")
def teams():
    """Confirmed teams with public fields; organisers see every status and the contacts."""
    organiser = may("can_read", "Team")
    page, page_size = _paging()
    statuses = _statuses(organiser)
    rows, total = directory.team_page(statuses, page, page_size)
    render = directory.organiser_team if organiser else directory.public_team
    return jsonify(success=True, data=[render(team) for team in rows], page=page, page_size=page_size, total=total)


@compat_bp.get("/teams/<code>")
def team(code):
    """One team by code: public fields when confirmed; contacts and documents for organisers."""
    organiser = may("can_read", "Team")
    found = directory.find_team(code)
    if found is None or (not organiser and found.status != "confirmed"):
        raise NotFound(f"No team with code {code!r}.")
    data = directory.organiser_team(found, with_documents=may("can_read", "Document")) if organiser \
        else directory.public_team(found)
    return jsonify(success=True, data=data)


def _paging():
    """`page` and `page_size` query arguments, validated (page size at most 100)."""
    fields = {}
    page = request.args.get("page", "1")
    size = request.args.get("page_size", "25")
    if not page.isdigit() or int(page) < 1:
        fields["page"] = "page must be a whole number from 1"
    if not size.isdigit() or not 1 <= int(size) <= 100:
        fields["page_size"] = "page_size must be a whole number from 1 to 100"
    if fields:
        raise ValidationFailed(fields)
    return int(page), int(size)


def _statuses(organiser):
    """Statuses to list: confirmed for the public; any requested ones (default slot-holding) for organisers."""
    if not organiser:
        return ("confirmed",)
    wanted = [s for s in request.args.get("status", "").split(",") if s]
    unknown = [s for s in wanted if s not in TEAM_STATUSES]
    if unknown:
        raise ValidationFailed({"status": f"status must be among {', '.join(TEAM_STATUSES)}"})
    return tuple(wanted) or SLOT_HOLDING
