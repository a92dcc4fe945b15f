"""Throughput: bare spaCy parsing against the full coder, on the same articles, in one run.

    .venv/bin/python benchmarks/throughput.py [--articles N] [--processes 2]

Four timings over the same texts: ``nlp.pipe`` alone and the full coder, each in one process
and on all cores (``n_process``). The coder's budget is at most 25% on top of the bare parse.
Texts: the PolNeAR article files in ../shared/gold/polnear when present (real news), else the
bundled sample articles repeated.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DOTTEREL_SHARED") or REPO.parent / "shared")


def load_texts(limit: int) -> tuple[list[str], str]:
    """Up to ``limit`` article texts and a description of where they came from."""
    polnear = SHARED / "gold" / "polnear"
    files = sorted(polnear.glob("*/**/*.txt")) if polnear.is_dir() else []
    if files:
        texts = []
        seen = set()
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace")
            if text in seen:
                continue
            seen.add(text)
            texts.append(text)
            if len(texts) >= limit:
                break
        return texts, f"PolNeAR article texts ({len(texts)} files)"
    from dotterel.cli.code import sample_articles

    samples = [a.text for a in sample_articles()]
    texts = [samples[i % len(samples)] for i in range(limit)]
    return texts, f"bundled samples repeated ({len(texts)} texts; ../shared absent)"


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=1, help="repeat single-process timings")
    args = parser.parse_args()

    import spacy

    from dotterel.api import make_article
    from dotterel.coder import Coder
    from dotterel.nlp import load_pipeline

    texts, where = load_texts(args.articles)
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {where}; {words:,} words")

    nlp = load_pipeline()
    coder = Coder(nlp=nlp)
    articles = [make_article(t, date="2020-01-15") for t in texts]
    # Warm up caches (lexemes, gazetteers, dateparser) so neither side pays first-use costs.
    list(coder.code_articles(articles[:5]))

    bare_runs, coder_runs = [], []
    events = 0
    for _ in range(args.repeat):
        t, _docs = timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=16)))
        bare_runs.append(t)
        t, coded = timed(lambda: list(coder.code_articles(articles, batch_size=16)))
        coder_runs.append(t)
        events = sum(len(c.events) for c in coded)
    bare, full = statistics.median(bare_runs), statistics.median(coder_runs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # All cores: the same pipeline with the dotterel component added, through spaCy's own
    # multiprocessing, against the bare pipeline through the same path.
    bare_mp, _ = timed(
        lambda: sum(1 for _ in nlp.pipe(texts, batch_size=16, n_process=args.processes))
    )
    nlp_full = spacy.load(nlp.path) if nlp.path else load_pipeline()
    nlp_full.add_pipe("dotterel")
    full_mp, n_mp = timed(
        lambda: sum(
            len(d._.events)
            for d in nlp_full.pipe(texts, batch_size=16, n_process=args.processes)
        )
    )

    def line(name: str, seconds: float) -> str:
        return f"  {name:<34} {seconds:8.2f} s  {len(texts) / seconds:8.1f} articles/s  {words / seconds:9.0f} words/s"

    print(f"single process ({len(texts)} articles, {events} events):")
    print(line("bare nlp.pipe", bare))
    print(line("full coder (parse + code)", full))
    print(f"  coder overhead: {100 * (full / bare - 1):+.1f}% (budget +25%)")
    print(f"  peak RSS of this process: {rss:.0f} MB")
    print(f"{args.processes} processes ({n_mp} events):")
    print(line(f"bare nlp.pipe(n_process={args.processes})", bare_mp))
    print(line(f"with dotterel component", full_mp))
    print(f"  coder overhead: {100 * (full_mp / bare_mp - 1):+.1f}%")
    print(f"  speed-up of the coder on {args.processes} processes: {full / full_mp:.2f}x")
    return 0 if full / bare <= 1.25 else 1


if __name__ == "__main__":
    sys.exit(main())
