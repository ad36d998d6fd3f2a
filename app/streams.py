"""Reading a known number of bytes from a stream that may return fewer per read."""
from typing import IO


def read_at_most(stream: IO[bytes], limit: int) -> bytes:
    """Up to `limit` bytes from `stream`: fewer only when it ends first."""
    # A single read() may legally return fewer bytes than asked (socket-backed streams do); a server that
    # buffers the body, as waitress does, returns it in one read, and joining one chunk does not copy it.
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
