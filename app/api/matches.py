"""The /api/v1/match resource: fixtures through the scheduling rules, and the scoring workflow as POST steps."""
from flask import request
from flask_appbuilder.api import expose, protect
from flask_appbuilder.security.decorators import permission_name
from marshmallow import Schema, fields

from ..datamodel import Interface
from ..models import Match
from ..security import READ_WRITE_METHODS
from ..services.matches import workflow as matches
from ..services.matches.fixtures import check_deletable, prepare_match_edit, prepare_new_match
from ..services.matches.result_form import RESULT_TYPES, record_result
from ..web.errors import AppError, error_response
from .base import ResourceApi
from .compat_schedule import match_json

WORKFLOW_METHODS = ("start_match", "record_innings", "finish_match", "abandon_match", "correct_match", "record_result")


class MatchStartSchema(Schema):
    """Body of POST /match/<id>/start."""

    toss_winner_id = fields.Integer(required=True)
    toss_choice = fields.String(required=True, metadata={"enum": ["bat", "bowl"]})
    started_at = fields.DateTime(metadata={"description": "defaults to now"})
    scorecard_url = fields.String()


class MatchInningsSchema(Schema):
    """Body of POST /match/<id>/innings; the batting team says which innings it is."""

    batting_team_id = fields.Integer(required=True)
    runs = fields.Integer(required=True, metadata={"minimum": 0, "maximum": 999})
    wickets = fields.Integer(required=True, metadata={"minimum": 0, "maximum": 10})
    overs = fields.String(required=True, metadata={"example": "12.3"})


class MatchFinishSchema(Schema):
    """Body of POST /match/<id>/finish; outcome and winner are optional claims checked against the scores."""

    outcome = fields.String(metadata={"enum": ["win", "tie", "no_result"]})
    winner_id = fields.Integer()
    ended_at = fields.DateTime()


class MatchAbandonSchema(Schema):
    """Body of POST /match/<id>/abandon."""

    reason = fields.String(required=True)


class MatchCorrectSchema(Schema):
    """Body of POST /match/<id>/correct: both innings again, the reason, and optional result claims."""

    reason = fields.String(required=True)
    first_runs, first_wickets, first_overs = fields.Integer(), fields.Integer(), fields.String()
    second_runs, second_wickets, second_overs = fields.Integer(), fields.Integer(), fields.String()
    outcome = fields.String(metadata={"enum": ["win", "tie", "no_result"]})
    winner_id = fields.Integer()


class MatchResultSchema(Schema):
    """Body of POST /match/<id>/result: the whole result at once, as the admin's one form sends it."""

    result_type = fields.String(required=True, metadata={"enum": list(RESULT_TYPES)})
    toss_winner_id = fields.Integer(metadata={"description": "required unless abandoned"})
    toss_choice = fields.String(metadata={"enum": ["bat", "bowl"]})
    first_runs, first_wickets, first_overs = fields.Integer(), fields.Integer(), fields.String()
    second_runs, second_wickets, second_overs = fields.Integer(), fields.Integer(), fields.String()
    super_first_runs = fields.Integer(metadata={"description": "super over: the side that batted second"})
    super_first_wickets = fields.Integer(metadata={"minimum": 0, "maximum": 2})
    super_second_runs = fields.Integer(metadata={"description": "super over: the side that batted first"})
    super_second_wickets = fields.Integer(metadata={"minimum": 0, "maximum": 2})
    started_at, ended_at = fields.DateTime(), fields.DateTime()
    scorecard_url = fields.String()
    reason = fields.String(metadata={"description": "required to abandon, or to correct a completed match"})


def _step_doc(summary, schema):
    """The OpenAPI YAML of one workflow step."""
    return f"""{summary}
        ---
        post:
          summary: {summary}
          parameters:
          - in: path
            name: pk
            schema:
              type: integer
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/{schema}'
          responses:
            200:
              description: The match after the step
            404:
              $ref: '#/components/responses/404'
            409:
              description: The match is not in a state that allows this step
        """


class MatchApi(ResourceApi):
    """Matches, their scores and their workflow."""

    resource_name = "match"
    class_permission_name = "Match"
    method_permission_name = {**READ_WRITE_METHODS, **{name: "write" for name in WORKFLOW_METHODS}}
    datamodel = Interface(Match)
    openapi_spec_component_schemas = (MatchStartSchema, MatchInningsSchema, MatchFinishSchema, MatchAbandonSchema,
                                      MatchCorrectSchema, MatchResultSchema)
    # result_type and result_sentence are computed by the matches service ("Wesley Warriors won by 2 runs").
    list_columns = ["id", "round_label", "round_number", "match_number", "group_name", "team1.name", "team2.name",
                    "venue", "scheduled_at", "status", "outcome", "winner_id", "margin", "margin_type", "result_type",
                    "result_sentence"]
    show_columns = list_columns + ["toss_winner_id", "toss_choice", "started_at", "ended_at", "first_batting_id",
                                   "first_runs", "first_wickets", "first_balls", "second_batting_id",
                                   "second_runs", "second_wickets", "second_balls", "super_first_runs",
                                   "super_first_wickets", "super_second_runs", "super_second_wickets",
                                   "scorecard_url"]
    # FAB selects only the listed columns; the computed ones read these too (else one query per row).
    list_select_columns = [column for column in list_columns if column not in ("result_type", "result_sentence")] + [
        "team1_id", "team2_id", "first_batting_id", "second_batting_id", "super_first_runs", "super_second_runs"]
    show_select_columns = [column for column in show_columns if column not in ("result_type", "result_sentence")] + [
        "team1_id", "team2_id"]
    add_columns = edit_columns = ["round_label", "round_number", "match_number", "group_name", "team1", "team2",
                                  "venue", "scheduled_at", "overs_limit"]
    search_columns = ["round_number", "status", "venue", "group_name"]
    order_columns = ["round_number", "match_number", "scheduled_at", "status"]

    def pre_add(self, item):
        """Apply the scheduling rules (confirmed teams, unique number, ...) and audit the creation."""
        prepare_new_match(item)

    def pre_update(self, item):
        """Only scheduled matches may be edited, under the same rules."""
        prepare_match_edit(item)

    def pre_delete(self, item):
        """Live and completed matches are never deleted."""
        check_deletable(item)

    def _step(self, service, pk):
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return error_response(400, "VALIDATION_FAILED", "Send a JSON object.")
        try:
            match = service(pk, body)
        except AppError as error:
            from ..extensions import db

            db.session.rollback()
            return error_response(error.status, error.error_code, error.message, error.details)
        return self.response(200, id=match.id, result=match_json(match))

    @expose("/<int:pk>/start", methods=["POST"])
    @protect()
    @permission_name("put")
    def start_match(self, pk):
        return self._step(matches.start_match, pk)

    @expose("/<int:pk>/innings", methods=["POST"])
    @protect()
    @permission_name("put")
    def record_innings(self, pk):
        return self._step(matches.record_innings, pk)

    @expose("/<int:pk>/finish", methods=["POST"])
    @protect()
    @permission_name("put")
    def finish_match(self, pk):
        return self._step(matches.finish_match, pk)

    @expose("/<int:pk>/abandon", methods=["POST"])
    @protect()
    @permission_name("put")
    def abandon_match(self, pk):
        return self._step(matches.abandon_match, pk)

    @expose("/<int:pk>/correct", methods=["POST"])
    @protect()
    @permission_name("put")
    def correct_match(self, pk):
        return self._step(matches.correct_match, pk)

    @expose("/<int:pk>/result", methods=["POST"])
    @protect()
    @permission_name("put")
    def record_result(self, pk):
        return self._step(record_result, pk)

    start_match.__doc__ = _step_doc("Start a scheduled match with the toss", "MatchStartSchema")
    record_innings.__doc__ = _step_doc("Record or update one innings of a live match", "MatchInningsSchema")
    finish_match.__doc__ = _step_doc("Finish a live match; the result is derived from the scores",
                                     "MatchFinishSchema")
    abandon_match.__doc__ = _step_doc("Abandon a scheduled or live match", "MatchAbandonSchema")
    correct_match.__doc__ = _step_doc("Correct the scores of a completed match (audited)", "MatchCorrectSchema")
    record_result.__doc__ = _step_doc("Record or correct the whole result in one step (toss, both innings, result "
                                      "type, super over)", "MatchResultSchema")
