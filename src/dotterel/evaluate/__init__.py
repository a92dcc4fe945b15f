"""Measuring dotterel: gold-set adapters, event matching, scorers and ``dotterel eval``.

>>> from dotterel.evaluate import evaluate
>>> report = evaluate("builtin")                       # the own gold set   # doctest: +SKIP
>>> print(report.render())                                                   # doctest: +SKIP

Gold files of any supported format (:data:`FORMATS`) are read into :class:`GoldDocument`
records; event sets are coded with the coder and scored with :func:`score_events`; the
factuality, attribution, geocoding and event-location sets call the matching dotterel part.
"""

from dotterel.evaluate.formats import FORMATS, load_gold
from dotterel.evaluate.gold import GoldDocument, GoldEvent, GoldSet, Span
from dotterel.evaluate.matching import Pair, match_events
from dotterel.evaluate.runner import EvalReport, evaluate
from dotterel.evaluate.scorer import EventScores, score_events

__all__ = [
    "FORMATS",
    "EvalReport",
    "EventScores",
    "GoldDocument",
    "GoldEvent",
    "GoldSet",
    "Pair",
    "Span",
    "evaluate",
    "load_gold",
    "match_events",
    "score_events",
]
