"""The ICCT26 Tournament Desk application factory."""
import os
from pathlib import Path

from flask_appbuilder import AppBuilder
from flask_wtf.csrf import CSRFProtect

from config import BASE_DIR, config_for, production_problems

from .database import engine_options, install_sqlite_pragmas
from .extensions import db, migrate
from .security import FAB_ROLES
from .web.ids import install_id_routing
from .web.multipart import AppRequest
from .web.routing import DeskFlask, LazyBuildRule


def create_app(config=None):
    """Build a new app; `config` is a config class, an environment name or a dict of overrides."""
    settings = _load_settings(config)
    instance_path = str(Path(settings["INSTANCE_PATH"]).resolve())
    app = DeskFlask(__name__, instance_path=instance_path, template_folder=str(BASE_DIR / "templates"),
                static_folder=str(BASE_DIR / "app" / "static"))
    app.config.update(settings)
    app.request_class = AppRequest
    app.url_rule_class = LazyBuildRule
    install_id_routing(app)  # before AppBuilder adds its `<int:pk>` routes
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("UPLOAD_FOLDER", os.path.join(instance_path, "uploads"))
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", settings["DATABASE_URI"])
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config))
    app.config["FAB_ROLES"] = FAB_ROLES
    _refuse_unsafe_production(app.config)

    from . import models  # noqa: F401  -- every table must be on the metadata before AppBuilder starts

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    # One CSRFProtect per app: it remembers every exempted blueprint, so a shared one would keep old apps alive.
    CSRFProtect(app)
    with app.app_context():
        install_sqlite_pragmas(db.engine, app.config["SQLITE_SYNCHRONOUS"])
        from .security_manager import AppSecurityManager
        from .views.dashboard import DeskIndexView

        appbuilder = AppBuilder(update_perms=False, indexview=DeskIndexView,
                                security_manager_class=AppSecurityManager)
        appbuilder.init_app(app, db.session)
        from .registry import register_surfaces

        register_surfaces(app, appbuilder)
    from .cli import register_cli

    register_cli(app)
    from .services.mail.sender import start_outbox_sender

    start_outbox_sender(app)
    return app


def _load_settings(config):
    """Merge the environment's config class with explicit overrides into a plain dict."""
    overrides = {}
    if isinstance(config, dict):
        overrides = dict(config)
        config = overrides.get("ENVIRONMENT")
    cls = config if isinstance(config, type) else config_for(config)
    settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    settings.update(overrides)
    if "DATABASE_URI" not in overrides:
        settings["DATABASE_URI"] = overrides.get("SQLALCHEMY_DATABASE_URI") or overrides.get("DATABASE_URL") \
            or _database_uri(settings)
    return settings


def _database_uri(settings):
    """Return DATABASE_URL, or a SQLite file inside the instance folder."""
    if settings.get("DATABASE_URL"):
        return settings["DATABASE_URL"]
    return f"sqlite:///{Path(settings['INSTANCE_PATH']).resolve() / 'icct26.db'}"


def _refuse_unsafe_production(config):
    """Stop a production start with one line per unsafe setting."""
    if config["ENVIRONMENT"] != "production":
        return
    problems = production_problems(config)
    if problems:
        raise SystemExit("Refusing to start in production:\n" + "\n".join(f"- {p}" for p in problems))
