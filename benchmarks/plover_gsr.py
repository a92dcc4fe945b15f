"""Event type and actor countries on the PLOVER gold-standard records, overall and per type.

Reads ``../shared/gold/plover_gsr_cameo/PLOVER_GSR_CAMEO.txt`` (322 sentences, one coded event
each; older category names mapped: DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE,
FIGHT->ASSAULT), codes every sentence with dotterel and pairs events as ``dotterel eval`` does
(same type at an overlapping trigger, else in the sentence; a coded event of another type at
the trigger is a confusion). Per gold type it prints:

    found         records where dotterel coded an event of the gold type (recall)
    type acc      of the records where dotterel coded something at the gold event, the share
                  with the right type (matched / (matched + confused))
    actor / recipient country
                  on found records whose gold side names a country or organisation: the set of
                  codes is the same (a gold "IGO" accepts any organisation code)

Only one event per sentence is annotated, so other events are not false alarms and no
precision is given. The majority-type baseline (every sentence gets the most frequent gold
type) is measured in the same run.

    .venv/bin/python benchmarks/plover_gsr.py [--limit N] [--model NAME]

Exits cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict

from dotterel.evaluate.codes import known
from dotterel.evaluate.formats import load_gold
from dotterel.evaluate.gold import shared_dir
from dotterel.evaluate.matching import match_events
from dotterel.evaluate.metrics import Ratio
from dotterel.evaluate.scorer import codes
from dotterel.evaluate.systems import code_documents, make_coder


def measure(limit: int | None = None, model: str | None = None) -> dict[str, dict[str, Ratio]]:
    """Per-type ratios (key ``"ALL"`` for the total) of found, type acc and country matches."""
    gold = load_gold("shared", "plover-gsr", limit=limit)
    coded, _ = code_documents(gold.documents, make_coder(model))
    table: defaultdict[str, dict[str, Ratio]] = defaultdict(
        lambda: {k: Ratio() for k in ("found", "type_acc", "actor", "recipient")}
    )
    for doc, events in zip(gold.documents, coded, strict=True):
        for pair in match_events(doc, events):
            if pair.gold is None:
                continue
            for key in (pair.gold.event_type, "ALL"):
                row = table[key]
                row["found"].add(pair.matched)
                if pair.matched or pair.kind == "confused":
                    row["type_acc"].add(pair.matched)
                if not pair.matched or pair.coded is None:
                    continue
                for side in ("actor", "recipient"):
                    refs = getattr(pair.gold, side)
                    if refs and any(known(r.code) for r in refs):
                        generic = any(r.code == "IGO" for r in refs)
                        got = codes(getattr(pair.coded, side), generic=generic)
                        row[side].add(codes(refs, generic=generic) == got)
    return dict(table)


def majority_baseline(limit: int | None = None) -> tuple[str, float]:
    """The most frequent gold type and the share of records it would get right."""
    gold = load_gold("shared", "plover-gsr", limit=limit)
    counts = Counter(d.events[0].event_type for d in gold.documents)
    top, n = counts.most_common(1)[0]
    return top, n / len(gold.documents)


def main(argv: list[str] | None = None) -> int:
    """Print the per-type table; exit 0 without ../shared."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N records")
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path")
    args = parser.parse_args(argv)
    if shared_dir() is None:
        print("../shared is absent: nothing to measure (set DOTTEREL_SHARED to point at it)")
        return 0
    started = time.perf_counter()
    table = measure(args.limit, args.model)
    seconds = time.perf_counter() - started
    print(f"PLOVER gold-standard records, coded in {seconds:.1f} s\n")
    print(f"{'type':<11}{'records':>8}{'found':>8}{'type acc':>10}{'actor cc':>10}{'recip cc':>10}")
    for name in sorted(k for k in table if k != "ALL") + ["ALL"]:
        row = table[name]
        print(
            f"{name:<11}{row['found'].total:>8}{_pct(row['found']):>8}{_pct(row['type_acc']):>10}"
            f"{_pct(row['actor']):>10}{_pct(row['recipient']):>10}"
        )
    top, share = majority_baseline(args.limit)
    found = table["ALL"]["found"].value or 0.0
    print(f"\nmajority baseline (always {top}): {100 * share:.1f}% of records")
    print(f"found / baseline = x{found / share:.2f}" if share else "")
    print("anchor: ZSP zero-shot PLOVER classification, 0.82 macro-F1 given the actors")
    return 0


def _pct(ratio: Ratio) -> str:
    return "-" if ratio.value is None else f"{100 * ratio.value:.1f}"


if __name__ == "__main__":
    sys.exit(main())
