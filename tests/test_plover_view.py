from __future__ import annotations

import pytest

from dotterel.ontology import load_ontology
from dotterel.plover_view import plover_type


@pytest.mark.parametrize(
    ("act", "mode", "status", "cues", "expected"),
    [
        ("AID", None, "future", ("will",), ("AGREE", None)),
        ("CONSULT", "visit", "planned", ("will",), ("AGREE", None)),
        ("SANCTION", "expel", "future", ("will",), ("THREATEN", "expel")),
        ("SANCTION", None, "planned", ("plans",), ("THREATEN", "relations")),
        ("ASSAULT", None, "threatened", ("threatened",), ("THREATEN", "violence")),
        ("COERCE", "arrest", "threatened", (), ("THREATEN", "arrest")),
        ("CONSULT", None, "negated", ("not",), ("REJECT", "meet")),
        ("AID", None, "negated", ("refused",), ("REJECT", "assist")),
        # A covert plot is a planned act, not a threat.
        ("ASSAULT", None, "planned", ("plot", "alleged"), ("ASSAULT", None)),
        ("ASSAULT", "firearms", "occurred", (), ("ASSAULT", "firearms")),
        ("ASSAULT", None, "negated", ("not",), ("ASSAULT", None)),
    ],
)
def test_plover_type_follows_plover_intention_rules(act, mode, status, cues, expected) -> None:
    assert plover_type(act, mode, status, cues) == expected


@pytest.mark.parametrize("status", ["planned", "future", "threatened", "negated"])
@pytest.mark.parametrize("act", sorted(load_ontology().event_types))
def test_plover_type_always_gives_valid_type_and_mode(act: str, status: str) -> None:
    event_type, mode = plover_type(act, None, status)
    load_ontology().check(event_type, mode, ())
