"""dotterel's own gold format (JSONL, one article a line; documented in gold/GUIDELINES.md).

Researchers annotate their own texts in this format to validate dotterel on their material, so
the reader is strict about what would silently skew a score (unknown event types, statuses,
triggers that are not in the text) and says which line is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dotterel.errors import DataFileError
from dotterel.evaluate.gold import GoldDocument, GoldEvent, GoldSet, Span, find_span
from dotterel.ontology import load_ontology
from dotterel.records import (
    CERTAINTIES,
    STATUSES,
    UNKNOWN_CODE,
    ActorRef,
    Attribution,
    Location,
)

TASK = "events"
DEFAULT_PATH = None
#: The major version of the format this reader understands.
FORMAT_VERSION = "1"


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read one JSONL file, or every ``*.jsonl`` file of a folder, in the own gold format."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    docs: list[GoldDocument] = []
    for file in files:
        for line_no, record in _records(file):
            docs.append(_document(record, file, line_no))
            if limit is not None and len(docs) >= limit:
                break
    return GoldSet(
        name=path.name,
        format="dotterel",
        task=TASK,
        documents=tuple(docs),
        notes=("dotterel gold format; every event in each text is annotated",),
    )


def _records(file: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with file.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _error(file, line_no, f"not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise _error(file, line_no, "each line must be a JSON object")
            if "dotterel_gold" in record and "text" not in record:
                version = str(record["dotterel_gold"]).split(".")[0]
                if version != FORMAT_VERSION:
                    raise _error(file, line_no, f"gold format version {version} is not supported")
                continue
            yield line_no, record


def _document(record: dict[str, Any], file: Path, line_no: int) -> GoldDocument:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _error(file, line_no, "the article has no 'text'")
    events = tuple(
        _event(e, text, file, line_no, n) for n, e in enumerate(record.get("events") or [], 1)
    )
    return GoldDocument(
        id=str(record.get("id") or f"{file.stem}:{line_no}"),
        text=text,
        date=record.get("date"),
        source=record.get("source"),
        title=record.get("title"),
        events=events,
    )


def _event(raw: dict[str, Any], text: str, file: Path, line_no: int, n: int) -> GoldEvent:
    where = f"event {n}"
    ontology = load_ontology()
    try:
        event_type, alias_mode = ontology.canonical_type(str(raw.get("event_type", "")))
        mode = raw.get("mode") or alias_mode
        if mode:
            event_type, mode = ontology.canonical(event_type, mode)
    except DataFileError as exc:
        raise _error(file, line_no, f"{where}: {exc}") from None
    status, certainty = raw.get("status"), raw.get("certainty")
    if status is not None and status not in STATUSES:
        raise _error(file, line_no, f"{where}: unknown status {status!r}", ", ".join(STATUSES))
    if certainty is not None and certainty not in CERTAINTIES:
        raise _error(
            file, line_no, f"{where}: unknown certainty {certainty!r}", ", ".join(CERTAINTIES)
        )
    return GoldEvent(
        event_type=event_type,
        mode=mode,
        actor=_actors(raw.get("actor")),
        recipient=_actors(raw.get("recipient")),
        trigger=_trigger(raw, text, file, line_no, where),
        status=status,
        certainty=certainty,
        attribution=_attribution(raw.get("attribution")),
        location=_location(raw.get("location")),
        date=raw.get("date"),
        original=raw.get("event_type"),
        note=raw.get("note"),
    )


def _trigger(raw: dict[str, Any], text: str, file: Path, line_no: int, where: str) -> Span | None:
    trigger = raw.get("trigger")
    start, end = raw.get("trigger_start"), raw.get("trigger_end")
    if not trigger:
        return None
    if start is None:
        span = find_span(text, trigger)
        if span is None:
            raise _error(file, line_no, f"{where}: trigger {trigger!r} is not in the text")
        return span
    if end is None:
        end = start + len(trigger)
    if text[start:end] != trigger:
        raise _error(
            file,
            line_no,
            f"{where}: text[{start}:{end}] is {text[start:end]!r}, not the trigger {trigger!r}",
            "fix the offsets or drop trigger_start/trigger_end to use the first occurrence",
        )
    return Span(start, end, trigger)


def _actors(raw: Any) -> tuple[ActorRef, ...]:
    refs = []
    for item in raw or []:
        if isinstance(item, str):
            refs.append(ActorRef(text=item))
            continue
        refs.append(
            ActorRef(
                text=str(item.get("text") or ""),
                code=item.get("code") or UNKNOWN_CODE,
                sector=item.get("sector") or None,
            )
        )
    return tuple(refs)


def _attribution(raw: Any) -> tuple[Attribution, ...]:
    links = []
    for item in raw or []:
        speaker = item.get("speaker")
        links.append(
            Attribution(
                cue=str(item.get("cue") or ""),
                speaker=ActorRef(text=speaker) if speaker else None,
                outlet=item.get("outlet") or None,
            )
        )
    return tuple(links)


def _location(raw: Any) -> Location | None:
    if not raw:
        return None
    name = raw.get("name")
    return Location(text=name or "", name=name, country_code=raw.get("country_code"))


def _error(file: Path, line_no: int, message: str, hint: str | None = None) -> DataFileError:
    return DataFileError(
        f"{file}:{line_no}: {message}", hint=hint or "see gold/GUIDELINES.md for the format"
    )
