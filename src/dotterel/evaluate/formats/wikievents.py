"""WikiEvents (KAIROS ontology; gen-arg ``dev.jsonl`` plus ``coref_dev.jsonlines``).

Each line is a document with tokenised sentences, entity mentions and event mentions whose
arguments point at entity mentions by id and carry a KAIROS role. The document ``text`` field
joins sentences without separators and its token offsets drift, so the text is rebuilt from the
sentences (one per line) and every token is located in its own sentence.

Event types map to PLOVER where the KAIROS type is a political act (:data:`TYPE_MAP`); the rest
(deaths, injuries, movements, transactions, disease, trials …) are consequences or outside
PLOVER and are left out. Roles map to dotterel's two participant slots (:data:`ACTOR_ROLES`,
:data:`RECIPIENT_ROLES`); ``Place`` becomes the event location; other roles are not scored.
Coded events of types WikiEvents does not annotate as such (statements, accusations, praise …)
are not counted as false alarms (:data:`ANNOTATED_TYPES`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dotterel.errors import InputError
from dotterel.evaluate.gold import GoldDocument, GoldEvent, GoldSet, Span
from dotterel.records import ActorRef, Location

TASK = "events"
DEFAULT_PATH = "gold/wikievents/dev.jsonl"

#: KAIROS type prefix -> (PLOVER type, mode). The longest matching prefix wins.
TYPE_MAP: dict[str, tuple[str, str | None]] = {
    "Conflict.Attack": ("ASSAULT", None),
    "Conflict.Attack.DetonateExplode": ("ASSAULT", "explosives"),
    "Conflict.Demonstrate": ("PROTEST", "demo"),
    "Conflict.Demonstrate.DemonstrateWithViolence": ("PROTEST", "riot"),
    "Contact.Contact.Meet": ("CONSULT", None),
    "Contact.RequestCommand": ("REQUEST", None),
    "Contact.ThreatenCoerce": ("THREATEN", None),
    "Justice.ArrestJailDetain": ("COERCE", "arrest"),
    "Justice.ChargeIndict": ("COERCE", "arrest"),
    "Justice.InvestigateCrime": ("ACCUSE", "investigate"),
    "Justice.ReleaseParole": ("RETREAT", "release"),
    "Justice.Convict": ("SANCTION", "convict"),
    "Justice.Sentence": ("SANCTION", "convict"),
}
#: Roles filled by the one who acts.
ACTOR_ROLES = frozenset(
    {
        "Attacker",
        "Killer",
        "Injurer",
        "Jailer",
        "Demonstrator",
        "Communicator",
        "Participant",
        "Investigator",
        "Prosecutor",
        "JudgeCourt",
    }
)
#: Roles filled by the one acted upon.
RECIPIENT_ROLES = frozenset({"Target", "Victim", "Detainee", "Recipient", "Defendant"})
#: Types whose coded events count as false alarms when unmatched: WikiEvents annotates these
#: fully; its Broadcast/Contact events do not separate accusations, praise or rejections, and its
#: justice types cover only part of ACCUSE, RETREAT and SANCTION.
ANNOTATED_TYPES = frozenset({"ASSAULT", "PROTEST", "CONSULT", "REQUEST", "THREATEN", "COERCE"})


def map_type(kairos: str) -> tuple[str, str | None] | None:
    """The PLOVER (type, mode) of a KAIROS event type, or ``None`` when it has none."""
    parts = kairos.split(".")
    for n in range(len(parts), 0, -1):
        hit = TYPE_MAP.get(".".join(parts[:n]))
        if hit is not None:
            return hit
    return None


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read ``dev.jsonl`` (and ``coref_dev.jsonlines`` beside it, if present)."""
    if path.is_dir():
        path = path / "dev.jsonl"
    clusters = _clusters(path.with_name("coref_" + path.stem + ".jsonlines"))
    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read WikiEvents file {str(path)!r}: {exc}") from None
    for line in lines:
        if line.strip():
            record = json.loads(line)
            docs.append(_document(record, clusters.get(record["doc_id"], [])))
        if limit is not None and len(docs) >= limit:
            break
    return GoldSet(
        name=path.name,
        format="wikievents",
        task=TASK,
        documents=tuple(docs),
        notes=(
            "KAIROS types mapped to PLOVER; deaths, injuries, movement, transactions left out",
            "actor roles: " + ", ".join(sorted(ACTOR_ROLES)),
            "recipient roles: " + ", ".join(sorted(RECIPIENT_ROLES)),
            "false alarms counted only for " + ", ".join(sorted(ANNOTATED_TYPES)),
        ),
    )


def _clusters(path: Path) -> dict[str, list[list[str]]]:
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["doc_key"]] = record["clusters"]
    return out


def _document(record: dict[str, Any], clusters: list[list[str]]) -> GoldDocument:
    text, tokens = _rebuild(record["sentences"])
    mentions = {
        m["id"]: _span(text, tokens, m["start"], m["end"]) for m in record["entity_mentions"]
    }
    events = []
    for mention in record["event_mentions"]:
        mapped = map_type(mention["event_type"])
        if mapped is None:
            continue
        actor, recipient, location = [], [], None
        for arg in mention["arguments"]:
            span = mentions.get(arg["entity_id"])
            if span is None:
                continue
            ref = ActorRef(text=span.text, start=span.start, end=span.end)
            if arg["role"] in ACTOR_ROLES:
                actor.append(ref)
            elif arg["role"] in RECIPIENT_ROLES:
                recipient.append(ref)
            elif arg["role"] == "Place" and location is None:
                location = Location(text=span.text, name=span.text, start=span.start, end=span.end)
        trigger = mention["trigger"]
        events.append(
            GoldEvent(
                event_type=mapped[0],
                mode=mapped[1],
                actor=tuple(actor),
                recipient=tuple(recipient),
                trigger=_span(text, tokens, trigger["start"], trigger["end"]),
                location=location,
                original=mention["event_type"],
            )
        )
    return GoldDocument(
        id=record["doc_id"],
        text=text,
        events=tuple(events),
        annotated_types=ANNOTATED_TYPES,
        role_spans=True,
        clusters=tuple(
            tuple(mentions[m] for m in cluster if m in mentions) for cluster in clusters
        ),
    )


def _rebuild(sentences: list[Any]) -> tuple[str, list[tuple[int, int]]]:
    """One sentence a line, and each token's character span in that text."""
    parts: list[str] = []
    tokens: list[tuple[int, int]] = []
    base = 0
    for sentence_tokens, sentence_text in sentences:
        cursor = 0
        for token, _start, _end in sentence_tokens:
            found = sentence_text.find(token, cursor)
            if found < 0:  # a token the sentence string spells differently: keep its place
                found = cursor
            tokens.append((base + found, base + found + len(token)))
            cursor = found + len(token)
        parts.append(sentence_text)
        base += len(sentence_text) + 1
    return "\n".join(parts), tokens


def _span(text: str, tokens: list[tuple[int, int]], first: int, end: int) -> Span:
    start, stop = tokens[first][0], tokens[max(first, end - 1)][1]
    return Span(start, stop, text[start:stop])
