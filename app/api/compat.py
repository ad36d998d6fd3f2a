"""The public JSON API the React frontend already speaks: registration, church availability and teams."""
from flask import Blueprint, jsonify, request

from ..models import SLOT_HOLDING, TEAM_STATUSES
from ..services.directory import listings as directory
from ..services.registration import idempotency
from ..services.registration.from_request import request_fingerprint, submit_registration
from ..text import whole_number
from ..web.access import may
from ..web.errors import NotFound, ValidationFailed
from ..web.ids import MAX_PAGE
from ..web.public_reads import cached_json, encode_json, private, public_json

compat_bp = Blueprint("compat", __name__, url_prefix="/api")
REPLAY_HEADER = "Idempotent-Replayed"
# Without paging parameters the list holds every team the caller may see, up to this many (a tournament has at
# most two teams for each of 82 churches).
UNPAGED_MAX = 1000
DEFAULT_PAGE_SIZE = 25


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
            schema: {$ref: '#/components/schemas/RegistrationForm'}
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
        status, body, headers = submit_registration()
        return jsonify(body), status, headers
    replay = idempotency.begin(key, request_fingerprint())
    if replay:
        return jsonify(replay.body), replay.status, {REPLAY_HEADER: "true"}
    try:
        status, body, headers = submit_registration()
    except BaseException:
        idempotency.finish(key, 500, {})
        raise
    idempotency.finish(key, status, body)  # a 5xx (SERVER_BUSY included) releases the key for the retry
    return jsonify(body), status, headers


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
        304: {description: "Unchanged since the ETag in If-None-Match"}
    """
    return cached_json("church_availability.json", directory.church_availability)


@compat_bp.get("/teams")
def teams():
    """Confirmed teams with public fields; organisers see every status and the contacts.
    ---
    get:
      summary: Teams, every one or one page at a time
      description: >-
        Without page and page_size, every team the caller may see (at most 1000); with either, one page.
        Anonymous answers carry an ETag (304 on If-None-Match); an organiser's answer is private and not stored.
      parameters:
      - {in: query, name: page, schema: {type: integer, minimum: 1, maximum: 1000000, default: 1}}
      - {in: query, name: page_size, schema: {type: integer, minimum: 1, maximum: 100, default: 25}}
      - {in: query, name: status, description: "Comma-separated statuses (organisers only)", schema: {type: string}}
      responses:
        200:
          description: Every team, or a page of teams
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompatTeamPage'}
        304: {description: "Unchanged since the ETag in If-None-Match"}
        422: {$ref: '#/components/responses/CompatError'}
    """
    paging = _paging()
    if may("can_read", "Team"):
        return private(jsonify(_team_list(_statuses(), paging, directory.organiser_team)))
    # Anonymous answers never depend on the asker, so they may be shared; every confirmed team is one cache entry.
    if paging is None:
        return cached_json("confirmed_teams.json", lambda: _team_list(("confirmed",), None, directory.public_team),
                           same_for_everyone=False)
    return public_json(encode_json(_team_list(("confirmed",), paging, directory.public_team)),
                       same_for_everyone=False)


def _team_list(statuses, paging, render):
    """The team list document: one page, or every team (up to UNPAGED_MAX) when `paging` is None."""
    page, page_size = paging or (1, UNPAGED_MAX)
    rows, total = directory.team_page(statuses, page, page_size)
    return {"success": True, "data": [render(team) for team in rows], "page": page, "page_size": page_size,
            "total": total}


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
    """`page` and `page_size` query arguments, validated (page size at most 100); None when neither is given."""
    if "page" not in request.args and "page_size" not in request.args:
        return None
    fields = {}
    page = whole_number(request.args.get("page", "1"))
    size = whole_number(request.args.get("page_size", str(DEFAULT_PAGE_SIZE)))
    # The cap keeps the OFFSET inside a database integer (a huge page overflowed the driver: a 500).
    if page is None or not 1 <= page <= MAX_PAGE:
        fields["page"] = f"page must be a whole number from 1 to {MAX_PAGE}"
    if size is None or not 1 <= size <= 100:
        fields["page_size"] = "page_size must be a whole number from 1 to 100"
    if fields:
        raise ValidationFailed(fields)
    return page, size


def _statuses():
    """Statuses an organiser asked for (default slot-holding); the public always gets confirmed teams."""
    wanted = [s for s in request.args.get("status", "").split(",") if s]
    unknown = [s for s in wanted if s not in TEAM_STATUSES]
    if unknown:
        raise ValidationFailed({"status": f"status must be among {', '.join(TEAM_STATUSES)}"})
    return tuple(wanted) or SLOT_HOLDING
