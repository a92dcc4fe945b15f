"""Load test of the HTTP API: concurrent clients on /api/v1/events while a batch ingests.

    .venv/bin/python benchmarks/load_api.py [--events 100000] [--clients 50] [--seconds 30]
        [--think-ms 0] [--path /tmp/...] [--rebuild] [--no-baseline] [--workers N]
        [--ingest-coder fake|dotterel] [--ingest-nice 0-19]

Builds (once; reused while it exists, unless ``--rebuild``) a store of synthetic coded articles
(``dotterel.store.synthetic``, ten events each), copies it, starts ``dotterel serve`` on the
copy in a subprocess on 127.0.0.1 and a free port, and runs ``--clients`` concurrent clients
(asyncio, one keep-alive connection each) against ``GET /api/v1/events`` with varied filters,
page sizes, counts and cursor paging, for ``--seconds``. Each client sends its next request as
soon as the previous one is answered (plus ``--think-ms``), so latency includes the time spent
queued at the server.

Two phases, measured in the same run: the baseline (reads only, from a freshly started
server) and the load (the same reads while ``dotterel ingest --coder fake`` writes new articles
to the same store; the phase starts when the ingest has stored its first batch). The fake coder
writes like a real ingest but spends almost no CPU; ``--ingest-coder dotterel`` runs the real
spaCy coder in one worker process instead, which takes one of the machine's cores, and
``--ingest-nice`` runs it with ``dotterel ingest --nice`` as a batch job beside a server should
be run. Printed:
requests/s, p50/p90/p99/max latency, errors (any non-200 answer or failed request), requests
resent after the server closed an idle connection, and what the ingest wrote during the phase.
Goal: zero errors and p99 under 200 ms. Only loopback addresses are used, every loop is bounded
by the deadline, and every process started is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from dotterel.server.app import DEFAULT_WORKERS
from dotterel.store import EventStore
from dotterel.store.synthetic import build_synthetic_store

DEFAULT_PATH = Path(tempfile.gettempdir()) / "dotterel-load-bench" / "events-100k.db"
HOST = "127.0.0.1"
#: A request not answered within this many seconds counts as an error.
REQUEST_TIMEOUT = 10.0
CLI = "import sys; from dotterel.cli import main; sys.exit(main(sys.argv[1:]))"

# Filters a dashboard user would send; values exist in the synthetic store.
FILTERS: list[dict[str, Any]] = [
    {},
    {"actor": "USA"},
    {"actor": "RUS", "event_type": "ASSAULT"},
    {"recipient": "UKR"},
    {"dyad": "USA-IRN"},
    {"event_type": "PROTEST,ASSAULT"},
    {"status": "occurred", "certainty": "reported"},
    {"quad_code": "4"},
    {"country": "UA"},
    {"place": "Kessin"},
    {"date_from": "2022-01", "date_to": "2022-06"},
    {"date_from": "2023"},
    {"text": "ceasefire"},
    {"text": "border troops"},
    {"actor": "CHN", "date_from": "2021-06", "date_to": "2022-12"},
    {"event_type": "CONSULT", "country": "DE"},
]
SENTENCES = (
    "Arland attacked a convoy from Brevia near the river.",
    "Students protested outside the parliament of Corvin.",
    "Envoys from Dalmar will meet Esken next week.",
    "Farrow accused Gask of spying on its ports.",
    "The harvest in the valley was good this year.",
)


@dataclass
class Tally:
    """Latencies and errors of one phase."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    retries: int = 0

    def report(self, name: str, seconds: float) -> dict[str, Any]:
        lat = sorted(self.latencies)
        n = len(lat)

        def pct(p: float) -> float:
            return lat[min(n - 1, int(p * n))] * 1000 if n else float("nan")

        out = {
            "phase": name,
            "requests": n + sum(self.errors.values()),
            "req_per_s": round((n + sum(self.errors.values())) / seconds, 1),
            "p50_ms": round(pct(0.50), 1),
            "p90_ms": round(pct(0.90), 1),
            "p99_ms": round(pct(0.99), 1),
            "max_ms": round(lat[-1] * 1000, 1) if n else float("nan"),
            "mean_ms": round(statistics.fmean(lat) * 1000, 1) if n else float("nan"),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "retries": self.retries,
        }
        return out


def build(path: Path, n_events: int) -> None:
    """Create the store from synthetic articles."""
    seconds = build_synthetic_store(path, n_events)
    print(f"built {n_events:,} events in {seconds:.0f} s", flush=True)


def prepare(path: Path) -> None:
    """Bring the kept store up to date: migrated, and every event in a cluster.

    A store kept from an older dotterel has no clusters; the ingest would then first place
    all of its events, which takes minutes, instead of writing new articles while the reads
    are measured. Done once per kept store.
    """
    with EventStore(path) as store:
        progress = store.cluster_progress()
        if progress.watermark < progress.last_event_pk or progress.rebuild_upto is not None:
            started = time.monotonic()
            store.update_clusters()
            print(f"clustered the kept store in {time.monotonic() - started:.0f} s", flush=True)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def env() -> dict[str, str]:
    """This checkout's sources first on the path of every subprocess."""
    out = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    out["PYTHONPATH"] = src + os.pathsep + out.get("PYTHONPATH", "")
    return out


def start_server(store: Path, port: int, log: Path, workers: int) -> subprocess.Popen[bytes]:
    """``dotterel serve`` on loopback; returns once /api/v1/health answers and every worker
    process has started (at most 60 s).

    A worker still starting accepts no connection, so clients that connect before it is up
    all keep their connections to the others for the whole phase.
    """
    args = ["serve", "--store", str(store), "--host", HOST, "--port", str(port)]
    args += ["--workers", str(workers), "--log-level", "info"]
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, *args],
        env=env(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text()[-2000:]}")
        try:
            answered = httpx.get(f"http://{HOST}:{port}/api/v1/health", timeout=2)
            started = log.read_text().count("Application startup complete")
            if answered.status_code == 200 and started >= workers:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer within 60 s")


def ingest_corpus(path: Path, n: int) -> None:
    """A JSON Lines corpus of ``n`` new articles for the fake coder (two events each)."""
    rng = random.Random(11)
    with path.open("w") as fh:
        for i in range(n):
            text = " ".join(rng.sample(SENTENCES, 3)) + f" Dispatch {i}."
            fh.write(json.dumps({"id": f"load-{i:06d}", "text": text, "date": "2024-05-01"}))
            fh.write("\n")


class Connection:
    """One keep-alive HTTP/1.1 connection to the server, as a browser keeps one per site.

    A minimal client on asyncio streams: each request costs the load generator a few tens of
    microseconds. (httpx's client was the bottleneck here: on 2 cores it did at most about 60
    requests a second with 50 connections, even against a server answering a constant, so the
    measured latency was mostly the client's own queueing.) Responses must carry a
    ``Content-Length`` or be chunked, which every response of the app is.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = False
        self.retried = False

    async def get(self, target: str) -> tuple[int, bytes]:
        """Status and body of ``GET target``.

        A request sent on a kept-alive connection that the server had just closed fails before
        any byte of the answer arrives; like browsers (RFC 9112, 9.3.1), it is sent once more
        on a new connection, and that retry is counted by the caller via ``retried``.
        """
        self.retried = False
        if self.writer is not None and self.used:
            try:
                return await self._exchange(target)
            except _NothingReceived:
                self.close()
                self.retried = True
        return await self._exchange(target)

    async def _exchange(self, target: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.used = False
        assert self.reader is not None
        self.used = True
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAccept: */*\r\n\r\n"
        try:
            self.writer.write(request.encode("ascii"))
            await self.writer.drain()
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                raise
            raise _NothingReceived from exc
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        else:
            raise ValueError(f"a response without a length: {lines[0]}")
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def next_cursor(body: bytes) -> str | None:
    """The ``next_cursor`` of a page, read from the end of the body.

    The load generator shares the machine's cores with the server, so it does not parse the
    whole page (about 60 kB) as JSON just to find the cursor. The key can only occur once
    unescaped, after the items.
    """
    at = body.rfind(b'"next_cursor":')
    if at < 0:
        raise ValueError("a page without next_cursor")
    value = body[at + len(b'"next_cursor":') :].split(b",", 1)[0]
    return None if value == b"null" else str(json.loads(value))


class _NothingReceived(Exception):
    """The connection failed before any byte of the answer (closed while idle)."""


async def client(
    host: str, port: int, seed: int, deadline: float, think: float, tally: Tally
) -> None:
    """One user: a filtered page, sometimes with a count, sometimes the next pages."""
    rng = random.Random(seed)
    conn = Connection(host, port)
    try:
        while time.monotonic() < deadline:
            params: dict[str, Any] = dict(rng.choice(FILTERS))
            params["limit"] = rng.choice((25, 50, 100))
            if rng.random() < 0.2:
                params["count"] = "true"
            for _page in range(rng.choice((1, 1, 1, 2, 3))):
                if time.monotonic() >= deadline:
                    return
                target = "/api/v1/events?" + urlencode(params)
                start = time.perf_counter()
                try:
                    status, body = await asyncio.wait_for(conn.get(target), REQUEST_TIMEOUT)
                except (TimeoutError, OSError, ValueError, _NothingReceived) as exc:
                    tally.errors[type(exc).__name__] += 1
                    conn.close()
                    break
                elapsed = time.perf_counter() - start
                tally.retries += conn.retried
                if status != 200:
                    tally.errors[f"HTTP {status}"] += 1
                    break
                tally.latencies.append(elapsed)
                cursor = next_cursor(body)
                if not cursor:
                    break
                params = {k: v for k, v in params.items() if k != "count"} | {"cursor": cursor}
                if think:
                    await asyncio.sleep(think)
            if think:
                await asyncio.sleep(think)
    finally:
        conn.close()


async def run_phase(port: int, clients: int, seconds: float, think: float) -> Tally:
    """``clients`` concurrent clients, each on its own connection, for ``seconds``."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(client(HOST, port, seed, deadline, think, tally) for seed in range(clients))
    )
    return tally


def stored(store: Path) -> tuple[int, int]:
    """Articles and events in the store."""
    with EventStore(store, readonly=True) as s:
        stats = s.stats()
    return stats["articles"], stats["events"]


def wait_for_writes(
    store: Path, events0: int, writer: subprocess.Popen[bytes], *, deadline: float
) -> float:
    """Seconds until the writer has stored its first events (it must not exit first)."""
    started = time.monotonic()
    while time.monotonic() < deadline:
        if stored(store)[1] > events0:
            return time.monotonic() - started
        if writer.poll() is not None:
            raise SystemExit(f"the ingest exited before writing: {writer.returncode}")
        time.sleep(0.1)
    raise SystemExit("the ingest stored nothing within 120 s")


def main() -> None:
    """Build or reuse the store, serve it, and measure both phases."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think-ms", type=float, default=0.0)
    parser.add_argument("--ingest-articles", type=int, default=3000)
    parser.add_argument("--path", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="server processes")
    parser.add_argument(
        "--ingest-coder",
        choices=("fake", "dotterel"),
        default="fake",
        help="fake: a writer spread over the phase (store writes, little CPU); dotterel: the real "
        "spaCy coder in one worker process, which takes a whole core from the server",
    )
    parser.add_argument(
        "--ingest-nice",
        type=int,
        default=0,
        help="the ingest's --nice (0-19): how far its CPU priority is lowered below the server's",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 500 or not 1 <= args.seconds <= 600:
        raise SystemExit("--clients must be 1-500 and --seconds 1-600")
    source = args.path or DEFAULT_PATH.with_name(f"events-{args.events}.db")
    if args.rebuild or not source.exists():
        build(source, args.events)
    prepare(source)

    work = Path(tempfile.mkdtemp(prefix="dotterel-load-"))
    store = work / "events.db"
    shutil.copyfile(source, store)  # the ingest writes to a copy; the built store stays clean
    with EventStore(store):
        pass  # a store kept from an older dotterel is migrated (the server opens it read-only)
    corpus = work / "corpus.jsonl"
    ingest_corpus(corpus, args.ingest_articles)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(store, port, work / "server.log", args.workers)
    writer: subprocess.Popen[bytes] | None = None
    results = []
    try:
        articles0, events0 = stored(store)
        print(
            f"store: {events0:,} events, {articles0:,} articles; server {base}, "
            f"{args.workers} worker processes; "
            f"{args.clients} clients, {args.seconds:.0f} s per phase",
            flush=True,
        )
        think = args.think_ms / 1000
        if not args.no_baseline:
            tally = asyncio.run(run_phase(port, args.clients, args.seconds, think))
            results.append(tally.report("reads only", args.seconds))
        # Spread the ingest over the phase: the fake coder sleeps this long per article.
        delay = max(args.seconds * 0.9 / args.ingest_articles, 0.0)
        ingest = ["ingest", str(corpus), "--store", str(store), "--coder", args.ingest_coder]
        ingest += ["--workers", "1", "--batch-size", "16", "--no-progress", "--json"]
        ingest += ["--nice", str(args.ingest_nice)]
        writer = subprocess.Popen(
            [sys.executable, "-c", CLI, *ingest],
            env=env() | {"DOTTEREL_FAKE_DELAY": f"{delay:.6f}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        started = time.monotonic()
        # The ingest takes seconds to start (imports, its worker process); the phase measures
        # reads while it writes, so it starts once the first batch is stored.
        first = wait_for_writes(store, events0, writer, deadline=started + 120)
        at_start = stored(store)[1]
        tally = asyncio.run(run_phase(port, args.clients, args.seconds, think))
        results.append(tally.report("reads + ingest", args.seconds))
        during = stored(store)[1] - at_start
        still_writing = writer.poll() is None
        out, err = writer.communicate(timeout=args.seconds + 120)
        ingest_seconds = time.monotonic() - started
        if writer.returncode != 0:
            raise SystemExit(f"the ingest failed: {err.decode()[-2000:]}")
        summary = json.loads(out)
        articles1, events1 = stored(store)
    finally:
        if writer is not None and writer.poll() is None:
            writer.kill()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    print()
    head = ("req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors")
    print(f"{'phase':<16}" + "".join(f"{h:>9}" for h in head))
    for r in results:
        cells = ("req_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "errors")
        print(f"{r['phase']:<16}" + "".join(f"{r[c]:>9}" for c in cells))
    if len(results) == 2 and results[0]["p99_ms"]:
        ratio = results[1]["p99_ms"] / results[0]["p99_ms"]
        print(f"p99 with ingest / p99 reads only: {ratio:.2f}")
    print(
        f"ingest: {summary['articles']} articles, {summary['events']} events in "
        f"{ingest_seconds:.1f} s; first batch stored after {first:.1f} s, then the phase began; "
        f"{during:,} events stored during the phase; "
        f"{'still writing' if still_writing else 'finished'} when it ended; store now "
        f"{events1:,} events ({events1 - events0:+,}), {articles1:,} articles"
    )
    for r in results:
        if r["error_kinds"]:
            print(f"errors ({r['phase']}): {r['error_kinds']}")
        if r["retries"]:
            print(f"requests resent on a new connection ({r['phase']}): {r['retries']}")
    verdict = all(r["errors"] == 0 and r["p99_ms"] < 200 for r in results)
    print("goal (no errors, p99 < 200 ms):", "met" if verdict else "NOT met")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
