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
    statuses: Counter = field(default_factory=Counter)
    wall: float = 0.0

    @property
    def throughput(self):
        """Completed requests per second."""
        return len(self.latencies) / self.wall if self.wall else 0.0

    def percentile(self, p):
        """The p-th percentile latency in milliseconds."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self):
        """A dict of the figures the report prints."""
        return {"requests": len(self.latencies), "rps": round(self.throughput, 2),
                "p50_ms": round(self.percentile(50), 1), "p90_ms": round(self.percentile(90), 1),
                "p99_ms": round(self.percentile(99), 1), "max_ms": round(1000 * max(self.latencies, default=0), 1),
                "mean_ms": round(1000 * statistics.fmean(self.latencies), 1) if self.latencies else 0.0,
                "statuses": dict(sorted(self.statuses.items()))}


def combined(results):
    """One LoadResult for several runs: every latency and status, and the sum of their wall times."""
    total = LoadResult()
    for result in results:
        total.latencies.extend(result.latencies)
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
        """Send `request`, read the whole answer, return its status; reconnect once if the server closed."""
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
                return response.status
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
            try:
                status = connections.send(request)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    return result
