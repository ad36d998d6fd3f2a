"""Seen from the system calls of a real server: every document file a registration creates is fdatasync'ed before
its request thread sends the COMMIT that names it, so a power loss after that COMMIT cannot lose it. (The crash
test kills the process, not the machine, so the page cache survives there and cannot show this.)"""
import os
import re
import shutil
import signal
import sys
import threading
from pathlib import Path

import pytest
import requests

from bench.processes import Process, free_port
from tests.support import payloads

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL"),
              pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")]

FILES_PER_TEAM = 3 + 2 * 11
# One system call a line, as `strace -ff` writes each thread's file; unfinished calls are not traced here.
CREATED = re.compile(r'^openat\(AT_FDCWD, "(?P<path>[^"]*/uploads/[^"]*)", (?P<flags>[^)]*O_CREAT[^)]*)\) '
                     r'= (?P<fd>\d+)$')
SYNCED = re.compile(r"^f(?:data)?sync\((?P<fd>\d+)\)\s+= 0$")
CLOSED = re.compile(r"^close\((?P<fd>\d+)\)")
COMMIT = re.compile(r'^sendto\(\d+, "Q.*COMMIT')


def thread_calls(trace_dir):
    """Each traced thread's system calls, in order."""
    for path in Path(trace_dir).glob("trace.*"):
        yield [line.rstrip("\n") for line in path.open(errors="replace")]


def commits_with_files(calls):
    """For each COMMIT a thread sends: (files created since the previous COMMIT, those of them not synced yet)."""
    open_files, created, unsynced, found = {}, [], set(), []
    for call in calls:
        if match := CREATED.match(call):
            open_files[match["fd"]] = match["path"]
            created.append(match["path"])
            if not re.search(r"\bO_D?SYNC\b", match["flags"]):  # with O_(D)SYNC each write returns once on disk
                unsynced.add(match["path"])
        elif (match := SYNCED.match(call)) and match["fd"] in open_files:
            unsynced.discard(open_files[match["fd"]])
        elif match := CLOSED.match(call):
            open_files.pop(match["fd"], None)
        elif COMMIT.match(call):
            found.append((created, set(unsynced)))
            created, unsynced = [], set()
    return found


def stop_traced(server):
    """Stop the server strace runs: SIGTERM to strace alone would detach it and leave the server serving."""
    for pid in Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children").read_text().split():
        os.kill(int(pid), signal.SIGTERM)
    server.proc.wait(timeout=60)  # strace ends with the process it traces


def test_every_document_is_synced_before_the_commit_that_names_it(template_db, tmp_path):
    """Two clients register twice each on a server run under strace: each COMMIT after a registration's files
    comes after an fdatasync of every one of them."""
    uri = template_db.copy(tmp_path)
    trace = tmp_path / "trace"
    trace.mkdir()
    port = free_port()
    env = {"ENVIRONMENT": "development", "DATABASE_URL": uri, "INSTANCE_PATH": str(tmp_path / "instance"),
           "PORT": str(port), "LOG_DIR": str(tmp_path / "logs"), "RATELIMIT_ENABLED": "false", "SMTP_HOST": "",
           "WAITRESS_THREADS": "4", "ADMISSION_WAIT_SECONDS": "120"}  # slow under strace: queue, never shed
    server = Process(["strace", "-f", "-ff", "-qq", "-s", "64", "-o", str(trace / "trace"),
                      "-e", "trace=openat,fdatasync,fsync,close,sendto", sys.executable, "run.py"], port, env,
                     health="/health")
    statuses = []

    def client(n):
        for round_ in range(2):
            form, files = payloads.registration(church=f"CSI Synced Church {payloads.letters(n * 10 + round_ + 1)}",
                                                file_size=32 * 1024)
            statuses.append(requests.post(f"{server.url}/api/register/team", data=form, files=files,
                                          timeout=120).status_code)

    try:
        clients = [threading.Thread(target=client, args=(n,)) for n in range(2)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
    finally:
        stop_traced(server)
    assert statuses == [201] * 4

    registrations = [(created, unsynced) for calls in thread_calls(trace)
                     for created, unsynced in commits_with_files(calls) if created]
    assert len(registrations) == 4
    for created, unsynced in registrations:
        assert len(created) == FILES_PER_TEAM
        assert not unsynced, f"committed before syncing {sorted(unsynced)}"
    template_db.discard(uri)
