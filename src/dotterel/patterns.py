"""Trigger patterns: which words signal which PLOVER event, loaded from versioned YAML data.

A pattern file (``data/patterns/<type>.yaml``) names one event type and lists patterns. A
pattern fires on a verb lemma (optionally with a particle: ``kick out``), on a noun lemma (a
nominalisation: ``expulsion``), or on a verb whose object is one of a few lemmas (``impose
sanctions``, ``open fire``, ``strike a deal``). Each pattern carries ``examples`` and
``counterexamples`` that the test suite codes.

Lookup is a dict access per token: patterns are indexed by lemma when loaded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dotterel.errors import DataFileError

#: Default prepositions whose object is the recipient of a verbal event.
DEFAULT_RECIPIENT_PREPS = ("against", "on", "upon", "at", "with", "to", "toward", "towards")
_KNOWN_KEYS = {
    "id",
    "mode",
    "verbs",
    "nouns",
    "objects",
    "not_objects",
    "recipient_preps",
    "transitive",
    "of_role",
    "self_recipient",
    "contexts",
    "thing_subjects",
    "not_with",
    "examples",
    "counterexamples",
    "note",
}


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence a pattern must code (or, as a counterexample, must not)."""

    text: str
    actor: str | None = None
    recipient: str | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    """One trigger pattern of one event type."""

    id: str
    event_type: str
    mode: str | None
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    #: When set, a verb fires only if its direct object has one of these lemmas.
    objects: tuple[str, ...] = ()
    #: The verb does not fire when its direct object has one of these lemmas.
    not_objects: tuple[str, ...] = ()
    recipient_preps: tuple[str, ...] = DEFAULT_RECIPIENT_PREPS
    #: True: needs a direct object; False: must have none; None: either.
    transitive: bool | None = None
    #: For nouns: whether "X of Y" names the recipient (``expulsion of diplomats``) or the actor
    #: (``a strike of dockworkers``).
    of_role: str = "recipient"
    contexts: tuple[str, ...] = ()
    #: Lemmas of thing subjects that still make an event ("the bomb exploded"): the coder
    #: otherwise drops a verb whose only subject is a thing ("the parade gathered").
    thing_subjects: tuple[str, ...] = ()
    #: Dependency labels of the trigger's children that stop the pattern ("oprd": "called the
    #: decision disproportionate" is no phone call).
    not_with: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[Example, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class PatternSet:
    """All patterns, indexed for one dict lookup per token."""

    version: str
    patterns: tuple[Pattern, ...]
    #: lemma -> patterns firing on that verb (particle verbs keyed "kick out").
    by_verb: Mapping[str, tuple[Pattern, ...]] = field(repr=False)
    by_noun: Mapping[str, tuple[Pattern, ...]] = field(repr=False)
    #: Inflected verb forms -> their base, for tokens the lemmatizer gets wrong ("raped" ->
    #: "rap").
    verb_forms: Mapping[str, str] = field(default_factory=dict, repr=False)

    def get(self, pattern_id: str) -> Pattern:
        """The pattern with this id."""
        for p in self.patterns:
            if p.id == pattern_id:
                return p
        raise KeyError(pattern_id)


def _as_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.lower(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.lower() for v in value)
    raise DataFileError(f"{where}: expected a string or a list of strings, got {value!r}")


def _examples(value: Any, where: str) -> tuple[Example, ...]:
    out = []
    for item in value or ():
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append(Example(item["text"], item.get("actor"), item.get("recipient")))
        else:
            raise DataFileError(f"{where}: an example is a string or {{text, actor, recipient}}")
    return tuple(out)


def parse_pattern_file(data: Any, source: str) -> tuple[str, list[Pattern]]:
    """Validate one pattern file's content and build its patterns."""
    if not isinstance(data, dict) or "event_type" not in data or "patterns" not in data:
        raise DataFileError(
            f"{source}: a pattern file needs `version`, `event_type` and `patterns`",
            hint="see src/dotterel/data/patterns/README.md",
        )
    event_type = str(data["event_type"]).upper()
    patterns = []
    for n, raw in enumerate(data["patterns"]):
        where = f"{source}: pattern {n} ({raw.get('id', '?') if isinstance(raw, dict) else '?'})"
        if not isinstance(raw, dict) or "id" not in raw:
            raise DataFileError(f"{where}: each pattern needs an `id`")
        unknown = set(raw) - _KNOWN_KEYS
        if unknown:
            raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
        verbs, nouns = _as_tuple(raw.get("verbs"), where), _as_tuple(raw.get("nouns"), where)
        if not verbs and not nouns:
            raise DataFileError(f"{where}: needs `verbs` or `nouns`")
        of_role = raw.get("of_role", "recipient")
        if of_role not in ("actor", "recipient"):
            raise DataFileError(f"{where}: of_role must be actor or recipient")
        patterns.append(
            Pattern(
                id=str(raw["id"]),
                event_type=event_type,
                mode=raw.get("mode"),
                verbs=verbs,
                nouns=nouns,
                objects=_as_tuple(raw.get("objects"), where),
                not_objects=_as_tuple(raw.get("not_objects"), where),
                recipient_preps=_as_tuple(raw.get("recipient_preps"), where)
                or DEFAULT_RECIPIENT_PREPS,
                transitive=raw.get("transitive"),
                of_role=of_role,
                contexts=_as_tuple(raw.get("contexts"), where),
                thing_subjects=_as_tuple(raw.get("thing_subjects"), where),
                not_with=_as_tuple(raw.get("not_with"), where),
                examples=_examples(raw.get("examples"), where),
                counterexamples=_examples(raw.get("counterexamples"), where),
                source=source,
            )
        )
    return str(data.get("version", "0")), patterns


def build_pattern_set(patterns: Sequence[Pattern], version: str) -> PatternSet:
    """Index patterns by verb and noun lemma, most specific first; ids must be unique."""
    seen: set[str] = set()
    by_verb: dict[str, list[Pattern]] = {}
    by_noun: dict[str, list[Pattern]] = {}
    for p in patterns:
        if p.id in seen:
            raise DataFileError(f"{p.source}: pattern id {p.id!r} is used twice")
        seen.add(p.id)
        # Multi-word verbs are keyed by their verb ("kick out" -> kick), multi-word nouns by
        # their head ("hunger strike" -> strike).
        for v in p.verbs:
            bucket = by_verb.setdefault(v.split()[0], [])
            if p not in bucket:
                bucket.append(p)
        for n in p.nouns:
            bucket = by_noun.setdefault(n.split()[-1], [])
            if p not in bucket:
                bucket.append(p)
    order = {p.id: i for i, p in enumerate(patterns)}

    def ranked(table: dict[str, list[Pattern]]) -> dict[str, tuple[Pattern, ...]]:
        return {k: tuple(sorted(v, key=lambda p: order[p.id])) for k, v in table.items()}

    forms = {form: base for base in by_verb for form in inflections(base) if form not in by_verb}
    return PatternSet(version, tuple(patterns), ranked(by_verb), ranked(by_noun), forms)


def inflections(verb: str) -> set[str]:
    """Regular English forms of a verb: -s, -ed, -ing, with the usual spelling changes."""
    forms = {verb, verb + "s", verb + "ed", verb + "ing"}
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(verb + "es")
    if verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if (
        len(verb) > 2
        and verb[-1] not in "aeiouwxy"
        and verb[-2] in "aeiou"
        and verb[-3] not in "aeiou"
    ):
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


def load_patterns(paths: Iterable[str | Path] = ()) -> PatternSet:
    """The bundled patterns plus any user pattern files (later files add patterns)."""
    extra = tuple(str(p) for p in paths)
    return _load(extra)


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> PatternSet:
    all_patterns: list[Pattern] = []
    versions = []
    bundled = resources.files("dotterel") / "data" / "patterns"
    files: list[tuple[str, str]] = [
        (f"patterns/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in sorted(bundled.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml") and not entry.name.startswith("_")
    ]
    for path in extra:
        try:
            files.append((path, Path(path).read_text(encoding="utf-8")))
        except OSError as exc:
            raise DataFileError(f"cannot read pattern file {path}: {exc.strerror}") from exc
    for source, text in files:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DataFileError(f"{source}: not valid YAML: {exc}") from exc
        version, patterns = parse_pattern_file(data, source)
        versions.append(f"{Path(source).stem}@{version}")
        all_patterns.extend(patterns)
    return build_pattern_set(all_patterns, ";".join(versions))


@functools.lru_cache(maxsize=1)
def role_lexicon() -> Mapping[str, frozenset[str]]:
    """Word lists the role finder uses (light verbs, quantity nouns, proxy nouns …)."""
    text = (resources.files("dotterel") / "data" / "patterns" / "_roles.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {k: frozenset(str(w).lower() for w in v) for k, v in data.items() if isinstance(v, list)}
