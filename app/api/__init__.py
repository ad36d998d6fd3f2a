"""REST API (/api/v1/) and the compatible public JSON API."""
from .compat_spec import CompatOpenApi
from .matches import MatchApi
from .resources import ChurchApi, PlayerApi, TeamDirectoryApi
from .teams import TeamApi


def register_apis(appbuilder):
    """Add the /api/v1/ resources to the AppBuilder, and the compat routes' description to its OpenAPI document."""
    for api in (TeamApi, TeamDirectoryApi, PlayerApi, ChurchApi, MatchApi, CompatOpenApi):
        appbuilder.add_api(api)
