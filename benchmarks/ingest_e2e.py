"""End-to-end ingest against bare parsing, on the same articles, on all cores.

    .venv/bin/python benchmarks/ingest_e2e.py [--articles 200] [--workers 2]

Measures ``dotterel ingest`` (read files, code on N worker processes, write the store) against
``nlp.pipe(n_process=N)`` over the same texts. The figure is the ratio of articles/s (issue 5
aims for >= 0.8), with CPU time beside wall time because other work on a shared machine moves
wall time. Also reports the peak memory of the largest worker process (budget: 1 GB).
Texts: PolNeAR article files from ../shared/gold/polnear when present, else the bundled samples.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import load_texts  # noqa: E402


def cpu_now() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    from dotterel.engines.local import run
    from dotterel.nlp import load_pipeline

    texts, where = load_texts(args.articles)
    print(f"texts: {where}; {sum(len(t.split()) for t in texts):,} words; {args.workers} workers")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for n, text in enumerate(texts):
            (folder / f"{n:05d}.txt").write_text(text, encoding="utf-8")

        nlp = load_pipeline()
        list(nlp.pipe(texts[:3]))
        cpu0, wall0 = cpu_now(), time.perf_counter()
        parsed = sum(1 for _ in nlp.pipe(texts, batch_size=16, n_process=args.workers))
        bare_wall, bare_cpu = time.perf_counter() - wall0, cpu_now() - cpu0
        bare_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        store = Path(tmp) / "events.db"
        cpu0, wall0 = cpu_now(), time.perf_counter()
        summary = run([str(folder)], store, workers=args.workers)
        ingest_wall, ingest_cpu = time.perf_counter() - wall0, cpu_now() - cpu0
        # Children's peak RSS is the largest single child so far (bare parse workers included).
        worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(
        f"  bare nlp.pipe(n_process={args.workers}): {parsed} docs, wall {bare_wall:.1f} s "
        f"({parsed / bare_wall:.2f} articles/s), cpu {bare_cpu:.1f} s, "
        f"largest worker {bare_rss:.0f} MB"
    )
    print(f"  dotterel ingest --workers {args.workers}: {summary}")
    print(
        f"      wall {ingest_wall:.1f} s ({len(texts) / ingest_wall:.2f} articles/s), "
        f"cpu {ingest_cpu:.1f} s"
    )
    print(
        f"  ratio of articles/s, ingest / bare parse: wall {bare_wall / ingest_wall:.2f}, "
        f"cpu {bare_cpu / ingest_cpu:.2f} (goal >= 0.8)"
    )
    print(f"  peak memory of the largest worker so far: {worker_rss:.0f} MB (budget 1024 MB)")
    print(f"  load average now: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
