"""SIGTERM: run.py stops accepting, finishes the request in flight, stops the outbox sender and exits 0."""
import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from bench.processes import Process, free_port
from tests.support import payloads
from tests.support.review_factories import SmtpServer
from tests.support.waiting import wait_for


@pytest.fixture
def smtp():
    """A real SMTP server, so run.py starts its outbox sender thread."""
    server = SmtpServer().start()
    yield server
    server.stop()


def accepted(pid, sock):
    """True once the server process holds the other end of `sock` (waitress accepted it)."""
    client_port = sock.getsockname()[1]
    ours = f"{client_port:04X}"
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            inodes.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except FileNotFoundError:  # closed between the listing and the look (a connection, a log file)
            pass
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[2].endswith(":" + ours) and f"socket:[{fields[9]}]" in inodes:
            return True
    return False


def refuses_connections(port):
    """True when nothing accepts connections on `port` any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def read_response(sock):
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_sigterm_lets_the_request_in_flight_finish_then_exits_cleanly(template_db, tmp_path, smtp):
    """Half a registration is sent, SIGTERM arrives, the rest follows: 201, then exit 0 and no new connections."""
    uri = template_db.copy(tmp_path)
    port = free_port()
    log_dir = tmp_path / "logs"
    env = {"ENVIRONMENT": "development", "DATABASE_URL": uri, "INSTANCE_PATH": str(tmp_path / "instance"),
           "PORT": str(port), "LOG_DIR": str(log_dir), "RATELIMIT_ENABLED": "false", "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(smtp.port), "MAIL_POLL_SECONDS": "0.2"}
    server = Process([sys.executable, "run.py"], port, env, health="/health")
    try:
        form, files = payloads.registration(church="CSI Shutdown Church")
        prepared = requests.Request("POST", f"{server.url}/api/register/team", data=form, files=files).prepare()
        body = prepared.body
        head = (f"POST /api/register/team HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: {prepared.headers['Content-Type']}\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(head + body[: len(body) // 2])
            wait_for(lambda: accepted(server.proc.pid, sock))  # the request is in flight in the server
            server.proc.send_signal(signal.SIGTERM)
            wait_for(lambda: refuses_connections(port))  # SIGTERM handled: no longer accepting
            sock.sendall(body[len(body) // 2:])
            response = read_response(sock)
        assert response.startswith(b"HTTP/1.1 201"), response[:300]
        assert server.proc.wait(timeout=30) == 0
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.url}/health", timeout=2)
    finally:
        server.stop()
    engine = create_engine(uri)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT code FROM team")).scalars().all() == ["ICCT-001"]
    engine.dispose()
    events = [json.loads(line).get("event") for line in (log_dir / "app.log").read_text().splitlines()]
    assert "server.stopped" in events  # logged after the outbox sender stopped and the pool was disposed
    template_db.discard(uri)
