"""Every pattern's examples must code, and its counterexamples must not (run on the real model)."""

from __future__ import annotations

import pytest

from dotterel.api import make_article
from dotterel.patterns import load_patterns

PATTERNS = load_patterns().patterns
EXAMPLES = [(p, ex) for p in PATTERNS for ex in p.examples]
COUNTER = [(p, ex) for p in PATTERNS for ex in p.counterexamples]


def _events(coder, text: str):
    return coder.code_article(make_article(text, date="2024-01-10")).events


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pattern", "example"), EXAMPLES, ids=lambda x: getattr(x, "id", None) or x.text[:40]
)
def test_pattern_example_codes(coder, pattern, example) -> None:
    events = _events(coder, example.text)
    fired = [e for e in events if e.evidence.pattern_id == pattern.id]
    got = [e.evidence.pattern_id for e in events]
    assert fired, f"{pattern.id} did not fire on {example.text!r}: got {got}"
    event = fired[0]
    if example.actor:
        assert example.actor in {a.code for a in event.actor}, event.actor
    if example.recipient:
        assert example.recipient in {r.code for r in event.recipient}, event.recipient


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pattern", "example"), COUNTER, ids=lambda x: getattr(x, "id", None) or x.text[:40]
)
def test_pattern_counterexample_does_not_code(coder, pattern, example) -> None:
    events = _events(coder, example.text)
    assert not [e for e in events if e.evidence.pattern_id == pattern.id]
