"""The attribution cue lists and the outlet table, read once from ``data/modality/``.

Reporting verbs and nouns, channels ("in a statement"), unnamed sources and news outlets are
data, not code (``attribution.yaml``, ``outlets.yaml``); this module reads them once per process
into sets and answers the one question the finder asks of the outlet table,
:meth:`AttributionLexicon.is_outlet`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from dotterel.errors import DataFileError


@dataclass(frozen=True)
class AttributionLexicon:
    """The attribution cue lists and the outlet table, as sets."""

    version: str
    clause_verbs: frozenset[str]
    xcomp_verbs: frozenset[str]
    question_verbs: frozenset[str]
    object_verbs: frozenset[str]
    phrasal: frozenset[str]
    clause_nouns: frozenset[str]
    channels: frozenset[str]
    report_nouns: frozenset[str]
    unnamed_sources: frozenset[str]
    not_speakers: frozenset[str]
    outlet_names: frozenset[str]
    outlet_words: frozenset[str]
    outlet_nouns: tuple[str, ...]
    parenthetical: frozenset[str]

    @functools.cached_property
    def cue_lemmas(self) -> frozenset[str]:
        """Every verb lemma that can start a frame."""
        phrasal = {p.split()[0] for p in self.phrasal}
        verbs = self.clause_verbs | self.xcomp_verbs | self.question_verbs | self.object_verbs
        return verbs | phrasal

    def is_outlet(self, phrase: str) -> bool:
        """A news outlet by name, or a capitalised phrase with a news word ('Tehran Times')."""
        words = phrase.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if not words:
            return False
        lowered = " ".join(words).lower()
        if lowered in self.outlet_names or any(
            lowered.endswith(noun) for noun in self.outlet_nouns
        ):
            return True
        capitalised = all(w[:1].isupper() or w.lower() in ("of", "and", "&") for w in words)
        return capitalised and len(words) <= 5 and any(w in self.outlet_words for w in words)


@functools.cache
def load_attribution_lexicon() -> AttributionLexicon:
    """The bundled attribution and outlet lists, read once per process."""
    cues, outlets = _read("attribution.yaml"), _read("outlets.yaml")
    try:
        return AttributionLexicon(
            version=str(cues["version"]),
            clause_verbs=_set(cues["clause_verbs"]),
            xcomp_verbs=_set(cues["xcomp_verbs"]),
            question_verbs=_set(cues["question_verbs"]),
            object_verbs=_set(cues["object_verbs"]),
            phrasal=_set(cues["phrasal"]),
            clause_nouns=_set(cues["clause_nouns"]),
            channels=_set(cues["channels"]),
            report_nouns=_set(cues["report_nouns"]),
            unnamed_sources=_set(cues["unnamed_sources"]),
            not_speakers=_set(cues["not_speakers"]),
            outlet_names=_set(outlets["names"]),
            outlet_words=frozenset(str(w) for w in outlets["words"]),
            outlet_nouns=tuple(str(n).lower() for n in outlets["nouns"]),
            parenthetical=_set(cues["parenthetical_verbs"]),
        )
    except (KeyError, TypeError) as exc:
        raise DataFileError(
            f"attribution lexicon is missing {exc}",
            hint="compare src/dotterel/data/modality/attribution.yaml with docs/modality.md",
        ) from exc


def _set(words: list[Any]) -> frozenset[str]:
    return frozenset(str(w).lower() for w in words)


def _read(name: str) -> dict[str, Any]:
    path = resources.files("dotterel") / "data" / "modality" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"cannot read {name}: {exc}", hint="reinstall dotterel") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise DataFileError(f"{name} has no version", hint="add `version:` at the top")
    return data
