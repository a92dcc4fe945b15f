"""``evaluate()``: load a gold set, run the right part of dotterel over it, score, report."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from dotterel._version import __version__
from dotterel.evaluate import systems
from dotterel.evaluate.formats import load_gold
from dotterel.evaluate.gold import GoldSet
from dotterel.evaluate.scorer import EventScores, score_events
from dotterel.evaluate.tasks import (
    score_attributions,
    score_event_locations,
    score_factuality,
    score_quads,
    score_toponyms,
)
from dotterel.records import Event


@dataclass
class EvalReport:
    """The outcome of one evaluation: what was scored, with what, and the scores."""

    gold: str
    format: str
    task: str
    documents: int
    model: str | None
    version: str
    seconds: float
    notes: tuple[str, ...]
    scores: Any

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report (``dotterel eval --json``)."""
        return {
            "gold": self.gold,
            "format": self.format,
            "task": self.task,
            "documents": self.documents,
            "model": self.model,
            "dotterel_version": self.version,
            "seconds": round(self.seconds, 2),
            "notes": list(self.notes),
            "scores": self.scores.to_dict(),
        }

    def render(self, show_errors: int = 20) -> str:
        """A readable text report."""
        from dotterel.evaluate.report import render

        return render(self, show_errors=show_errors)


def evaluate(
    gold: str | Path | GoldSet,
    format: str = "dotterel",
    *,
    limit: int | None = None,
    model: str | None = None,
    coder: systems.ArticleCoder | None = None,
    nlp: Language | None = None,
) -> EvalReport:
    """Score dotterel on a gold set.

    ``gold`` is a path (or ``"builtin"`` for the own gold set, ``"shared"`` for the team's copy
    of a public set) read with the adapter for ``format``, or an already loaded
    :class:`GoldSet`. ``coder`` and ``nlp`` replace the coder and spaCy pipeline that would
    otherwise be built from ``model``.
    """
    started = time.perf_counter()
    gold_set = gold if isinstance(gold, GoldSet) else load_gold(gold, format, limit=limit)
    docs = gold_set.documents
    scores: Any
    if gold_set.task in ("events", "quad"):
        coded, rejected = systems.code_documents(docs, coder or systems.make_coder(model))
        if gold_set.convention == "plover":
            coded = [[_plover_typed(e) for e in events] for events in coded]
        if gold_set.task == "events":
            scores = score_events(docs, coded, rejected=rejected)
        else:
            scores = score_quads(docs, coded)
    else:
        pipeline = nlp if nlp is not None else _pipeline(model)
        if gold_set.task == "factuality":
            scores = score_factuality(docs, systems.assess_factuality(docs, pipeline))
        elif gold_set.task == "attribution":
            scores = score_attributions(docs, systems.find_attributions(docs, pipeline))
        elif gold_set.task == "toponyms":
            geocoded, detected = systems.geocode_toponyms(docs, pipeline)
            scores = score_toponyms(docs, geocoded, detected)
        else:
            scores = score_event_locations(docs, systems.attach_event_locations(docs, pipeline))
    return EvalReport(
        gold=str(gold if not isinstance(gold, GoldSet) else gold.name),
        format=gold_set.format,
        task=gold_set.task,
        documents=len(docs),
        model=model,
        version=__version__,
        seconds=time.perf_counter() - started,
        notes=gold_set.notes,
        scores=scores,
    )


def _pipeline(model: str | None) -> Language:
    from dotterel.nlp import load_pipeline

    return load_pipeline(model)


__all__ = ["EvalReport", "EventScores", "evaluate"]


def _plover_typed(event: Event) -> Event:
    """The event typed by PLOVER's convention for intentions, threats and refusals."""
    from dotterel.plover_view import plover_view

    event_type, mode = plover_view(event)
    if (event_type, mode) == (event.event_type, event.mode):
        return event
    return event.replace(event_type=event_type, mode=mode)
