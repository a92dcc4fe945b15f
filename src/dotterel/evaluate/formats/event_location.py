"""Event locations (ahalterman/event_location, Prodigy JSONL).

One sentence a line with ``tokens`` and ``spans``: one ``VERB`` span (the event) and zero or
more ``LOCATION`` spans (where that event happened). Some character offsets in ``spans`` are
broken, so every span is rebuilt from its token indices (``token_start``/``token_end``,
inclusive).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dotterel.errors import InputError
from dotterel.evaluate.gold import GoldDocument, GoldEventLocation, GoldSet, Span

TASK = "event-location"
DEFAULT_PATH = "gold/event_location/event_location_dev.jsonl"


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read the event-location JSONL file (or the only ``*.jsonl`` file of a folder)."""
    if path.is_dir():
        path = path / Path(DEFAULT_PATH).name
    docs = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read event-location file {str(path)!r}: {exc}") from None
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            doc = _document(json.loads(line), n)
            if doc is not None:
                docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
    return GoldSet(
        name=path.name,
        format="event-location",
        task=TASK,
        documents=tuple(docs),
        notes=("spans rebuilt from token indices",),
    )


def _document(record: dict[str, Any], n: int) -> GoldDocument | None:
    text, tokens = record.get("text") or "", record.get("tokens") or []
    if record.get("answer") not in (None, "accept"):
        return None
    verb, places = None, []
    for span in record.get("spans") or []:
        rebuilt = _span(text, tokens, span)
        if rebuilt is None:
            continue
        if span.get("label") == "VERB" and verb is None:
            verb = rebuilt
        elif span.get("label") == "LOCATION":
            places.append(rebuilt)
    if verb is None:
        return None
    return GoldDocument(
        id=f"event_location:{n}",
        text=text,
        event_locations=(GoldEventLocation(verb=verb, locations=tuple(places)),),
    )


def _span(text: str, tokens: list[dict[str, Any]], span: dict[str, Any]) -> Span | None:
    first, last = span.get("token_start"), span.get("token_end")
    if first is None or last is None or not (0 <= first <= last < len(tokens)):
        return None
    start, end = tokens[first]["start"], tokens[last]["end"]
    return Span(start, end, text[start:end])
