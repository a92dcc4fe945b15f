"""How far two clusterings of the same events agree, counted over pairs of events.

Used to compare incremental clustering with a from-scratch rebuild (they can differ with the
order events arrive in), and clusterings with a known truth. Counts come from the contingency
table, so a million events cost one pass, not a million squared pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class PairAgreement:
    """Pair counts of two clusterings ``a`` and ``b`` of the same ``events``.

    ``precision`` is the share of pairs ``b`` puts together that ``a`` also puts together,
    ``recall`` the share of ``a``'s pairs that ``b`` keeps together; ``rand`` the share of all
    pairs both treat alike, ``adjusted_rand`` the same corrected for chance (1 when identical).
    """

    events: int
    clusters_a: int
    clusters_b: int
    pairs_a: int
    pairs_b: int
    pairs_both: int
    precision: float
    recall: float
    f1: float
    rand: float
    adjusted_rand: float

    def to_dict(self) -> dict[str, float | int]:
        """The counts and scores as a JSON-ready dict."""
        return asdict(self)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_agreement(a: Mapping[K, Hashable], b: Mapping[K, Hashable]) -> PairAgreement:
    """Agreement of two event → cluster assignments over the events both assign."""
    shared = a.keys() & b.keys()
    cells = Counter((a[e], b[e]) for e in shared)
    rows = Counter(a[e] for e in shared)
    cols = Counter(b[e] for e in shared)
    both = sum(_pairs(n) for n in cells.values())
    in_a = sum(_pairs(n) for n in rows.values())
    in_b = sum(_pairs(n) for n in cols.values())
    total = _pairs(len(shared))
    precision = both / in_b if in_b else 1.0
    recall = both / in_a if in_a else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    rand = (total + 2 * both - in_a - in_b) / total if total else 1.0
    expected = in_a * in_b / total if total else 0.0
    top = (in_a + in_b) / 2
    adjusted = (both - expected) / (top - expected) if top != expected else 1.0
    return PairAgreement(
        events=len(shared),
        clusters_a=len(rows),
        clusters_b=len(cols),
        pairs_a=in_a,
        pairs_b=in_b,
        pairs_both=both,
        precision=precision,
        recall=recall,
        f1=f1,
        rand=rand,
        adjusted_rand=adjusted,
    )
