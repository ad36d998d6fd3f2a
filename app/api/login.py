"""The JWT login and refresh (`/api/v1/security/`): tokens carry the user's credential stamp."""
from flask import request
from flask_appbuilder.const import API_SECURITY_ACCESS_TOKEN_KEY, API_SECURITY_REFRESH_TOKEN_KEY
from flask_appbuilder.security.api import SecurityApi as FabSecurityApi
from flask_appbuilder.security.schemas import login_post
from flask_appbuilder.views import expose
from flask_jwt_extended import create_access_token, create_refresh_token, get_jwt, get_jwt_identity, jwt_required
from marshmallow import ValidationError

from ..web.credentials import CLAIM, credential_stamp


class SecurityApi(FabSecurityApi):
    """FAB's security API under its own name (endpoints stay `SecurityApi.login` and `SecurityApi.refresh`).

    FAB wraps both views in `@safe`, which turned a database outage into a 500 "Fatal error"; here errors reach the
    app's handlers (503 DATABASE_UNAVAILABLE with Retry-After). Each token carries the credential stamp, so a
    password change retires every token issued before it.
    """

    @expose("/login", methods=["POST"])
    def login(self):
        """Sign in with a username and password; returns a JWT access token and optionally a refresh token.
        ---
        post:
          description: >-
            Authenticate and get a JWT access token (15 minutes) and, with `refresh: true`, a refresh token.
            A password change or reset retires every token issued before it.
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [username, password]
                  properties:
                    username: {type: string, example: admin}
                    password: {type: string, example: complex-password}
                    provider: {type: string, enum: [db], description: Optional; the database is the only provider}
                    refresh: {type: boolean, example: true, description: If true a refresh token is provided too}
          responses:
            200:
              description: Authentication Successful
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      access_token: {type: string}
                      refresh_token: {type: string}
            400:
              $ref: '#/components/responses/400'
            401:
              $ref: '#/components/responses/401'
            503:
              description: The database is briefly unavailable (error_code DATABASE_UNAVAILABLE, Retry-After)
        """
        if not request.is_json:
            return self.response_400(message="Request payload is not JSON")
        try:
            payload = login_post.load(request.json)
        except ValidationError as error:
            return self.response_400(message=error.messages)
        # `provider` is optional (FAB's view read it unconditionally, a 500); the schema refuses any but ours.
        user = self.appbuilder.sm.auth_user_db(payload["username"], payload["password"])
        if not user:
            return self.response_401()
        claims = {CLAIM: credential_stamp(user)}
        tokens = {API_SECURITY_ACCESS_TOKEN_KEY: create_access_token(identity=str(user.id), fresh=True,
                                                                      additional_claims=claims)}
        if payload.get("refresh"):
            tokens[API_SECURITY_REFRESH_TOKEN_KEY] = create_refresh_token(identity=str(user.id),
                                                                          additional_claims=claims)
        return self.response(200, **tokens)

    @expose("/refresh", methods=["POST"])
    @jwt_required(refresh=True)
    def refresh(self):
        """Exchange a refresh token for a new access token.
        ---
        post:
          description: >-
            Use the refresh token to get a new JWT access token. A refresh token issued before the user's last
            password change is refused with 401.
          responses:
            200:
              description: Refresh Successful
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      access_token: {type: string, description: A new access token}
            401:
              $ref: '#/components/responses/401'
            503:
              description: The database is briefly unavailable (error_code DATABASE_UNAVAILABLE, Retry-After)
          security:
            - jwt_refresh: []
        """
        # The user lookup has already checked the stamp against the present password.
        token = create_access_token(identity=get_jwt_identity(), fresh=False,
                                    additional_claims={CLAIM: get_jwt()[CLAIM]})
        return self.response(200, **{API_SECURITY_ACCESS_TOKEN_KEY: token})
