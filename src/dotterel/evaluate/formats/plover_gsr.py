"""The PLOVER gold-standard records (openeventdata/PLOVER, ``PLOVER_GSR_CAMEO.txt``).

A JSON list; record 0 is a ``DOCUMENT`` header. Each other record is one sentence with one
event: ``event`` (older category names: DEMAND, DISAPPROVE, INVESTIGATE, FIGHT are mapped by the
ontology's aliases to REQUEST, ACCUSE/disapprove, ACCUSE/investigate, ASSAULT), ``mode``,
``source`` and ``target`` lists of ``{actorText, code, sector}`` (or ``""``), an optional
``eventLoc`` with an ISO alpha-2 country, and a ``textInfo.markup`` whose ``(EVT: …)`` chunks
mark the trigger. Dates carry no information. Only one event per sentence is annotated, so the
documents are not exhaustive: other events the coder finds are not false alarms.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from dotterel.errors import DataFileError, InputError
from dotterel.evaluate.codes import alpha3
from dotterel.evaluate.gold import GoldDocument, GoldEvent, GoldSet, Span, find_span
from dotterel.ontology import load_ontology
from dotterel.records import UNKNOWN_CODE, ActorRef, Location

TASK = "events"
DEFAULT_PATH = "gold/plover_gsr_cameo/PLOVER_GSR_CAMEO.txt"

_EVT = re.compile(r"\(EVT:\s*([^()]*?)\s*\)")


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read the PLOVER gold-standard JSON list."""
    if path.is_dir():
        path = path / Path(DEFAULT_PATH).name
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read PLOVER gold file {str(path)!r}: {exc}") from None
    if not isinstance(records, list):
        raise InputError(f"{path}: expected a JSON list of records")
    docs = []
    for record in records:
        if not isinstance(record, dict) or record.get("event") in (None, "DOCUMENT"):
            continue
        docs.append(_document(record))
        if limit is not None and len(docs) >= limit:
            break
    return GoldSet(
        name=path.name,
        format="plover-gsr",
        task=TASK,
        convention="plover",
        documents=tuple(docs),
        notes=(
            "one event per sentence; other events found are not counted as false alarms",
            "DEMAND->REQUEST, DISAPPROVE->ACCUSE/disapprove, INVESTIGATE->ACCUSE/investigate, "
            "FIGHT->ASSAULT",
        ),
    )


def _document(record: dict[str, Any]) -> GoldDocument:
    text = str(record.get("text") or "")
    ontology = load_ontology()
    raw_type, raw_mode = str(record["event"]), record.get("mode") or None
    try:
        event_type, mode = ontology.canonical(raw_type, raw_mode)
    except DataFileError:
        # A mode the ontology does not know keeps the type and drops the mode.
        event_type, mode = ontology.canonical_type(raw_type)
    event = GoldEvent(
        event_type=event_type,
        mode=mode,
        actor=_actors(record.get("source")),
        recipient=_actors(record.get("target")),
        trigger=_trigger(record, text),
        location=_location(record.get("eventLoc")),
        original=raw_type + (f"/{raw_mode}" if raw_mode else ""),
        note=record.get("comment"),
    )
    return GoldDocument(id=str(record.get("id")), text=text, events=(event,), exhaustive=False)


def _actors(raw: Any) -> tuple[ActorRef, ...]:
    if not isinstance(raw, list):
        return ()
    ontology = load_ontology()
    refs = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        sector = item.get("sector")
        refs.append(
            ActorRef(
                text=str(item.get("actorText") or ""),
                code=str(item.get("code") or UNKNOWN_CODE),
                sector=ontology.canonical_sector(sector) if sector else None,
            )
        )
    return tuple(refs)


def _trigger(record: dict[str, Any], text: str) -> Span | None:
    info = record.get("textInfo")
    markup = str(info.get("markup") or "") if isinstance(info, dict) else str(info or "")
    for chunk in _EVT.findall(markup):
        span = find_span(text, chunk) if chunk else None
        if span is not None:
            return span
    words = str(record.get("eventText") or "").split()
    return find_span(text, words[0]) if words else None


def _location(raw: Any) -> Location | None:
    if not isinstance(raw, dict) or not raw.get("name"):
        return None
    return Location(
        text=str(raw["name"]), name=str(raw["name"]), country_code=alpha3(raw.get("country code"))
    )
