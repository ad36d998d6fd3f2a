"""JSON log lines to stdout and a rotating LOG_DIR/app.log, set up once per process."""
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

from .log_filters import MaskingFilter, RequestContextFilter

STDOUT_HANDLER = "icct26-stdout"
FILE_HANDLER = "icct26-file"


class CurrentStdoutHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the moment (test runners and daemons swap it)."""

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        """Ignore the stream StreamHandler's constructor assigns; sys.stdout is looked up on each write."""


def json_formatter():
    """One JSON object per line: time, level, logger, message, then the record's extra fields."""
    return JsonFormatter("{levelname}{name}{message}", style="{", timestamp="time",
                         rename_fields={"levelname": "level", "name": "logger"}, json_ensure_ascii=False)


def _prepared(handler, name):
    """Name the handler and give it our formatter and filters (context first, so it is masked too)."""
    handler.set_name(name)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestContextFilter())
    handler.addFilter(MaskingFilter())
    return handler


def configure_logging(config):
    """Attach our handlers to the root logger once; a later app with another LOG_DIR moves the file handler."""
    root = logging.getLogger()
    root.setLevel(logging.getLevelNamesMapping().get(str(config["LOG_LEVEL"]).upper(), logging.INFO))
    ours = {handler.get_name(): handler for handler in root.handlers}
    if STDOUT_HANDLER not in ours:
        root.addHandler(_prepared(CurrentStdoutHandler(), STDOUT_HANDLER))
    log_file = (Path(config["LOG_DIR"]) / "app.log").resolve()
    current = ours.get(FILE_HANDLER)
    if current is not None and current.baseFilename == str(log_file):
        return
    if current is not None:
        root.removeHandler(current)
        current.close()
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root.addHandler(_prepared(RotatingFileHandler(log_file, maxBytes=config["LOG_MAX_BYTES"],
                                                  backupCount=config["LOG_BACKUP_COUNT"], encoding="utf-8"),
                              FILE_HANDLER))


def init_logging(app):
    """Route this app's logs (and every library's) through the JSON handlers."""
    configure_logging(app.config)
    # Flask's own stderr handler would print every app.* line a second time, unformatted.
    app.logger.removeHandler(default_handler)
