"""A closed-loop HTTP load driver: N threads, each with its own keep-alive connection, for a fixed count or time.

The driver shares the machine's cores with the servers it measures, so it does as little as it can per request:
bodies are encoded before the clock starts (only the unique words are spliced in per request) and sent with
`http.client` on a kept-alive connection, without `requests`' per-request machinery (hooks, cookie jar,
adapters, header merging), which cost the driver more CPU than the bare baseline spent parsing the form.
"""
import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    """Latencies (seconds), status histogram and wall time of one load run."""

    latencies: list = field(default_factory=list)
    status_list: list = field(default_factory=list)  # each request's status, in the order of `latencies`
    statuses: Counter = field(default_factory=Counter)
    wall: float = 0.0

    def record(self, elapsed, status):
        """Add one request's latency (seconds) and status (a number, or the name of the error it raised)."""
        self.latencies.append(elapsed)
        self.status_list.append(status if isinstance(status, int) else 0)
        self.statuses[status] += 1

    @property
    def throughput(self):
        """Completed requests per second."""
        return len(self.latencies) / self.wall if self.wall else 0.0

    @property
    def successes(self):
        """Requests answered below 400 (2xx, or a 304) per second: what a ratio compares, since a 503 SERVER_BUSY
        served nothing."""
        ok = sum(count for status, count in self.statuses.items() if isinstance(status, int) and status < 400)
        return ok / self.wall if self.wall else 0.0

    @property
    def success_latencies(self):
        """The latencies of the answers below 400 alone."""
        return [latency for latency, status in zip(self.latencies, self.status_list) if 0 < status < 400]

    def percentile(self, p, successes_only=False):
        """The p-th percentile latency in milliseconds (of the answers below 400 alone if `successes_only`)."""
        latencies = self.success_latencies if successes_only else self.latencies
        if not latencies:
            return 0.0
        ordered = sorted(latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self):
        """A dict of the figures the report prints."""
        return {"requests": len(self.latencies), "rps": round(self.throughput, 2),
                "ok_per_s": round(self.successes, 2),
                "p50_ms": round(self.percentile(50), 1), "p90_ms": round(self.percentile(90), 1),
                "p99_ms": round(self.percentile(99), 1), "max_ms": round(1000 * max(self.latencies, default=0), 1),
                "ok_p99_ms": round(self.percentile(99, successes_only=True), 1),
                "mean_ms": round(1000 * statistics.fmean(self.latencies), 1) if self.latencies else 0.0,
                "statuses": dict(sorted(self.statuses.items()))}


def combined(results):
    """One LoadResult for several runs: every latency and status, and the sum of their wall times."""
    total = LoadResult()
    for result in results:
        total.latencies.extend(result.latencies)
        total.status_list.extend(result.status_list)
        total.statuses.update(result.statuses)
        total.wall += result.wall
    return total


def paired(baseline, scenario, concurrency, total, rounds=4):
    """Run `scenario` and `baseline` in alternating rounds; return (scenario result, baseline result).

    The machine's speed drifts by a third within minutes, so a ratio is only fair between measurements
    taken side by side: each round runs the baseline and then the scenario, `total / rounds` requests each.
    """
    ours, theirs = [], []
    for _ in range(rounds):
        theirs.append(run_load(baseline, concurrency, total=total // rounds))
        ours.append(run_load(scenario, concurrency, total=total // rounds))
    return combined(ours), combined(theirs)


@dataclass(frozen=True)
class Request:
    """One request ready to send: absolute URL, method, encoded body and headers."""

    url: str
    method: str = "GET"
    body: bytes = None
    headers: dict = field(default_factory=dict)


class _Connections:
    """One keep-alive `http.client` connection per host for one driver thread."""

    def __init__(self):
        self.open = {}

    def send(self, request):
        """Send `request`, read the whole answer, return its status and Retry-After (seconds, 0 if none); reconnect
        once if the server closed."""
        parts = urlsplit(request.url)
        path = parts.path + ("?" + parts.query if parts.query else "")
        for attempt in (0, 1):
            connection = self.open.get(parts.netloc)
            if connection is None:
                connection = self.open[parts.netloc] = http.client.HTTPConnection(parts.netloc, timeout=120)
            try:
                connection.request(request.method, path, body=request.body, headers=request.headers)
                response = connection.getresponse()
                response.read()
                retry_after = response.getheader("Retry-After") if response.status == 503 else None
                return response.status, float(retry_after) if retry_after and retry_after.isdigit() else 0.0
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                connection.close()
                del self.open[parts.netloc]
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        """Close every connection."""
        for connection in self.open.values():
            connection.close()


def run_load(make_request, concurrency, total=None, duration=None):
    """Send `make_request(n)` (a Request) from `concurrency` threads until `total` requests or `duration` seconds."""
    result, lock = LoadResult(), threading.Lock()
    counter = iter(range(total if total is not None else 10**9))
    deadline = time.monotonic() + duration if duration else None

    def worker():
        connections = _Connections()
        while True:
            with lock:
                n = next(counter, None)
            if n is None or (deadline and time.monotonic() > deadline):
                connections.close()
                return
            request = make_request(n)
            started = time.perf_counter()
            pause = 0.0
            try:
                status, pause = connections.send(request)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                result.record(elapsed, status)
            if pause:
                time.sleep(pause)  # a client told the server is busy sends again when it says, not at once

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    return result
