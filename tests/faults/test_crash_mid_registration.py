"""SIGKILL in the middle of concurrent registrations, while one is part-way through writing its files: every
committed team keeps all its files, byte for byte as read back from the disk (their cached pages dropped first),
its code is gapless, the killed registration's files are left without a row, and `flask sweep-uploads` deletes
exactly those, leaving no file that no row names."""
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from bench.processes import Process, free_port
from tests.support import payloads

CLIENTS = 6
FILE_SIZE = 64 * 1024
FILES_PER_TEAM = 3 + 2 * 11  # pastor letter, receipt, group photo; Aadhaar and subscription per player


def read_from_disk(path):
    """The file's bytes read from the disk, not from the page cache: its clean cached pages are dropped first.

    A synced file's pages are clean, so they go and the read fetches what the disk holds; the kernel keeps only
    pages not yet written back, which tests/faults/test_files_synced_before_commit.py rules out for files a
    committed row names. (posix_fadvise needs no privilege, unlike /proc/sys/vm/drop_caches.)
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def files_on_disk(uploads):
    """{(private, key)} of every file under the storage root's two trees."""
    found = set()
    for tree, private in (("private", True), ("public", False)):
        root = uploads / tree
        for folder, _dirs, names in os.walk(root):
            found |= {(private, os.path.relpath(os.path.join(folder, name), root)) for name in names}
    return found


def register_until_refused(url, client, stop):
    """Post new registrations (a church of their own each) until the server stops answering."""
    n = 0
    while not stop.is_set():
        n += 1
        tag = payloads.letters(client * 1000 + n)
        form, files = payloads.registration(church=f"CSI Crash Church {tag}", file_size=FILE_SIZE)
        try:
            requests.post(f"{url}/api/register/team", data=form, files=files, timeout=60)
        except requests.RequestException:
            return


def unfinished_uploads(uploads):
    """The registrations (storage folders) whose files are not all written yet. A registration stores all its
    files before its transaction starts, so no committed row can name any file of such a folder."""
    per_registration = {}
    for _private, key in files_on_disk(uploads):
        folder, _name = key.rsplit(os.sep, 1)
        per_registration[folder] = per_registration.get(folder, 0) + 1
    return {folder for folder, count in per_registration.items() if count < FILES_PER_TEAM}


def committed_teams(engine):
    """How many teams the database holds."""
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM team")).scalar()


def kill_mid_upload(server, engine, uploads, timeout=60):
    """SIGKILL the server at a moment when at least one team is committed and another registration is part-way
    through writing its files; return the folders of the registrations caught mid-write.

    The server is frozen (SIGSTOP) while the upload folder is looked at, so what is seen is what the kill leaves;
    when the moment is not right it runs on (SIGCONT) and is looked at again a little later."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if committed_teams(engine) >= 1:
            os.kill(server.proc.pid, signal.SIGSTOP)
            caught = set()
            try:
                caught = unfinished_uploads(uploads)
            finally:
                if caught:
                    server.proc.kill()
                    server.proc.wait(timeout=10)
                else:
                    os.kill(server.proc.pid, signal.SIGCONT)
            if caught:
                return caught
        time.sleep(0.005)
    raise AssertionError("never caught a registration part-way through its uploads")


def test_sigkill_mid_registrations_loses_no_committed_file_and_the_sweep_leaves_no_orphan(template_db, tmp_path):
    """Six clients register in a loop; the server is SIGKILLed while one is mid-write."""
    uri = template_db.copy(tmp_path)
    instance = tmp_path / "instance"
    uploads = instance / "uploads"
    port = free_port()
    env = {"ENVIRONMENT": "development", "DATABASE_URL": uri, "INSTANCE_PATH": str(instance), "PORT": str(port),
           "LOG_DIR": str(tmp_path / "logs"), "RATELIMIT_ENABLED": "false", "SMTP_HOST": "", "WAITRESS_THREADS": "8"}
    server = Process([sys.executable, "run.py"], port, env, health="/health")
    engine = create_engine(uri)
    stop = threading.Event()
    clients = [threading.Thread(target=register_until_refused, args=(server.url, n, stop)) for n in range(CLIENTS)]
    try:
        for client in clients:
            client.start()
        caught = kill_mid_upload(server, engine, uploads)
    finally:
        stop.set()
        server.stop()
        for client in clients:
            client.join(timeout=60)

    with engine.connect() as connection:
        codes = connection.execute(text("SELECT code FROM team ORDER BY code")).scalars().all()
        documents = connection.execute(text(
            "SELECT t.code, d.private, d.storage_key, d.size, d.sha256 FROM document d JOIN team t ON t.id = d.team_id"
        )).all()
    assert codes == [f"ICCT-{n:03d}" for n in range(1, len(codes) + 1)]  # gapless: no code spent by a killed one
    per_team = {code: 0 for code in codes}
    for code, private, key, size, sha256 in documents:
        data = read_from_disk(uploads / ("private" if private else "public") / key)
        assert (len(data), hashlib.sha256(data).hexdigest()) == (size, sha256), f"{code}: {key} damaged"
        per_team[code] += 1
    assert set(per_team.values()) == {FILES_PER_TEAM}
    named = {(bool(private), key) for _code, private, key, _size, _sha in documents}
    orphans = files_on_disk(uploads) - named
    assert orphans, "the kill landed mid-upload, so files without a row must be left"
    assert {key.rsplit(os.sep, 1)[0] for _private, key in orphans} >= caught

    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "sweep-uploads",
                             "--orphans-older-than", "0"], cwd=Path(__file__).resolve().parents[2],
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Deleted {len(orphans)} files no row names." in result.stdout, (result.stdout, len(orphans))
    assert files_on_disk(uploads) == named
    for _code, private, key, size, sha256 in documents:  # the sweep took nothing a row names
        data = (uploads / ("private" if private else "public") / key).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha256
    engine.dispose()
    template_db.discard(uri)
