"""The text fields of a multipart body refused as too large, read with its files thrown away, so a page can show
the refusal with what was typed still in place."""
from flask import current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.formparser import MultiPartParser
from werkzeug.http import parse_options_header
from werkzeug.wsgi import LimitedStream

MAX_FORM_PARTS = 400


class _Discard:
    """A file part's container that keeps nothing."""

    def write(self, data):
        return len(data)

    def seek(self, *_args):
        return 0

    def read(self, *_args):
        return b""

    def close(self):
        pass


def text_fields(largest_body):
    """The current request's text fields, its file parts discarded unread into memory; empty when the body is not
    multipart, is larger than `largest_body`, was read already, or cannot be parsed."""
    mimetype, options = parse_options_header(request.headers.get("Content-Type", ""))
    length = request.content_length
    boundary = options.get("boundary", "").encode("ascii", "replace")
    if mimetype != "multipart/form-data" or not boundary or not length or length > largest_body:
        return MultiDict()
    parser = MultiPartParser(stream_factory=lambda *_args, **_kwargs: _Discard(), max_form_parts=MAX_FORM_PARTS,
                             max_form_memory_size=current_app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000)
    try:
        form, _files = parser.parse(LimitedStream(request.environ["wsgi.input"], length), boundary, length)
    except (ValueError, HTTPException, OSError):
        return MultiDict()
    return form
