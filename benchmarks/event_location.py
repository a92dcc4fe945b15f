"""Event-location attachment: precision and recall on ../shared/gold/event_location.

Each gold line is one sentence with the event's VERB span and the LOCATION span(s) where that
event happened, or none. The sentence is parsed, the gold verb becomes the trigger, and
``PlaceFinder.scan(doc).for_trigger(trigger)`` predicts a location. A prediction is correct when
it overlaps a gold LOCATION span. Broken span offsets are rebuilt from the token indices.

    TP = predicted and overlapping a gold span; FP = predicted otherwise;
    FN = a gold location exists and the prediction is missing or wrong.

Also prints the cost of place and date scanning next to the parse time of the same sentences.

    .venv/bin/python benchmarks/event_location.py [--sample N] [--seed 13]

Without --sample the whole file (about 9,200 sentences) is used. Exits cleanly when
../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import spacy

from dotterel.dates import DateResolver
from dotterel.places import PlaceFinder
from dotterel.settings import DEFAULT_MODEL


def shared_dir() -> Path:
    """The team's shared folder: $DOTTEREL_SHARED or ../shared beside the repository."""
    explicit = os.environ.get("DOTTEREL_SHARED")
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parents[1] / ".." / "shared"


def span_offsets(record: dict[str, Any], span: dict[str, Any]) -> tuple[int, int] | None:
    """Character offsets of a gold span, rebuilt from its token indices when they are sound."""
    tokens = record["tokens"]
    text = record["text"]
    candidates = []
    if 0 <= span["token_start"] <= span["token_end"] < len(tokens):
        candidates.append((tokens[span["token_start"]]["start"], tokens[span["token_end"]]["end"]))
    if span["start"] < span["end"] <= len(text):
        candidates.append((span["start"], span["end"]))
    wanted = span.get("text")
    for start, end in candidates:
        if wanted is None or text[start:end] == wanted:
            return start, end
    if wanted and wanted in text:
        start = text.index(wanted)
        return start, start + len(wanted)
    return candidates[0] if candidates else None


def read_gold(path: Path) -> list[tuple[str, tuple[int, int], list[tuple[int, int]]]]:
    """(sentence, verb offsets, gold location offsets) for every usable line."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            verb = None
            locations = []
            for span in record.get("spans", []):
                offsets = span_offsets(record, span)
                if offsets is None:
                    continue
                if span["label"] == "VERB":
                    verb = offsets
                elif span["label"] == "LOCATION":
                    locations.append(offsets)
            if verb is not None:
                items.append((record["text"], verb, locations))
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=None, help="score a random sample")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show", type=int, default=0, help="print this many errors")
    args = parser.parse_args()
    path = shared_dir() / "gold" / "event_location" / "event_location_dev.jsonl"
    if not path.is_file():
        print(f"no gold data at {path}: nothing to measure")
        return 0
    items = read_gold(path)
    if args.sample:
        items = random.Random(args.seed).sample(items, min(args.sample, len(items)))
    nlp = spacy.load(DEFAULT_MODEL)
    finder = PlaceFinder()
    dates = DateResolver()
    _ = finder.geocoder.gazetteer
    dates.scan(nlp("It happened on Monday, March 5, 2018."), "2018-03-07")  # warm dateparser

    counts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    parse_s = places_s = dates_s = 0.0
    shown = 0
    started = time.perf_counter()
    docs = nlp.pipe(item[0] for item in items)
    for text, (v_start, v_end), gold in items:
        t0 = time.perf_counter()
        doc = next(docs)
        t1 = time.perf_counter()
        places = finder.scan(doc)
        t2 = time.perf_counter()
        article_dates = dates.scan(doc, "2018-03-07")
        t3 = time.perf_counter()
        parse_s, places_s, dates_s = parse_s + t1 - t0, places_s + t2 - t1, dates_s + t3 - t2
        trigger_span = doc.char_span(v_start, v_end, alignment_mode="expand")
        if trigger_span is None:
            counts["no-trigger"] += 1
            continue
        trigger = trigger_span.root
        predicted = places.for_trigger(trigger)
        article_dates.for_trigger(trigger)
        hit = predicted is not None and any(
            predicted.start is not None
            and predicted.end is not None
            and predicted.start < g_end
            and g_start < predicted.end
            for g_start, g_end in gold
        )
        if predicted is not None:
            sources[predicted.source or "?"] += 1
            counts["tp" if hit else "fp"] += 1
        if gold and not hit:
            counts["fn"] += 1
        if args.show and shown < args.show and (predicted is not None or gold) and not hit:
            shown += 1
            print(
                f"- {text}\n  verb={text[v_start:v_end]!r} gold={[text[s:e] for s, e in gold]}"
                f" predicted={predicted.text if predicted else None!r}"
            )
    elapsed = time.perf_counter() - started
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    with_gold = sum(1 for item in items if item[2])
    print(
        f"sentences {len(items)} (with a gold location {with_gold}),"
        f" seed {args.seed if args.sample else '-'}"
    )
    print(
        f"P {100 * precision:.1f}  R {100 * recall:.1f}  F1 {100 * f1:.1f}"
        f"  (tp {tp} fp {fp} fn {fn})"
    )
    print(f"predictions by source: {dict(sources)}; unmapped triggers {counts['no-trigger']}")
    print(
        f"time: parse {parse_s:.1f} s, places {places_s:.2f} s ({100 * places_s / parse_s:.1f}%"
        f" of parse), dates {dates_s:.2f} s ({100 * dates_s / parse_s:.1f}%), total {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
