"""PETRARCH / TABARI validation records (openeventdata/petrarch2, UniversalPetrarch).

The files look like XML but are not well formed (unescaped ``&``, attributes written
``id ="X"`` or ``sourcecode='""'``, self-closing ``<Sentence …/>`` followed by its parts), so they
are read with regular expressions, not an XML parser. Each ``Sentence`` has a date, an id, zero
or more ``EventCoding`` lines (``sourcecode``, ``targetcode``, ``eventcode``; ``noevents`` for a
sentence that must yield nothing; ``error`` for input the coder must reject) and a ``Text``.

CAMEO event codes map through the ontology's crosswalk (:meth:`Ontology.from_cameo`, dotterel's
convention for CAMEO 01/02). A sentence with a code that is not CAMEO (the test files use
invented codes such as 345 or 903), a CAMEO 01 code (neutral statements, which PLOVER does
not code) or an ``error`` coding is left out. The unit-test files use
invented actors (Arnor, Gondor); their actor codes are not scored. The GSR file uses real ones:
``USAGOV`` is read as code USA, sector GOV.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from dotterel.errors import InputError, ValidationError
from dotterel.evaluate.codes import is_country
from dotterel.evaluate.gold import GoldDocument, GoldEvent, GoldSet
from dotterel.ontology import load_ontology
from dotterel.records import UNKNOWN_CODE, ActorRef

TASK = "events"
DEFAULT_PATH = "gold/petrarch_validation"

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read one validation file, or every ``*.xml`` file under a folder."""
    files = sorted(path.rglob("*.xml")) if path.is_dir() else [path]
    docs: list[GoldDocument] = []
    skipped = 0
    for file in files:
        try:
            raw = file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise InputError(f"cannot read {str(file)!r}: {exc}") from None
        real_actors = "Validate" not in _environment(raw, "Actorfile")
        for doc in parse_records(raw, origin=file.stem, real_actors=real_actors):
            if doc is None:
                skipped += 1
                continue
            docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
        if limit is not None and len(docs) >= limit:
            break
    return GoldSet(
        name=path.name,
        format="petrarch",
        task=TASK,
        convention="plover",
        documents=tuple(docs),
        notes=(
            "CAMEO codes mapped through dotterel's crosswalk (02 appeals as REQUEST)",
            f"{skipped} sentences left out (error codings, CAMEO 01 statements, non-CAMEO codes)",
            "actor codes scored only where the file uses real country codes",
        ),
    )


def parse_records(
    raw: str, *, origin: str = "petrarch", real_actors: bool = True
) -> list[GoldDocument | None]:
    """Every ``Sentence`` of one file; ``None`` for a sentence that cannot be scored."""
    raw = _COMMENT.sub("", raw)
    heads = list(_SENTENCE.finditer(raw))
    out: list[GoldDocument | None] = []
    for n, head in enumerate(heads):
        body = raw[head.end() : heads[n + 1].start() if n + 1 < len(heads) else len(raw)]
        attrs = _attrs(head.group(1))
        if attrs.get("evaluate", "true").lower() == "false":
            continue
        text_match = _TEXT.search(body)
        if text_match is None:
            continue
        text = " ".join(html.unescape(text_match.group(1)).split())
        codings = [_attrs(m.group(1)) for m in _CODING.finditer(body)]
        out.append(_document(attrs, codings, text, origin, n, real_actors))
    return out


def _document(
    attrs: dict[str, str],
    codings: list[dict[str, str]],
    text: str,
    origin: str,
    n: int,
    real_actors: bool,
) -> GoldDocument | None:
    ontology = load_ontology()
    events = []
    for coding in codings:
        if "error" in coding:
            return None
        if "noevents" in coding or "eventcode" not in coding:
            continue
        code = coding["eventcode"].strip().strip('"')
        if code.startswith("01"):
            # CAMEO 01 (neutral public statements) has no PLOVER type: dotterel codes none.
            return None
        try:
            event_type, mode = ontology.from_cameo(code)
        except ValidationError:
            return None
        events.append(
            GoldEvent(
                event_type=event_type,
                mode=mode,
                actor=_actor(coding.get("sourcecode", ""), real_actors),
                recipient=_actor(coding.get("targetcode", ""), real_actors),
                original=code,
            )
        )
    date = attrs.get("date", "")
    return GoldDocument(
        id=f"{origin}:{attrs.get('id') or n}",
        text=text,
        date=f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 and date.isdigit() else None,
        events=_merge(events),
    )


def _merge(events: list[GoldEvent]) -> tuple[GoldEvent, ...]:
    """Codings of one CAMEO code in one sentence become one event with all their actors.

    PETRARCH writes "Brazil and the United States …" as two dyads; dotterel codes coordinated
    actors as one event, so the gold is read the same way.
    """
    merged: dict[str, GoldEvent] = {}
    for event in events:
        key = event.original or event.event_type
        seen = merged.get(key)
        if seen is None:
            merged[key] = event
            continue
        merged[key] = replace(
            seen,
            actor=_union(seen.actor, event.actor),
            recipient=_union(seen.recipient, event.recipient),
        )
    return tuple(merged.values())


def _union(
    a: tuple[ActorRef, ...] | None, b: tuple[ActorRef, ...] | None
) -> tuple[ActorRef, ...] | None:
    if a is None or b is None:
        return None
    return a + tuple(x for x in b if x.code not in {y.code for y in a})


def _actor(code: str, real_actors: bool) -> tuple[ActorRef, ...] | None:
    if not real_actors:
        return None
    code = code.strip().strip('"')
    if not code or code.startswith("---"):
        return ()
    country = code[:3]
    if not is_country(country) and country not in {"IGO", "NGO", "IMG"}:
        return (ActorRef(text=code, code=UNKNOWN_CODE),)
    sector = load_ontology().canonical_sector(code[3:6]) if len(code) >= 6 else None
    return (ActorRef(text=code, code=country, sector=sector),)


def _attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(raw)
    }


def _environment(raw: str, tag: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.S)
    return match.group(1) if match else ""
