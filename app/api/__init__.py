"""REST API (/api/v1/) and the compatible public JSON API."""
from .compat_spec import CompatOpenApi
from .docs import register_docs
from .matches import MatchApi
from .resources import ChurchApi, PlayerApi, TeamDirectoryApi
from .spec_corrections import SpecCorrections
from .teams import TeamApi


def register_apis(appbuilder):
    """Add the open OpenAPI and Swagger views, the /api/v1/ resources, and the compat routes' description to the
    OpenAPI document.

    SpecCorrections must come last: it amends the document the others have built.
    """
    register_docs(appbuilder)
    for api in (TeamApi, TeamDirectoryApi, PlayerApi, ChurchApi, MatchApi, CompatOpenApi, SpecCorrections):
        appbuilder.add_api(api)
