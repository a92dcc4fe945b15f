"""Pair agreement between two clusterings of the same events."""

from __future__ import annotations

import itertools

import pytest

from dotterel.dedup.compare import pair_agreement


def _brute(a: dict[str, int], b: dict[str, int]) -> tuple[int, int, int, int]:
    """Pairs together in a, in b, in both, and all pairs, by enumeration."""
    in_a = in_b = both = total = 0
    for x, y in itertools.combinations(sorted(a), 2):
        same_a, same_b = a[x] == a[y], b[x] == b[y]
        in_a += same_a
        in_b += same_b
        both += same_a and same_b
        total += 1
    return in_a, in_b, both, total


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"e1": 1, "e2": 1, "e3": 2, "e4": 2}, {"e1": 7, "e2": 7, "e3": 7, "e4": 8}),
        ({"e1": 1, "e2": 2, "e3": 3}, {"e1": 1, "e2": 1, "e3": 1}),
        ({f"e{i}": i % 3 for i in range(12)}, {f"e{i}": i % 4 for i in range(12)}),
    ],
)
def test_pair_agreement_counts_pairs_like_enumeration(a, b):
    r = pair_agreement(a, b)
    in_a, in_b, both, total = _brute(a, b)
    assert (r.pairs_a, r.pairs_b, r.pairs_both) == (in_a, in_b, both)
    assert r.precision == pytest.approx(both / in_b if in_b else 1.0)
    assert r.recall == pytest.approx(both / in_a if in_a else 1.0)
    assert r.rand == pytest.approx((total + 2 * both - in_a - in_b) / total)


@pytest.mark.parametrize("n", [5, 40])
def test_pair_agreement_identical_clusterings_score_one(n):
    a = {f"e{i}": i // 3 for i in range(n)}
    b = {k: f"renamed-{v}" for k, v in a.items()}
    r = pair_agreement(a, b)
    assert (r.precision, r.recall, r.f1, r.rand, r.adjusted_rand) == (1.0, 1.0, 1.0, 1.0, 1.0)


@pytest.mark.parametrize("extra", ["only-in-b"])
def test_pair_agreement_uses_shared_events_only(extra):
    a = {"e1": 1, "e2": 1}
    b = {"e1": 2, "e2": 2, extra: 2}
    r = pair_agreement(a, b)
    assert r.events == 2 and r.f1 == 1.0
