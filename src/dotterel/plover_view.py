"""The PLOVER-convention view of an event: intentions, threats and refusals by their stance.

PLOVER codes "Norway will send aid" as AGREE, "Greece plans to impose restrictions" as
THREATEN and "the U.S. will not meet the demands" as REJECT. dotterel keeps the act (AID,
SANCTION, CONSULT) in ``event_type`` and its modality in ``status``, which loses nothing; this
module derives the PLOVER type from the two for the PLOVER export and for scoring against
PLOVER gold. The rules are data: ``data/ontology/intentions.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import yaml

from dotterel.records import Event


@dataclass(frozen=True)
class _Rules:
    cooperative: frozenset[str]
    conflictual: frozenset[str]
    intention: frozenset[str]
    threat: frozenset[str]
    negated: frozenset[str]
    covert: frozenset[str]
    threaten_modes: dict[str, str | None]
    reject_modes: dict[str, str | None]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    path = resources.files("dotterel") / "data" / "ontology" / "intentions.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    return _Rules(
        cooperative=frozenset(data["cooperative"]),
        conflictual=frozenset(data["conflictual"]),
        intention=frozenset(data["intention_statuses"]),
        threat=frozenset(data["threat_statuses"]),
        negated=frozenset(data["negated_statuses"]),
        covert=frozenset(w.lower() for w in data["covert_cues"]),
        threaten_modes=dict(data["threaten_modes"]),
        reject_modes=dict(data["reject_modes"]),
    )


def plover_type(
    event_type: str, mode: str | None, status: str, cues: Iterable[str] = ()
) -> tuple[str, str | None]:
    """The PLOVER type and mode for an act with this status (see the module docstring)."""
    rules = _rules()
    words = {w.lower() for cue in cues for w in cue.split()}
    if status in rules.intention and not words & rules.covert:
        if event_type in rules.cooperative:
            return "AGREE", None
        if event_type in rules.conflictual:
            return "THREATEN", _mode(rules.threaten_modes, event_type, mode)
    if status in rules.threat and event_type in rules.conflictual:
        return "THREATEN", _mode(rules.threaten_modes, event_type, mode)
    if status in rules.negated and event_type in rules.cooperative and event_type != "AGREE":
        return "REJECT", _mode(rules.reject_modes, event_type, mode)
    return event_type, mode


def plover_view(event: Event) -> tuple[str, str | None]:
    """:func:`plover_type` for a coded event."""
    return plover_type(event.event_type, event.mode, event.status, event.modality_cues)


def _mode(table: dict[str, str | None], event_type: str, mode: str | None) -> str | None:
    if mode and f"{event_type}/{mode}" in table:
        return table[f"{event_type}/{mode}"]
    return table.get(event_type)
