"""Extension objects that are bound to an app inside the factory, never at import."""
from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate

db = SQLA()
migrate = Migrate()
