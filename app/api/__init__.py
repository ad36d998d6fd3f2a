"""REST API (/api/v1/) and the compatible public JSON API."""
from .compat_spec import CompatOpenApi
from .matches import MatchApi
from .resources import ChurchApi, PlayerApi, TeamDirectoryApi
from .spec_corrections import SpecCorrections
from .teams import TeamApi


def register_apis(appbuilder):
    """Add the /api/v1/ resources to the AppBuilder, and the compat routes' description to its OpenAPI document.

    SpecCorrections must come last: it amends the document the others have built.
    """
    for api in (TeamApi, TeamDirectoryApi, PlayerApi, ChurchApi, MatchApi, CompatOpenApi, SpecCorrections):
        appbuilder.add_api(api)
