"""The public JSON API the React frontend already speaks: registration, church availability and teams."""
from flask import Blueprint, current_app, jsonify, request

from ..models import SLOT_HOLDING, TEAM_STATUSES
from ..services.directory import listings as directory
from ..services.directory.cache import read_cache
from ..services.registration import idempotency
from ..services.registration.from_request import request_fingerprint, submit_registration
from ..text import whole_number
from ..web.access import may
from ..web.errors import NotFound, ValidationFailed
from ..web.ids import MAX_PAGE

compat_bp = Blueprint("compat", __name__, url_prefix="/api")
REPLAY_HEADER = "Idempotent-Replayed"


@compat_bp.post("/register/team")
def register_team():
    """Register a team from the multipart contract of DESIGN 3.1; honours Idempotency-Key.
    ---
    post:
      summary: Register a team
      description: Players from index 0, contiguous, as player_{i}_name, _role, _aadhar_file, _subscription_file.
      parameters:
      - {in: header, name: Idempotency-Key, required: false, schema: {type: string, minLength: 1, maxLength: 255}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [team_name, church_name, captain_name, captain_phone, captain_email, vice_name, vice_phone,
                         vice_email, pastor_letter, payment_receipt]
              properties:
                team_name: {type: string}
                church_name: {type: string}
                captain_name: {type: string}
                captain_phone: {type: string}
                captain_email: {type: string}
                vice_name: {type: string}
                vice_phone: {type: string}
                vice_email: {type: string}
                captain_whatsapp: {type: string}
                vice_whatsapp: {type: string}
                player_0_name: {type: string}
                player_0_role: {type: string}
                pastor_letter: {type: string, format: binary}
                payment_receipt: {type: string, format: binary}
                group_photo: {type: string, format: binary}
                player_0_aadhar_file: {type: string, format: binary}
                player_0_subscription_file: {type: string, format: binary}
      responses:
        201:
          description: Registered (also the replay of a finished request with the same key)
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CompatRegistered'
        409:
          $ref: '#/components/responses/CompatError'
        413:
          $ref: '#/components/responses/CompatError'
        415:
          $ref: '#/components/responses/CompatError'
        422:
          $ref: '#/components/responses/CompatError'
        429:
          $ref: '#/components/responses/CompatError'
        503:
          $ref: '#/components/responses/CompatError'
        504:
          $ref: '#/components/responses/CompatError'
    """
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
    """Every church with its team count and whether its slots are full.
    ---
    get:
      summary: Church slot availability
      responses:
        200:
          description: Every church and a summary
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompatAvailability'}
    """
    return _cached_json("church_availability.json", directory.church_availability)


def _cached_json(key, build):
    """A JSON response like jsonify's whose encoded body is kept in the read cache, beside what it encodes.

    Encoding every church's availability again on each request was about 30% of serving it (CPU per request
    in-process 1.51 ms with it, 1.06 ms without).
    """
    body = read_cache().get_or_build(key, lambda: f"{current_app.json.dumps(build())}\n".encode())
    return current_app.response_class(body, mimetype=current_app.json.mimetype)


@compat_bp.get("/teams")
def teams():
    """Confirmed teams with public fields; organisers see every status and the contacts.
    ---
    get:
      summary: Teams, one page at a time
      parameters:
      - {in: query, name: page, schema: {type: integer, minimum: 1, maximum: 1000000, default: 1}}
      - {in: query, name: page_size, schema: {type: integer, minimum: 1, maximum: 100, default: 25}}
      - {in: query, name: status, description: "Comma-separated statuses (organisers only)", schema: {type: string}}
      responses:
        200:
          description: A page of teams
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompatTeamPage'}
        422: {$ref: '#/components/responses/CompatError'}
    """
    organiser = may("can_read", "Team")
    page, page_size = _paging()
    statuses = _statuses(organiser)
    rows, total = directory.team_page(statuses, page, page_size)
    render = directory.organiser_team if organiser else directory.public_team
    return jsonify(success=True, data=[render(team) for team in rows], page=page, page_size=page_size, total=total)


@compat_bp.get("/teams/<code>")
def team(code):
    """One team by code: public fields when confirmed; contacts and documents for organisers.
    ---
    get:
      summary: One team by code
      parameters:
      - {in: path, name: code, required: true, schema: {type: string}}
      responses:
        200:
          description: The team
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompatTeamOne'}
        404: {$ref: '#/components/responses/CompatError'}
    """
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
    page = whole_number(request.args.get("page", "1"))
    size = whole_number(request.args.get("page_size", "25"))
    # The cap keeps the OFFSET inside a database integer (a huge page overflowed the driver: a 500).
    if page is None or not 1 <= page <= MAX_PAGE:
        fields["page"] = f"page must be a whole number from 1 to {MAX_PAGE}"
    if size is None or not 1 <= size <= 100:
        fields["page_size"] = "page_size must be a whole number from 1 to 100"
    if fields:
        raise ValidationFailed(fields)
    return page, size


def _statuses(organiser):
    """Statuses to list: confirmed for the public; any requested ones (default slot-holding) for organisers."""
    if not organiser:
        return ("confirmed",)
    wanted = [s for s in request.args.get("status", "").split(",") if s]
    unknown = [s for s in wanted if s not in TEAM_STATUSES]
    if unknown:
        raise ValidationFailed({"status": f"status must be among {', '.join(TEAM_STATUSES)}"})
    return tuple(wanted) or SLOT_HOLDING
