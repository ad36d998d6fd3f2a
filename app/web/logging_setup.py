"""JSON log lines to stdout and a rotating LOG_DIR/app.log, set up once per process."""
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from flask.logging import default_handler
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from .log_filters import FORMATTED_LINE, PRIVATE_MARKS, MaskingFilter, RequestContextFilter

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


class OnceJsonFormatter(JsonFormatter):
    """The JSON line of a record, made once however many of our handlers write it.

    Every record went to stdout and to the file, and each handler made the line again (the file's size check a
    third time): of the ~240 µs a cached read cost before Flask, ~205 were its one access line.
    """

    def format(self, record):
        """The record's line, from its first formatting if there was one."""
        line = record.__dict__.get(FORMATTED_LINE)
        if line is None:
            line = record.__dict__[FORMATTED_LINE] = super().format(record)
        return line


class SizeRotatingFileHandler(RotatingFileHandler):
    """Rotates once the file has reached maxBytes, without formatting each record to measure it first."""

    def shouldRollover(self, record):
        """True once the file holds maxBytes or more (it may pass the size by one line)."""
        if self.stream is None:
            self.stream = self._open()
        return self.maxBytes > 0 and self.stream.tell() >= self.maxBytes


def json_formatter():
    """One JSON object per line: time, level, logger, message, then the record's extra fields."""
    return OnceJsonFormatter("{levelname}{name}{message}", style="{", timestamp="time",
                             rename_fields={"levelname": "level", "name": "logger"}, json_ensure_ascii=False,
                             reserved_attrs=[*RESERVED_ATTRS, *PRIVATE_MARKS])


_FORMATTER = json_formatter()  # shared by our handlers, so a record's line is made once


def _prepared(handler, name):
    """Name the handler and give it our formatter and filters (context first, so it is masked too)."""
    handler.set_name(name)
    handler.setFormatter(_FORMATTER)
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
    root.addHandler(_prepared(SizeRotatingFileHandler(log_file, maxBytes=config["LOG_MAX_BYTES"],
                                                      backupCount=config["LOG_BACKUP_COUNT"], encoding="utf-8"),
                              FILE_HANDLER))


def init_logging(app):
    """Route this app's logs (and every library's) through the JSON handlers."""
    configure_logging(app.config)
    # Flask's own stderr handler would print every app.* line a second time, unformatted.
    app.logger.removeHandler(default_handler)
