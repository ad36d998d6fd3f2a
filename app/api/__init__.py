"""REST API (/api/v1/) and the compatible public JSON API."""
from .resources import ChurchApi, MatchApi, PlayerApi, TeamApi, TeamDirectoryApi


def register_apis(appbuilder):
    """Add the /api/v1/ resources to the AppBuilder."""
    for api in (TeamApi, TeamDirectoryApi, PlayerApi, ChurchApi, MatchApi):
        appbuilder.add_api(api)
