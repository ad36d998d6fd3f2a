"""The OpenAPI document and its Swagger UI, open to anyone: they describe the API and hold no data."""
from flask import current_app, request
from flask_appbuilder.api import BaseApi, expose, safe
from flask_appbuilder.api import manager as fab_docs
from flask_appbuilder.views import expose as expose_view

SWAGGER_TEMPLATE = "appbuilder/swagger/swagger.html"


class OpenApi(fab_docs.OpenApi):
    """FAB's document view without its sign-in check (same name, so its endpoint stays `OpenApi.get`)."""

    @expose("/<version>/_openapi")
    @safe
    def get(self, version):
        """The OpenAPI document of one API version.
        ---
        get:
          summary: The OpenAPI document of one API version (no sign-in needed)
          parameters:
          - {in: path, name: version, required: true, schema: {type: string, example: v1}}
          responses:
            200:
              description: The OpenAPI document
              content: {application/json: {schema: {type: object}}}
            404: {$ref: '#/components/responses/404'}
        """
        apis = [view for view in current_app.appbuilder.baseviews
                if isinstance(view, BaseApi) and view.version == version]
        if not apis:
            return self.response_404()
        api_spec = self._create_api_spec(version)
        for api in apis:
            api.add_api_spec(api_spec)
        return self.response(200, **api_spec.to_dict())


class SwaggerView(fab_docs.SwaggerView):
    """FAB's Swagger UI page without its sign-in check; "Try it out" still needs a token for protected calls."""

    @expose_view("/<version>")
    def show(self, version):
        """The Swagger UI for one API version."""
        openapi_uri = request.script_root + self.openapi_uri.format(version)
        return self.render_template(current_app.config.get("FAB_API_SWAGGER_TEMPLATE", SWAGGER_TEMPLATE),
                                    openapi_uri=openapi_uri)


def register_docs(appbuilder):
    """Add the open document and Swagger views (config sets FAB_ADD_OPENAPI_VIEWS off, so FAB adds none)."""
    appbuilder.add_api(OpenApi)
    appbuilder.add_view_no_menu(SwaggerView)
