"""Start and stop the processes a benchmark needs: app instances, the baseline and the fake Cloudinary."""
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url, timeout=60):
    """Wait until `url` answers anything."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


class Process:
    """A child process serving HTTP on `port`, stopped with SIGTERM."""

    def __init__(self, args, port, env=None, health="/"):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        # stderr goes to a file: a pipe nobody reads fills up (64 KiB) with waitress's "task queue depth" warnings
        # during a run, and the server's main loop then blocks on the write, answering nothing more.
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})},
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        try:
            wait_http(self.url + health)
        except RuntimeError:
            self.proc.kill()
            self.proc.wait()
            self.stderr.seek(0)
            raise RuntimeError(self.stderr.read().decode()[-2000:])

    def peak_rss_mb(self):
        """The process's peak resident memory (VmHWM) in MB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def cpu_seconds(self):
        """User plus system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        """SIGTERM, then wait."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.stderr.close()


def start_app(database_url, instance_path, cloudinary_url="", threads=8, extra=None):
    """One app instance (run.py) on a fresh port."""
    port = free_port()
    env = {"ENVIRONMENT": "development", "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance_path),
           "PORT": str(port), "WAITRESS_THREADS": str(threads), "CLOUDINARY_URL": cloudinary_url,
           "RATELIMIT_ENABLED": "false", "LOG_LEVEL": "WARNING", "LOG_DIR": str(Path(instance_path) / "logs"),
           "SMTP_HOST": "", **(extra or {})}
    return Process([sys.executable, "run.py"], port, env, health="/health")


def start_bare(threads=8, inbuf_overflow=8 * 1024 * 1024, recv_bytes=1024 * 1024):
    """The bare Flask + waitress baseline."""
    port = free_port()
    return Process([sys.executable, "-m", "bench.bare_app", "--port", str(port), "--threads", str(threads),
                    "--inbuf-overflow", str(inbuf_overflow), "--recv-bytes", str(recv_bytes)], port,
                   health="/api/ping")


def start_fake_cloudinary():
    """The fake Cloudinary in its own process, so its work does not share the driver's GIL."""
    port = free_port()
    process = Process([sys.executable, "-m", "tests.support.fake_cloudinary", "--port", str(port)], port,
                      health="/_stats")
    process.cloudinary_url = (f"cloudinary://key:secret@demo?upload_prefix={process.url}"
                              f"&cname=127.0.0.1:{port}&secure=false")
    return process


def fake_stats(fake):
    """The fake's counters."""
    return requests.get(fake.url + "/_stats", timeout=5).json()


def wait_idle(processes, share=0.05, window=0.5, timeout=120):
    """Wait until each process uses under `share` of a core over `window` seconds: wrk stops at its deadline with
    requests in flight, which the server still finishes, and they must not run into the next measured round."""
    processes = [p for p in processes if p.proc.poll() is None]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = [p.cpu_seconds() for p in processes]
        time.sleep(window)
        if all(p.cpu_seconds() - used < share * window for p, used in zip(processes, before)):
            return
