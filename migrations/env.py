"""Alembic environment: FAB's security tables and ours live on FAB's Model.metadata, so target it too."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from flask_appbuilder import Model

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = [Model.metadata, db.metadata]


def run_migrations_offline():
    """Emit SQL for the configured URL without connecting."""
    context.configure(url=str(db.engine.url), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations on a live connection; batch mode lets SQLite alter tables."""

    def skip_empty(ctx, revision, directives):
        # An autogenerate run with no changes must not leave an empty revision file behind.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          process_revision_directives=skip_empty, render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
