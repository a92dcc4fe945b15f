"""The modality cue lexicons: ``data/modality/cues.yaml`` and ``denials.yaml``, read and checked.

The status walk (:mod:`dotterel.modality.status`) and denial linking
(:mod:`dotterel.modality.denials`) only look words up; this module turns the YAML lists into
sets and word-to-value maps once per process, and refuses a file that is malformed or gives one
word two values, so a data mistake fails loudly at load time rather than as a silent miscoding.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from dotterel.errors import DataFileError


@dataclass(frozen=True)
class DenialLexicon:
    """Denial verbs and nouns, what their objects can stand for, and trigger families."""

    verbs: frozenset[str]
    nouns: frozenset[str]
    accusation: frozenset[str]
    involvement: frozenset[str]
    family_of: dict[str, str]
    unrealised: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """The modality cue lists of ``data/modality/``, as sets and lemma-to-value maps."""

    version: str
    verbs: dict[str, dict[str, str]]
    implicative: frozenset[str]
    support_object: frozenset[str]
    support_subject: frozenset[str]
    refusal_verbs: frozenset[str]
    cooperative: frozenset[str]
    refusal_objects: frozenset[str]
    frame_status: dict[str, str]
    frame_certainty: dict[str, str]
    self_status: dict[str, str]
    amod_status: dict[str, str]
    amod_certainty: dict[str, str]
    advmod_status: dict[str, str]
    advmod_certainty: dict[str, str]
    modals: dict[str, dict[str, str]]
    adjective_governors: dict[str, str]
    negative_arguments: frozenset[str]
    negative_determiners: frozenset[str]
    conditional_marks: frozenset[str]
    aborted_before: frozenset[str]
    certainty_verbs: dict[str, str]
    reporting: frozenset[str]
    alleged_by_prep: dict[str, frozenset[str]]
    denial: DenialLexicon


_ATTACHMENTS = ("xcomp", "gerund", "object", "subject", "from", "for", "clause")


@functools.cache
def load_lexicon() -> Lexicon:
    """The bundled modality lexicons, read and checked once per process.

    Raises :class:`DataFileError` when a file is malformed or gives one word two values.
    """
    cues = _read("cues.yaml")
    denials = _read("denials.yaml")
    try:
        verbs: dict[str, dict[str, str]] = {a: {} for a in _ATTACHMENTS}
        for status, by_attachment in cues["status_verbs"].items():
            for attachment, words in by_attachment.items():
                _put(verbs[attachment], words, status, f"status_verbs.{status}.{attachment}")
        frames = _invert(cues["frame_nouns"], "frame_nouns")
        certainty_verbs = _invert(cues["certainty_verbs"], "certainty_verbs")
        families = _invert(denials["families"], "families", strict=False)
        return Lexicon(
            version=str(cues["version"]),
            verbs=verbs,
            implicative=frozenset(cues["implicative"]),
            support_object=frozenset(cues["support_verbs"]["object"]),
            support_subject=frozenset(cues["support_verbs"]["subject"]),
            refusal_verbs=frozenset(cues["refusal_verbs"]),
            cooperative=frozenset(cues["cooperative"]),
            refusal_objects=frozenset(cues["refusal_objects"]),
            frame_status=frames,
            frame_certainty=_invert(cues["frame_nouns_certainty"], "frame_nouns_certainty"),
            self_status=_invert(cues["self_status"], "self_status"),
            amod_status=_invert(cues["amod"]["status"], "amod.status"),
            amod_certainty=_invert(cues["amod"]["certainty"], "amod.certainty"),
            advmod_status=_invert(cues["advmod"]["status"], "advmod.status"),
            advmod_certainty=_invert(cues["advmod"]["certainty"], "advmod.certainty"),
            modals={str(k): dict(v) for k, v in cues["modals"].items()},
            adjective_governors=_invert(cues["adjective_governors"], "adjective_governors"),
            negative_arguments=frozenset(cues["negative_arguments"]),
            negative_determiners=frozenset(cues["negative_determiners"]),
            conditional_marks=frozenset(cues["conditional_marks"]),
            aborted_before=frozenset(cues["aborted_before"]),
            certainty_verbs=certainty_verbs,
            reporting=frozenset(k for k, v in certainty_verbs.items() if v == "reported"),
            alleged_by_prep={p: frozenset(w) for p, w in cues["alleged_by_prep"].items()},
            denial=DenialLexicon(
                verbs=frozenset(denials["verbs"]),
                nouns=frozenset(denials["nouns"]),
                accusation=frozenset(denials["accusation_objects"]),
                involvement=frozenset(denials["involvement_objects"]),
                family_of=families,
                unrealised=frozenset(denials["unrealized_families"]),
            ),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(
            f"modality lexicon is missing or misshapes {exc}",
            hint="compare src/dotterel/data/modality/*.yaml with docs/modality.md",
        ) from exc


def _read(name: str) -> dict[str, Any]:
    path = resources.files("dotterel") / "data" / "modality" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(
            f"cannot read modality lexicon {name}: {exc}", hint="reinstall dotterel"
        ) from exc
    if not isinstance(data, dict) or "version" not in data:
        raise DataFileError(
            f"modality lexicon {name} has no version", hint="add `version:` at the top"
        )
    return data


def _invert(groups: dict[str, list[str]], where: str, *, strict: bool = True) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, words in groups.items():
        _put(table, words, value, where, strict=strict)
    return table


def _put(
    table: dict[str, str], words: list[str], value: str, where: str, *, strict: bool = True
) -> None:
    for word in words:
        if not isinstance(word, str):
            raise DataFileError(
                f"modality lexicon {where}: {word!r} is not a word",
                hint='quote words YAML reads as other types, e.g. "no", "on", "off"',
            )
        word = word.lower()
        if strict and table.get(word, value) != value:
            raise DataFileError(
                f"modality lexicon {where}: {word!r} is both {table[word]!r} and {value!r}",
                hint="keep each word under one value",
            )
        table.setdefault(word, value)
