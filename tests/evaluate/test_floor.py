"""The coder must not fall below the recorded floors on the own gold set (gold/floors.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotterel.evaluate import evaluate

FLOORS = Path(__file__).resolve().parents[2] / "gold" / "floors.json"


def measured(report) -> dict[str, float | None]:
    s = report.scores
    micro = s.micro
    values = {
        "micro_precision": micro.precision,
        "micro_recall": micro.recall,
        "micro_f1": micro.f1,
        "macro_f1": s.macro_f1,
        "type_accuracy": s.type_accuracy.value,
    }
    for name in ("actor_code", "recipient_code", "status", "certainty", "location_country", "date"):
        values[name] = s.attributes[name].value
    return values


@pytest.fixture(scope="module")
def own_scores(coder):
    return measured(evaluate("builtin", "dotterel", coder=coder))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(json.loads(FLOORS.read_text())["floors"]))
def test_floor_own_gold_set(own_scores, name):
    floor = json.loads(FLOORS.read_text())["floors"][name]
    value = own_scores[name]
    assert value is not None and value >= floor, (
        f"{name} fell to {value:.3f}, below the floor {floor} in gold/floors.json: "
        "run `dotterel eval --gold builtin` to see the misses and false alarms"
    )
