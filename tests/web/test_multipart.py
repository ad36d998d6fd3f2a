"""The buffered multipart parser gives werkzeug's answer for every body, plain or not, and cuts plain ones itself."""
import os
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from urllib3 import encode_multipart_formdata
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import MultiPartParser

from app.web.multipart import BufferedMultiPartParser, _NotPlain, _plain_parts

BOUNDARY = b"b0undary-7f3a"
# As with the API fuzz: CI replays the same bodies every run, so a red build is reproducible; FUZZ_EXPLORE=1
# draws fresh ones and FUZZ_EXAMPLES sets how many.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "600"))
DERANDOMIZE = not os.environ.get("FUZZ_EXPLORE")
TEXT = st.text(alphabet=st.sampled_from(list('abz AZ09-_.;=,"\\%*\'/\u0ba4\u0bae\u00e9\t')), max_size=12)


def mostly(common, *rare):
    """`common` 29 times in 30, else one of `rare`: most bodies stay plain, so both paths are compared."""
    return st.integers(0, 29).flatmap(lambda n: st.just(common) if n else st.sampled_from(rare))


BREAK = mostly(b"\r\n", b"\n", b"\r")
DATA = st.one_of(st.binary(max_size=64), st.lists(st.sampled_from(
    [b"x", b"\r\n", b"\r", b"\n", b"--", BOUNDARY, b"--" + BOUNDARY, b"\r\n--" + BOUNDARY, b" ", b"\xff", b"\xe0\xae"]),
    max_size=8).map(b"".join))


def outcome(parser_class, body, **limits):
    """What a parser makes of `body`: its fields and files in order, or the kind of error it raised."""
    parser = parser_class(max_form_memory_size=limits.get("memory", 500_000), max_form_parts=limits.get("parts"))
    try:
        form, files = parser.parse(BytesIO(body), BOUNDARY, len(body))
    except (ValueError, RequestEntityTooLarge) as error:
        return type(error).__name__
    return (list(form.items(multi=True)),
            [(name, f.filename, f.content_type, list(f.headers.items()), f.read()) for name, f in files.items(multi=True)])


@st.composite
def bodies(draw):
    """Multipart bodies, mostly plain, with the irregularities werkzeug tolerates mixed in."""
    pieces = [draw(mostly(b"", b"preamble\r\n", b"\r\n")), b"--" + BOUNDARY]
    for _ in range(draw(st.integers(0, 4))):
        pieces.append(draw(mostly(b"", b" ", b"\t")) + draw(BREAK))
        name = draw(TEXT)
        disposition = draw(mostly('form-data; name="{n}"', 'form-data; name="{n}"; filename="{f}"',
                                  "form-data; name={n}", "form-data; name=\"{n}\"; filename*=UTF-8''{f}",
                                  'form-data;name="{n}"', 'attachment; filename="{f}"', "", "{n}"))
        if draw(st.booleans()):
            disposition = 'form-data; name="{n}"; filename="{f}"'
        headers = [f"Content-Disposition: {disposition.format(n=name, f=draw(TEXT))}"]
        if draw(st.booleans()):
            headers.append(draw(mostly("Content-Type: application/pdf", "Content-Type: text/plain; charset=iso-8859-1",
                                       "content-type:image/png", "X-Folded: a\r\n b", "X-Other: c")))
        headers = [h.encode() if draw(st.integers(0, 9)) else h.encode("latin-1", "replace") for h in headers]
        pieces.append(draw(BREAK).join(headers) + draw(BREAK) + draw(BREAK) + draw(DATA) + draw(BREAK))
        pieces.append(b"--" + BOUNDARY)
    pieces.append(draw(mostly(b"--\r\n", b"--", b"-- \r\n", b"", b"--\r\nepilogue")))
    return b"".join(pieces)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies(), parts=st.sampled_from([None, 1, 2, 3]))
def test_every_body_gets_werkzeugs_answer(body, parts):
    assert outcome(BufferedMultiPartParser, body, parts=parts) == outcome(MultiPartParser, body, parts=parts)


def encoded(fields, files):
    """A body as requests encodes it (through urllib3), in the same shape as browsers and axios."""
    body, content_type = encode_multipart_formdata([*fields.items(), *files.items()])
    return body, content_type.split("boundary=")[1].encode()


@settings(max_examples=150, deadline=None, derandomize=DERANDOMIZE, database=None)
@given(fields=st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda s: not set(s) & set('"\\%\r\n')),
                              st.text(max_size=20), max_size=4),
       content=st.lists(st.binary(max_size=300), min_size=1, max_size=3))
def test_what_clients_send_is_cut_without_werkzeug(fields, content):
    files = {f"file_{i}": (f"upload {i}.pdf", data, "application/pdf") for i, data in enumerate(content)}
    body, boundary = encoded(fields, files)
    parts = _plain_parts(body, boundary)  # raises _NotPlain if the fast path would not take this body
    assert len(parts) == len(fields) + len(files)
    form, uploaded = BufferedMultiPartParser().parse(BytesIO(body), boundary, len(body))
    assert form.to_dict() == fields
    assert {name: (f.filename, f.read()) for name, f in uploaded.items()} == \
        {name: (filename, data) for name, (filename, data, _type) in files.items()}


@pytest.mark.parametrize("body", [
    b"--B\nContent-Disposition: form-data; name=\"a\"\n\n1\n--B--",  # bare LF line breaks
    b"preamble\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B--",
    b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\n--B\r\n\r\n--B--",  # a boundary after a bare LF
    b"--B\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n--B--",  # a folded header
    b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B-- trailing",
])
def test_irregular_bodies_are_left_to_werkzeug(body):
    with pytest.raises(_NotPlain):
        _plain_parts(body, b"B")


def test_limits_are_werkzeugs():
    body, boundary = encoded({"a": "x" * 300_000, "b": "1", "c": "2"}, {})

    def parse(parser_class, **limits):
        try:
            parser_class(**limits).parse(BytesIO(body), boundary, len(body))
        except RequestEntityTooLarge:
            return "413"
        return "ok"
    for limits in ({"max_form_memory_size": 299_999}, {"max_form_memory_size": 300_000},
                   {"max_form_parts": 2}, {"max_form_parts": 3}):
        assert parse(BufferedMultiPartParser, **limits) == parse(MultiPartParser, **limits)
    assert parse(BufferedMultiPartParser, max_form_memory_size=299_999) == "413"
    assert parse(BufferedMultiPartParser, max_form_parts=2) == "413"
    assert parse(BufferedMultiPartParser, max_form_parts=3) == "ok"
