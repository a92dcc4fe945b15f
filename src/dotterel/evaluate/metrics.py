"""Counting helpers shared by the scorers: accuracies, precision/recall/F1, confusion tables."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Ratio:
    """``correct`` out of ``total``; :attr:`value` is ``None`` when nothing was counted."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        """Count one case."""
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float | None:
        """The fraction correct, or ``None`` for an empty count."""
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        """Counts and value, JSON-ready."""
        return {"correct": self.correct, "total": self.total, "value": _round(self.value)}


@dataclass
class PRF:
    """True positives, false positives and false negatives, with the usual scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp), ``None`` when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn), ``None`` when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall (0 when either is 0 or missing)."""
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        if not p or not r:
            return 0.0
        return 2 * p * r / (p + r)

    @property
    def support(self) -> int:
        """The number of gold items."""
        return self.tp + self.fn

    def __iadd__(self, other: PRF) -> PRF:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores, JSON-ready."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "support": self.support,
        }


@dataclass
class SplitPRF:
    """Precision and recall counted separately (when one gold item may be hit twice)."""

    precision_hits: Ratio = field(default_factory=Ratio)
    recall_hits: Ratio = field(default_factory=Ratio)

    @property
    def f1(self) -> float | None:
        """Harmonic mean of the two ratios."""
        p, r = self.precision_hits.value, self.recall_hits.value
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Scores and counts, JSON-ready."""
        return {
            "precision": _round(self.precision_hits.value),
            "recall": _round(self.recall_hits.value),
            "f1": _round(self.f1),
            "predicted": self.precision_hits.total,
            "gold": self.recall_hits.total,
        }


class Confusion:
    """A gold-label x predicted-label count table."""

    def __init__(self) -> None:
        self.table: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def add(self, gold: str, predicted: str) -> None:
        """Count one (gold, predicted) pair."""
        self.table[gold][predicted] += 1

    def labels(self) -> list[str]:
        """Every label seen on either side, sorted, with the empty label ``-`` last."""
        seen = set(self.table) | {p for row in self.table.values() for p in row}
        return sorted(seen - {"-"}) + (["-"] if "-" in seen else [])

    def per_class(self, labels: Iterable[str] | None = None) -> dict[str, PRF]:
        """Per-label precision/recall/F1 read off the table."""
        out: dict[str, PRF] = {}
        for label in labels if labels is not None else self.labels():
            if label == "-":
                continue
            tp = self.table[label][label]
            fn = sum(self.table[label].values()) - tp
            fp = sum(row[label] for g, row in self.table.items() if g != label)
            out[label] = PRF(tp, fp, fn)
        return out

    def to_dict(self) -> dict[str, dict[str, int]]:
        """``{gold: {predicted: count}}``, JSON-ready."""
        return {g: dict(sorted(row.items())) for g, row in sorted(self.table.items())}


def macro_f1(scores: Iterable[PRF]) -> float | None:
    """The mean F1 over classes that have gold support."""
    values = [s.f1 or 0.0 for s in scores if s.support]
    return sum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
