"""Each upload's SHA-256 taken once per request: the Idempotency-Key fingerprint and the stored row share it."""
import hashlib

from flask import g, has_request_context


def digest_of_stream(stream):
    """The SHA-256 of everything in `stream` (rewound after), remembered for `sha256_of` in this request."""
    data = stream.read()
    stream.seek(0)
    digest = hashlib.sha256(data).hexdigest()
    if has_request_context():
        g.setdefault("upload_digests", {})[id(stream)] = (len(data), digest)
    return digest


def sha256_of(stream, data):
    """The SHA-256 of `data`, read from `stream`: the one the fingerprint took when it saw the same bytes."""
    if has_request_context():
        # The files of one request stay alive until it ends, so an id names one stream; the size check makes
        # sure the fingerprint hashed exactly the bytes read here (read_upload stops one byte past its limit).
        known = g.get("upload_digests", {}).get(id(stream))
        if known is not None and known[0] == len(data):
            return known[1]
    return hashlib.sha256(data).hexdigest()
