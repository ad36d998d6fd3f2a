"""Registrations through a draft (the form's per-file path) against the single post, both as ratios to the bare
baseline in the same rounds: `python -m bench.drafts_path [--rounds N] [--count N] [--file-kib K] [--no-readme]`.

Over 300 lines: a third of it is the profile's text, which every rewrite of bench/README.md carries.

One registration through a draft is 27 requests on one keep-alive connection and one browser session:
`POST /register/draft`, 25 `PUT /register/draft/<token>/files/<field>` (one document of `--file-kib`, 100 KiB by default, each) and the
form's final `POST /register` with `draft_token` (answered 303 to the success page, which is not fetched). Each
session loads `GET /register` once, before the clock, for its cookie and CSRF token. Every body is encoded
before the clock; only the draft token, the CSRF token and the words that make the team unique are spliced in.
"""
import argparse
import http.client
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from urllib3 import encode_multipart_formdata

from bench.bodies import WORD, RegistrationBodies, letters
from bench.load import LoadResult, combined, run_load
from bench.processes import ROOT, start_app, start_bare
from tests.support import payloads

DRAFT, CSRF = b"QDRAFTQ", b"QCSRFQ"
_TOKENS = re.compile(b"(" + WORD + b"|" + DRAFT + b"|" + CSRF + b")")
_CSRF_INPUT = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')
# The budgets a browser session's worth of drafts would breach; start_app also turns the limiter off.
LIMITS = {"RATELIMIT_DRAFTS": "100000 per minute", "RATELIMIT_DRAFT_FILES": "1000000 per minute",
          "RATELIMIT_PUBLIC": "100000 per minute", "RATELIMIT_PUBLIC_READS": "100000 per minute"}
START, END = "<!-- drafts-path:start -->", "<!-- drafts-path:end -->"


# Where the time went, from the profiles taken right after the run above; kept in the section on every rewrite.
PROFILE = """### Where the per-file path's time goes, and what changed

Before (commit 32590b9, run from a copy of it with the same command just before the run above, load average
about 9): single post 0.43, through a draft 0.07, per-file over single-post 0.17 (per round 0.14, 0.21, 0.18,
0.15); the day's other runs of both, with 2 or 4 rounds, gave 0.16 to 0.22 before and 0.22 to 0.31 after.
Each `PUT` then ran 6 statements and about 9 PostgreSQL round trips: the pool's pre-ping, BEGIN, the tournament
row (the field's player limit), the draft, its files (`selectinload`), then the row lock, the files again, the
insert (ORM flush) and COMMIT.

What changed (`app/services/registration/drafts/`): an upload runs 3 statements, all built once at import. One
finds the live draft by its token hash with what its other files hold (count and bytes, for the early look at
the caps) and the tournament's roster size as subqueries; in the recording transaction one locks the draft's row
(a write, so SQLite locks at once too), and one `INSERT ... SELECT ... WHERE` adds the file's row only if its
field is free and the caps leave room (a new statement after the lock, so it sees every upload committed before
it; only when it adds nothing are the files read to tell a replacement from a full draft). That is 6 round trips
with the pre-ping, BEGIN and COMMIT. Listing a draft and the final submit read the draft with its files in one
joined statement, and starting one is a single insert with no reload. Measured with this instance's own CPU time
(`/proc`) over 48 registrations at c=8, alternating old and new code: 247 and 272 ms per registration before,
150 and 151 after; a single post costs 25 to 35 ms.

Profiled the same hour with `py-spy record` on the instance (20 s with `--gil`, then 20 s of
wall-clock samples with `--idle`) while 8 sessions registered through drafts:

- With the GIL held: the worker threads 76%, waitress's receiving loop 24% (the 100 KiB bodies and the request
  parsing, per request). Of all samples: `put_file` 41% (the recording transaction 22%, of which COMMIT 5%; the
  lookup 14%; the file write 3%), the final submit 10%, the before-request hooks 8% (the CSRF check 5%, which
  stays), the after-request hooks 4%, request contexts about 5%.
- The GIL was held in about half of the samples, and the worker threads ran a request in about half of theirs:
  the instance is not saturated; each session's requests are serial, so per-request latency bounds the rate.
  In wall-clock samples the pool's checkout with its pre-ping is 6% (half of the lookup's 12%), the recording
  transaction 16% (COMMIT 8%, waiting for the WAL flush) and the file write with `O_DSYNC` 6%.
- What is left is mostly per request and not the draft's: in-process (Flask's test client, one thread, no
  waitress) a `PUT` with a malformed token (no statement) costs about 0.8 ms of CPU, `GET /health` 0.45 ms and
  an upload about 3.5 ms, of which the lookup, the transaction and the file write are about half; 27 requests
  cost several times the single post's one, whatever the draft code does. Not changed here: the pool's pre-ping
  (app-wide; it finds a pooled connection the server dropped before a request uses it, and turning it off moved
  the in-process CPU per upload by less than the run-to-run noise), and the hooks every request runs (CSRF,
  Talisman's headers, the session cookie).
"""


class DraftBodies:
    """The 25 documents' upload bodies and the final submit's template, all encoded once."""

    def __init__(self, kib, tag):
        word = WORD.decode()
        form, files = payloads.registration(players=11, file_size=kib * 1024, team_name=f"Draft {tag} {word}",
                                            church=f"Draft Church {tag} {word}",
                                            captain_email=f"draft.{tag}.{word}@example.org",
                                            vice_email=f"dvice.{tag}.{word}@example.org",
                                            captain_name=f"Captain {word}", vice_name=f"Vice {word}")
        for i in range(11):
            form[f"player_{i}_name"] = f"Player {payloads.letters(i + 1)} {word}"
        self.uploads = []
        for field, (filename, content, content_type) in files.items():
            body, multipart = encode_multipart_formdata([("file", (filename, content, content_type))])
            self.uploads.append((field, body, multipart))
        fields = list(form.items()) + [("draft_token", DRAFT.decode()), ("csrf_token", CSRF.decode())]
        body, self.submit_type = encode_multipart_formdata(fields)
        self.pieces = _TOKENS.split(body)
        self.counter = iter(range(1, 10**9))
        self.lock = threading.Lock()

    def submit(self, draft, csrf):
        """The final submit's body for a new team, naming `draft`."""
        with self.lock:
            word = letters(next(self.counter)).encode()
        values = {WORD: word, DRAFT: draft, CSRF: csrf}
        return b"".join(values.get(piece, piece) for piece in self.pieces)


class Session:
    """One browser: a keep-alive connection, its session cookie and its CSRF token."""

    def __init__(self, url):
        self.host = url.split("://", 1)[1]
        self.connection, self.cookie = None, ""
        status, _headers, page = self.send("GET", "/register")
        assert status == 200, status
        self.csrf = _CSRF_INPUT.search(page).group(1).decode()

    def send(self, method, path, body=None, headers=None):
        """Send one request (reconnecting once if the server closed); return (status, headers, body)."""
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        for attempt in (0, 1):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        cookie = response.getheader("Set-Cookie")
        if cookie and cookie.startswith("session="):
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.headers, data

    def register(self, bodies):
        """One registration through a draft; return the final submit's status (or the first failure's)."""
        csrf = {"X-CSRFToken": self.csrf, "Accept": "application/json"}
        status, _headers, data = self.send("POST", "/register/draft", b"", csrf)
        if status != 201:
            return f"draft {status}"
        token = json.loads(data)["draft"]["token"]
        for field, body, content_type in bodies.uploads:
            status, _headers, data = self.send("PUT", f"/register/draft/{token}/files/{field}", body,
                                               {**csrf, "Content-Type": content_type})
            if status != 200:
                return f"file {status}"
        status, headers, data = self.send("POST", "/register", bodies.submit(token.encode(), self.csrf.encode()),
                                          {"Content-Type": bodies.submit_type})
        location = headers.get("Location", "")
        return status if status != 303 or "/register/done/" in location else f"303 to {location}"

    def close(self):
        """Close the connection."""
        if self.connection is not None:
            self.connection.close()


def run_drafts(sessions, bodies, total):
    """`total` registrations through drafts, closed loop, one thread per session; latencies are whole
    registrations (27 requests)."""
    result, lock, counter = LoadResult(), threading.Lock(), iter(range(total))

    def worker(session):
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            started = time.perf_counter()
            try:
                status = session.register(bodies)
            except Exception as error:  # noqa: BLE001 - any failure is counted in the statuses, not lost
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                result.record(elapsed, status)

    threads = [threading.Thread(target=worker, args=(session,)) for session in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    return result


def measure(bare, database_url, instance, kib=100, count=48, rounds=4, concurrency=8):
    """Rounds of bare baseline, single post and per-file path on one app instance; return (rows, figures)."""
    from bench.run import post_registration

    tag = "".join(c for c in uuid.uuid4().hex if c.isalpha())[:6] or "x"
    single_source, bodies = RegistrationBodies(kib, "s" + tag), DraftBodies(kib, "d" + tag)
    bare_post = post_registration([bare.url], RegistrationBodies(kib, "b" + tag))
    app = start_app(database_url, instance, extra=LIMITS)
    try:
        single = post_registration([app.url], single_source)
        sessions = [Session(app.url) for _ in range(concurrency)]
        run_load(single, concurrency, total=concurrency)  # warm both paths before the clock
        run_drafts(sessions, bodies, concurrency)
        base, ours_single, ours_drafts = [], [], []
        per_round = max(concurrency, count // rounds)
        for n in range(rounds):
            # The baseline first, then both paths in alternating order, so neither always follows the other.
            base.append(run_load(bare_post, concurrency, total=per_round))
            order = [("single", single), ("drafts", None)]
            for kind, maker in (order if n % 2 == 0 else order[::-1]):
                if kind == "single":
                    ours_single.append(run_load(maker, concurrency, total=per_round))
                else:
                    ours_drafts.append(run_drafts(sessions, bodies, per_round))
        for session in sessions:
            session.close()
    finally:
        app.stop()
    shares = [(d.throughput / b.throughput) / (s.throughput / b.throughput)
              for b, s, d in zip(base, ours_single, ours_drafts)]
    base, single_result, drafts_result = combined(base), combined(ours_single), combined(ours_drafts)
    single_ratio = single_result.throughput / base.throughput
    drafts_ratio = drafts_result.throughput / base.throughput
    rows = [
        {"label": "bare baseline POST form, c=8 (the draft rows' rounds)", "summary": base.summary()},
        {"label": "registration, single post, local storage, PG, c=8 (same rounds)", "summary":
         single_result.summary(), "baseline": base.throughput, "ratio": single_ratio, "target": "reference"},
        {"label": "registration through a draft (27 requests), local storage, PG, c=8", "summary":
         drafts_result.summary(), "baseline": base.throughput, "ratio": drafts_ratio,
         "target": f"≥ 0.5 × {single_ratio:.2f} = {0.5 * single_ratio:.2f}"},
    ]
    figures = {"single_ratio": single_ratio, "drafts_ratio": drafts_ratio, "share": drafts_ratio / single_ratio,
               "shares": shares, "rounds": rounds, "per_round": per_round,
               "requests_per_second": 27 * drafts_result.throughput}
    return rows, figures


def section(rows, figures, when, machine, command):
    """The README's section for this benchmark, between its markers."""
    table = ["| scenario | completed/s | baseline req/s | p50 ms | p90 ms | p99 ms | max ms | statuses | ratio "
             "| target |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"]
    for row in rows:
        s = row["summary"]
        cells = [row["label"], s["rps"], f"{row['baseline']:.2f}" if row.get("baseline") else "", s["p50_ms"],
                 s["p90_ms"], s["p99_ms"], s["max_ms"], s["statuses"],
                 f"{row['ratio']:.2f}" if "ratio" in row else "", row.get("target", "")]
        table.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    verdict = "meets" if figures["share"] >= 0.5 else "falls short of"
    shares = ", ".join(f"{share:.2f}" for share in figures["shares"])
    return "\n".join([
        START, "## Registrations through a draft (the form's per-file path)", "",
        "`python -m bench.drafts_path` (or `python -m bench.run --only drafts`) starts the bare baseline and one app "
        "instance (local storage, throwaway PostgreSQL database) and runs rounds of the bare baseline, the single post "
        "(`POST /api/register/team`) and registrations through a draft, on the same instance, at c=8; a row's ratio "
        "is its completions per second over the baseline's forms per second in the same rounds. One registration "
        "through a draft is 27 requests on one keep-alive connection and one browser session: `POST /register/draft`, "
        "25 `PUT /register/draft/<token>/files/<field>` of `--file-kib` each (100 KiB by default), and the form's `POST /register` with "
        "`draft_token` (303 to the success page, not fetched); each session loads `GET /register` once before the "
        "clock for its cookie and CSRF token (sent as `X-CSRFToken` and `csrf_token`). 11 players, 25 files, unique "
        "team names; bodies encoded before the clock; the rate limiter off as for every row, with the draft budgets "
        "raised through `RATELIMIT_DRAFTS`, `RATELIMIT_DRAFT_FILES`, `RATELIMIT_PUBLIC` too. Its latency columns "
        "are whole registrations (27 requests).", "",
        f"Latest run: {when}, `{command}`, on {machine}. Timings on 2 cores are noisy: compare the ratios.",
        "", *table, "",
        f"- Per-file ratio over single-post ratio: {figures['share']:.2f} (target ≥ 0.5), which {verdict} the "
        f"target; per round: {shares} ({figures['rounds']} rounds of {figures['per_round']} registrations per row).",
        f"- Requests per second on the draft path: {figures['requests_per_second']:.0f} (27 per registration).",
        "", PROFILE.rstrip("\n"), END])


def with_section(text, new_section=None, readme=ROOT / "bench" / "README.md"):
    """`text` (a README about to be written) with this benchmark's section: `new_section`, else the one the
    current README holds, else none."""
    if new_section is None:
        old = readme.read_text(encoding="utf-8") if readme.exists() else ""
        new_section = old[old.index(START):old.index(END) + len(END)] if START in old and END in old else ""
    if START in text and END in text:
        text = text[:text.index(START)] + text[text.index(END) + len(END):]
    return text.rstrip("\n") + ("\n\n" + new_section + "\n" if new_section else "\n")


def main():
    """Start the baseline and a throwaway database, measure, print, and rewrite this benchmark's README section."""
    from bench.run import _pg_version, drop_database, fresh_database

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--count", type=int, default=48, help="registrations per row, over all rounds")
    parser.add_argument("--file-kib", type=int, default=100)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-drafts-")
    tempfile.tempdir = scratch
    bare = start_bare()
    name, url = fresh_database()
    try:
        rows, figures = measure(bare, url, Path(scratch) / "drafts", args.file_kib, args.count, args.rounds)
    finally:
        bare.stop()
        drop_database(name)
        shutil.rmtree(scratch, ignore_errors=True)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {_pg_version()}, "
               f"load average {os.getloadavg()[0]:.1f} at the end")
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = "python -m bench.drafts_path " + " ".join(sys.argv[1:])
    text = section(rows, figures, when, machine, command.strip())
    print(text)
    if not args.no_readme:
        readme = ROOT / "bench" / "README.md"
        readme.write_text(with_section(readme.read_text(encoding="utf-8"), text), encoding="utf-8")


if __name__ == "__main__":
    main()
