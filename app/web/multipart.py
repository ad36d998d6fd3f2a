"""Multipart form parsing that splits a buffered body at its delimiters, leaving any unusual body to werkzeug."""
import re
from io import BytesIO

from flask import Request, current_app
from werkzeug.datastructures import FileStorage, Headers
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.http import parse_options_header

from ..streams import read_at_most

# Bodies up to this size are parsed from memory; waitress holds bodies this small in memory anyway
# (WAITRESS_INBUF_OVERFLOW), and larger ones stream through werkzeug, which spools big files to disk.
DEFAULT_IN_MEMORY_BYTES = 8 * 1024 * 1024
# werkzeug checks the text-field limit against its 64 KiB read buffer too, so below this its answer
# depends on how the body is chunked; such small limits are left to it.
SMALLEST_FIELD_LIMIT = 256 * 1024
LONGEST_HEADER_BLOCK = 8 * 1024
CRLF = b"\r\n"
_SIMPLE_DISPOSITION = re.compile(r'form-data; name="([^"\\%\r\n]*)"(?:; filename="([^"\\%\r\n]*)")?')


class _NotPlain(Exception):
    """The body is not in the plain RFC 7578 shape (CRLF line breaks, no preamble, no header folding)."""


class BufferedMultiPartParser(MultiPartParser):
    """werkzeug's multipart parser with a fast path: a plain body read whole and cut with bytes.find.

    werkzeug feeds every 64 KiB through a regex state machine in Python, which cost as much CPU as the rest of
    a 25-file registration. Browsers, requests and axios all send the plain shape, which is cut here in C-speed
    searches with the same results; a body in any other shape (bare LF or CR line breaks, a preamble, folded or
    non-UTF-8 headers, whitespace after a boundary, text after the closing one) is given to werkzeug unchanged,
    so what it accepts, refuses or ignores stays exactly as it was.
    """

    def __init__(self, *args, in_memory_bytes=DEFAULT_IN_MEMORY_BYTES, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_memory_bytes = in_memory_bytes

    def parse(self, stream, boundary, content_length):
        """Return (form, files) MultiDicts for the multipart body in `stream`."""
        if (content_length is None or content_length > self.in_memory_bytes
                or (self.max_form_memory_size is not None and self.max_form_memory_size < SMALLEST_FIELD_LIMIT)):
            return super().parse(stream, boundary, content_length)
        # One read of the known length: werkzeug's read() to the end copies the body in 64 KiB pieces.
        body = read_at_most(stream, content_length)
        try:
            fields, files = self._cut(body, boundary)
        except _NotPlain:
            return super().parse(BytesIO(body), boundary, content_length)
        return self.cls(fields), self.cls(files)

    def _cut(self, body, boundary):
        """The parts of a plain body as werkzeug would give them; raise _NotPlain for any other body."""
        parts = _plain_parts(body, boundary)
        fields, files = [], []
        for count, (headers, data) in enumerate(parts, start=1):
            if self.max_form_parts is not None and count > self.max_form_parts:
                raise RequestEntityTooLarge()
            options = _disposition_options(headers["content-disposition"])
            name, filename = options.get("name"), options.get("filename")
            if filename is not None:
                files.append((name, FileStorage(BytesIO(data), filename, name, headers=headers)))
            elif self.max_form_memory_size is not None and len(data) > self.max_form_memory_size:
                raise RequestEntityTooLarge()
            else:
                fields.append((name, data.decode(self.get_part_charset(headers), "replace")))
        return fields, files


def _plain_parts(body, boundary):
    """(headers, data) of every part of a plain body, in order; raise _NotPlain for any other body."""
    opening = b"--" + boundary
    if not body.startswith(opening + CRLF):
        raise _NotPlain
    parts, position = [], len(opening) + 2
    while True:
        blank = body.find(CRLF + CRLF, position, position + LONGEST_HEADER_BLOCK)
        if blank < 0:
            raise _NotPlain
        block = body[position:blank]
        if opening in block:  # a part without a blank line: werkzeug reads the boundary as a header
            raise _NotPlain
        # The next boundary, wherever it is, must follow a CRLF: werkzeug would also cut at one after a bare LF
        # or CR. The blank line's second CRLF may be that CRLF: the part is then empty, as in werkzeug.
        found = body.find(opening, blank + 4)
        if found < 0 or body[found - 2:found] != CRLF:
            raise _NotPlain
        parts.append((_plain_headers(block), body[blank + 4:found - 2]))
        after = found + len(opening)
        following = body[after:after + 2]
        if following == CRLF:
            position = after + 2
        elif following == b"--" and body[after + 2:] in (b"", CRLF):
            break
        else:  # whitespace after a boundary, text after the closing one, or a boundary-like run inside data
            raise _NotPlain
    return parts


def _disposition_options(value):
    """The parameters of a Content-Disposition value, as werkzeug's parse_options_header gives them."""
    # The shape every browser sends is read with one regex; werkzeug's general parser walks quoted strings a
    # character at a time, which was most of the remaining parse time. Without quotes, backslashes or percent
    # signs inside the values, its answer is exactly these groups.
    simple = _SIMPLE_DISPOSITION.fullmatch(value)
    if simple is None:
        return parse_options_header(value)[1]
    name, filename = simple.groups()
    return {"name": name} if filename is None else {"name": name, "filename": filename}


def _plain_headers(block):
    """A part's headers, when they are unfolded UTF-8 lines that name a Content-Disposition."""
    unbroken = block.replace(CRLF, b"")
    if b"\r" in unbroken or b"\n" in unbroken or b"\r\n " in block or b"\r\n\t" in block:
        raise _NotPlain
    try:
        text = block.decode()
    except UnicodeDecodeError:
        raise _NotPlain from None
    pairs = []
    for line in text.split("\r\n"):
        line = line.strip(" \t")
        if line:
            name, _, value = line.partition(":")
            pairs.append((name.strip(" \t"), value.strip(" \t")))
    headers = Headers(pairs)
    if "content-disposition" not in headers:
        raise _NotPlain
    return headers


class BufferedFormDataParser(FormDataParser):
    """werkzeug's form parser, using BufferedMultiPartParser for multipart bodies."""

    in_memory_bytes = DEFAULT_IN_MEMORY_BYTES

    def _parse_multipart(self, stream, mimetype, content_length, options):
        parser = BufferedMultiPartParser(stream_factory=self.stream_factory, cls=self.cls,
                                         max_form_memory_size=self.max_form_memory_size,
                                         max_form_parts=self.max_form_parts, in_memory_bytes=self.in_memory_bytes)
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


class AppRequest(Request):
    """The app's request class: Flask's, with the buffered multipart parser."""

    form_data_parser_class = BufferedFormDataParser

    def make_form_data_parser(self):
        """The form parser, buffering bodies as large as waitress keeps in memory."""
        parser = super().make_form_data_parser()
        parser.in_memory_bytes = current_app.config.get("WAITRESS_INBUF_OVERFLOW", DEFAULT_IN_MEMORY_BYTES)
        return parser
