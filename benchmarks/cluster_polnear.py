"""Event clustering on real coded news: the PolNeAR articles (train and dev) from ../shared.

    .venv/bin/python benchmarks/cluster_polnear.py [--workers 2] [--folder /tmp/dotterel-bench]

Codes the 924 PolNeAR articles once with the real coder (publisher as outlet, publication date
from the corpus metadata) into ``--folder/cluster_polnear.db`` without clustering (kept for
later runs; delete it to recode), then on that store:

* ``update_clusters`` over every event in pk order (steps of 1,000) and in ingest-sized steps
  (320 events): µs per event;
* ``rebuild_clusters``: µs per event;
* events, clusters and the shrink factor; clusters reported by two or more articles and by two
  or more outlets; the five most reported clusters (type, codes, dates, counts: no text);
* pair agreement of incremental and rebuild clustering.

The corpus text stays in ../shared and the temporary folder; nothing of it is printed. Skips
(exit 0 with a message) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from dotterel.dedup.compare import pair_agreement
from dotterel.store import EventStore

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DOTTEREL_SHARED") or REPO / ".." / "shared")


def corpus(folder: Path) -> Path | None:
    """Write the PolNeAR train and dev articles as JSONL; None when ../shared is absent."""
    polnear = SHARED / "gold" / "polnear"
    if not (polnear / "metadata.tsv").is_file():
        return None
    with open(polnear / "metadata.tsv", encoding="utf-8") as handle:
        meta = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
    out = folder / "polnear.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        for split in ("train", "dev"):
            for path in sorted((polnear / split / "text").glob("*.txt")):
                row = meta.get(path.stem, {})
                record = {
                    "id": path.stem,
                    "text": path.read_text(encoding="utf-8", errors="replace"),
                    "date": row.get("publication_date"),
                    "source": row.get("publisher"),
                    "title": row.get("title"),
                }
                handle.write(json.dumps(record) + "\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folder", default="/tmp/dotterel-bench")
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cluster_polnear.db"
    if not path.exists():
        source = corpus(folder)
        if source is None:
            print("skipped: ../shared/gold/polnear is absent")
            return 0
        from dotterel.engines.local import run

        summary = run([str(source)], path, workers=args.workers, cluster=False)
        print(f"coded (not part of the figures): {summary.describe()}")
    with EventStore(path) as store:
        n = store.count()
        with store._write() as conn:
            for table in ("clusters", "cluster_members", "cluster_keys", "cluster_rebuild"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("UPDATE cluster_progress SET watermark = 0, rebuild_upto = NULL")
        half = n // 2
        whole = timed(lambda: store.update_clusters(max_events=half))
        steps = timed(lambda: store.update_clusters(step_events=320))
        incremental = dict(store.conn.execute("SELECT event_pk, cluster_pk FROM cluster_members"))
        report(store, n, "incremental (pk order)")
        print(f"  first {half:,} events in steps of 1,000: {per_event(whole, half)}")
        print(f"  the other {n - half:,} in steps of 320:   {per_event(steps, n - half)}")
        rebuild = timed(store.rebuild_clusters)
        rebuilt = dict(store.conn.execute("SELECT event_pk, cluster_pk FROM cluster_members"))
        report(store, n, "rebuild (precise dates first)")
        print(f"  {per_event(rebuild, n)}")
        r = pair_agreement(rebuilt, incremental)
        print(
            f"pair agreement, incremental vs rebuild: precision {r.precision:.4f} recall "
            f"{r.recall:.4f} F1 {r.f1:.4f} adjusted Rand {r.adjusted_rand:.4f} "
            f"({r.pairs_a:,} / {r.pairs_b:,} pairs together)"
        )
    return 0


def timed(fn: Any) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def per_event(seconds: tuple[float, float], n: int) -> str:
    wall, cpu = seconds
    return f"{wall / max(n, 1) * 1e6:.0f} µs/event wall, {cpu / max(n, 1) * 1e6:.0f} CPU"


def report(store: EventStore, n: int, name: str) -> None:
    """Counts of the store's clusters."""
    q = store.conn.execute
    clusters = q("SELECT COUNT(*) FROM clusters").fetchone()[0]
    multi_articles = q("SELECT COUNT(*) FROM clusters WHERE article_count > 1").fetchone()[0]
    multi_sources = q("SELECT COUNT(*) FROM clusters WHERE source_count > 1").fetchone()[0]
    print(
        f"{name}: {n:,} events in {clusters:,} clusters (shrink {n / clusters:.3f}x); "
        f"{multi_articles:,} clusters reported by 2+ articles, {multi_sources:,} by 2+ outlets"
    )
    top = q(
        "SELECT event_type, actor_codes, recipient_codes, date_start, date_end, mention_count, "
        "article_count, source_count FROM clusters ORDER BY article_count DESC, mention_count "
        "DESC, pk LIMIT 5"
    ).fetchall()
    for row in top:
        etype, actors, recipients, start, end, mentions, articles, sources = tuple(row)
        print(
            f"  {etype:9} {actors or '-'} -> {recipients or '-'}  {start}..{end}  "
            f"mentions {mentions}, articles {articles}, outlets {sources}"
        )


if __name__ == "__main__":
    sys.exit(main())
