"""The second, independent driver: the same scenarios under `wrk` (C, event loop, Lua scripts in bench/wrk/).

`python -m bench.wrk_run` measures the bare baseline and the local-storage registration side by side with wrk alone;
`bench.run` calls `wrk_paired` for each of its rows so both drivers' ratios come from the same processes in one run.
Needs Debian's wrk: `apt-get install -y wrk`.
"""
import argparse
import json
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.bodies import letters, template
from bench.processes import ROOT

SCRIPTS = ROOT / "bench" / "wrk"


def available():
    """Whether wrk is installed."""
    return shutil.which("wrk") is not None


@dataclass
class WrkResult:
    """Figures of one or more wrk runs: requests, seconds, latency percentiles (ms) and statuses."""

    requests: int = 0
    seconds: float = 0.0
    percentiles: dict = field(default_factory=dict)
    statuses: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    @property
    def throughput(self):
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def successes(self):
        """Requests answered below 400 per second."""
        ok = sum(count for status, count in self.statuses.items() if status < 400)
        return ok / self.seconds if self.seconds else 0.0

    def add(self, other):
        """Add another run: counts and time add up; each percentile is the worst of the runs' (wrk gives no samples)."""
        self.requests += other.requests
        self.seconds += other.seconds
        for key, value in other.percentiles.items():
            self.percentiles[key] = max(self.percentiles.get(key, 0.0), value)
        for key, value in other.statuses.items():
            self.statuses[key] = self.statuses.get(key, 0) + value
        for key, value in other.errors.items():
            if value:
                self.errors[key] = self.errors.get(key, 0) + value
        return self


class Scenario:
    """What wrk sends: a GET of a path, or registrations built from a body file with unique words."""

    def __init__(self, url, script="get.lua", args=()):
        self.url, self.script, self.args = url, script, list(args)

    @classmethod
    def get(cls, base, path, headers=None):
        """GET `base + path` on every request, with `headers`."""
        return cls(base + path, args=[f"{name}: {value}" for name, value in (headers or {}).items()])

    @classmethod
    def registration(cls, base, body_file, church=""):
        """POST a new registration on every request (all in one church if `church` is given)."""
        return cls(base + "/api/register/team", "register.lua", [body_file.path, body_file.content_type, church])


class BodyFile:
    """The registration template (with its tokens) written once to a file the Lua script reads."""

    def __init__(self, kib, directory):
        body, self.content_type = template(kib, "wrk")
        self.path = str(Path(directory) / f"registration-{kib}k.multipart")
        Path(self.path).write_bytes(body)


def run_wrk(scenario, concurrency, seconds):
    """Run wrk once (closed loop: `concurrency` keep-alive connections over up to 2 threads); return its figures."""
    args = list(scenario.args)
    if scenario.script == "register.lua":  # a fresh tag per wrk process: its counters start again at 1
        args.insert(2, letters(uuid.uuid4().int % 26**6))
    command = ["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "120s",
               "-s", str(SCRIPTS / scenario.script), scenario.url, "--", *args]
    output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK-JSON "))
    data = json.loads(line[len("WRK-JSON "):])
    statuses = {}
    for entry in data["statuses"]:
        for status, count in entry.items():
            statuses[int(status)] = statuses.get(int(status), 0) + count
    return WrkResult(data["requests"], data["duration_us"] / 1e6,
                     {p: data[f"{p}_us"] / 1000 for p in ("p50", "p90", "p99", "max")},
                     dict(sorted(statuses.items())), data["errors"])


def wrk_paired(baseline, scenario, concurrency, seconds, rounds=4, settle=lambda: None):
    """Alternate rounds of `baseline` and `scenario` under wrk, `seconds` each, calling `settle()` after each
    (wait until the servers finished what wrk left in flight); return (scenario, baseline)."""
    ours, theirs = WrkResult(), WrkResult()
    for _ in range(rounds):
        theirs.add(run_wrk(baseline, concurrency, seconds))
        settle()
        ours.add(run_wrk(scenario, concurrency, seconds))
        settle()
    return ours, theirs


def main():
    """Bare baseline against local-storage registrations on a throwaway PostgreSQL database, wrk only."""
    from bench.processes import start_app, start_bare, wait_idle
    from bench.run import drop_database, fresh_database

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5, help="length of each round")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--file-kib", type=int, default=100)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-wrk-")
    bare = start_bare()
    name, url = fresh_database()
    try:
        body = BodyFile(args.file_kib, scratch)
        app = start_app(url, Path(scratch) / "local")
        try:
            run_wrk(Scenario.registration(app.url, body), 2, 2)
            ours, theirs = wrk_paired(Scenario.registration(bare.url, body), Scenario.registration(app.url, body),
                                      args.concurrency, args.seconds, settle=lambda: wait_idle([bare, app]))
        finally:
            app.stop()
        print(f"bare: {theirs.throughput:.2f} forms/s {theirs.statuses} {theirs.percentiles}")
        print(f"registration, local storage: {ours.throughput:.2f} forms/s {ours.statuses} {ours.percentiles}")
        print(f"ratio {ours.throughput / theirs.throughput:.2f}")
    finally:
        bare.stop()
        drop_database(name)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
