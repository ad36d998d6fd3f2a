"""The /api/v1/team resource, with the review decisions as POST endpoints."""
from flask import jsonify, request
from flask_appbuilder.api import expose, protect

from ..datamodel import Interface
from ..models import Team
from ..security import READ_WRITE_METHODS
from ..services.registration.from_request import submit_registration
from ..services.review.decisions import allowed_actions, decide
from ..services.review.deletion import delete_team
from ..services.review.editing import edit_team
from ..views.teams import CONTACT_COLUMNS
from .base import ResourceApi
from .edits import ServiceEdits


class TeamApi(ServiceEdits, ResourceApi):
    """Teams with contacts, for organisers; decisions need the same Team write permission as edits.

    No generic add: a team an organiser adds is registered (POST /register) under the captain's rules and takes
    its code from the counter. Edits run the registration's field rules (review/editing.py).
    """

    resource_name = "team"
    class_permission_name = "Team"
    datamodel = Interface(Team)
    exclude_route_methods = {"post"}
    method_permission_name = {**READ_WRITE_METHODS, "confirm": "write", "reject": "write", "withdraw": "write",
                              "reopen": "write", "register": "write"}
    list_columns = ["id", "code", "name", "church.name", "status", "created_at"] + CONTACT_COLUMNS
    show_columns = list_columns + ["rejection_reason", "language", "decided_at"]
    edit_columns = ["name"] + CONTACT_COLUMNS
    search_columns = ["code", "name", "status", "church", "captain_email", "captain_phone"]
    order_columns = ["code", "name", "status", "created_at"]
    openapi_spec_tag = "Team"
    edit_service = staticmethod(edit_team)

    @expose("/register", methods=["POST"])
    @protect()
    def register(self):
        """Register a team on a captain's behalf.
        ---
        post:
          summary: Register a team on a captain's behalf, under the public registration's rules
          description: >-
            The multipart contract of POST /api/register/team (players from index 0, contiguous, as
            player_{i}_name, _role, _aadhar_file, _subscription_file). The same window, church slot limit,
            uniqueness and documents apply; the code comes from the counter, an email to the captain is queued and the
            audit log names the organiser.
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema: {$ref: '#/components/schemas/RegistrationForm'}
          responses:
            201:
              description: Registered
              content: {application/json: {schema: {$ref: '#/components/schemas/CompatRegistered'}}}
            403: {$ref: '#/components/responses/CompatError'}
            409: {$ref: '#/components/responses/CompatError'}
            413: {$ref: '#/components/responses/CompatError'}
            415: {$ref: '#/components/responses/CompatError'}
            422: {$ref: '#/components/responses/CompatError'}
            429: {$ref: '#/components/responses/CompatError'}
            503: {$ref: '#/components/responses/CompatError'}
            504: {$ref: '#/components/responses/CompatError'}
        """
        status, body, headers = submit_registration()  # the audit names the signed-in organiser
        return jsonify(body), status, headers

    @expose("/<int:pk>/confirm", methods=["POST"])
    @protect()
    def confirm(self, pk):
        """Confirm a pending team.
        ---
        post:
          summary: Confirm a pending team; emails the captain with the roster and check-in details
          parameters:
          - {in: path, name: pk, required: true, schema: {type: integer}}
          responses:
            200: {$ref: '#/components/responses/TeamDecision'}
            404: {$ref: '#/components/responses/404'}
            409: {description: The team is not pending (error_code CONFLICT)}
        """
        return self._decided(decide(pk, "confirm"))

    @expose("/<int:pk>/reject", methods=["POST"])
    @protect()
    def reject(self, pk):
        """Reject a pending team with a reason.
        ---
        post:
          summary: Reject a pending team; the reason is required and emailed to the captain
          parameters:
          - {in: path, name: pk, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {type: object, required: [reason], properties: {reason: {type: string, maxLength: 500}}}
          responses:
            200: {$ref: '#/components/responses/TeamDecision'}
            404: {$ref: '#/components/responses/404'}
            409: {description: The team is not pending (error_code CONFLICT)}
            422: {description: The reason is missing or too long (error_code VALIDATION_FAILED)}
        """
        body = request.get_json(silent=True)
        reason = body.get("reason") if isinstance(body, dict) else None
        return self._decided(decide(pk, "reject", reason if isinstance(reason, str) else None))

    @expose("/<int:pk>/withdraw", methods=["POST"])
    @protect()
    def withdraw(self, pk):
        """Withdraw a pending or confirmed team.
        ---
        post:
          summary: Withdraw a pending or confirmed team, freeing its church slot
          parameters:
          - {in: path, name: pk, required: true, schema: {type: integer}}
          responses:
            200: {$ref: '#/components/responses/TeamDecision'}
            404: {$ref: '#/components/responses/404'}
            409: {description: The team is already rejected or withdrawn (error_code CONFLICT)}
        """
        return self._decided(decide(pk, "withdraw"))

    @expose("/<int:pk>/reopen", methods=["POST"])
    @protect()
    def reopen(self, pk):
        """Reopen a rejected team for review.
        ---
        post:
          summary: Put a rejected team back to pending, if its church has a free slot and its name is free
          parameters:
          - {in: path, name: pk, required: true, schema: {type: integer}}
          responses:
            200: {$ref: '#/components/responses/TeamDecision'}
            404: {$ref: '#/components/responses/404'}
            409:
              description: >-
                Not rejected (CONFLICT), church full (CHURCH_LIMIT_REACHED),
                name or captain email taken (DUPLICATE_TEAM, DUPLICATE_CAPTAIN)
        """
        return self._decided(decide(pk, "reopen"))

    def delete_headless(self, pk):
        """Delete through the review service: an Organiser is refused (403) a team with documents, an Admin's
        delete removes the stored files too (queued while storage is down)."""
        return self._guarded(self._delete_through_service, pk)

    def _delete_through_service(self, pk):
        team = self.datamodel.get(pk, self._base_filters)
        if team is None:
            return self.response_404()
        outcome = delete_team(team.id)
        return self.response(200, message="OK", team_code=outcome.code, files_deleted=outcome.files_deleted,
                             files_queued=outcome.files_queued)

    def add_apispec_components(self, api_spec):
        """Describe the decision response once for all four endpoints."""
        super().add_apispec_components(api_spec)
        api_spec.components.schema("TeamDecision", {"type": "object", "properties": {
            "success": {"type": "boolean"}, "id": {"type": "integer"}, "code": {"type": "string"},
            "status": {"type": "string", "enum": ["pending", "confirmed", "rejected", "withdrawn"]},
            "rejection_reason": {"type": "string", "nullable": True},
            "allowed_actions": {"type": "array", "items": {"type": "string"}}}})
        api_spec.components.response("TeamDecision", {"description": "The team after the decision", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/TeamDecision"}}}})

    def _decided(self, team):
        """The team's state after a decision."""
        return jsonify(success=True, id=team.id, code=team.code, status=team.status,
                       rejection_reason=team.rejection_reason, allowed_actions=allowed_actions(team))
