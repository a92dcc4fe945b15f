"""The PLOVER ontology: event types, modes, contexts, sectors, scores and the CAMEO crosswalk.

The ontology is data (``data/ontology/plover.yaml`` and ``cameo_crosswalk.csv``); this package
loads it once per process, validates it (:mod:`._schema`), and answers lookups from prebuilt
dicts. Names that come from data files (event types, modes, contexts) raise
:class:`~dotterel.errors.DataFileError` when unknown; malformed parameters (a CAMEO code, a quad
number, a status) raise :class:`~dotterel.errors.ValidationError`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NoReturn

from dotterel.errors import DataFileError, ValidationError
from dotterel.ontology._schema import (
    Context,
    CrosswalkRow,
    EventType,
    Mode,
    Parsed,
    Sector,
    parse,
    show,
)

__all__ = [
    "DEFAULT_PATH",
    "Context",
    "CrosswalkRow",
    "EventType",
    "Mode",
    "Ontology",
    "Sector",
    "load_ontology",
]

#: The bundled ontology file.
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "ontology" / "plover.yaml"


class Ontology:
    """The loaded, validated ontology. Build it with :func:`load_ontology`."""

    def __init__(self, parsed: Parsed) -> None:
        self.version: str = parsed.version
        self.path: Path = parsed.path
        self.event_types: Mapping[str, EventType] = MappingProxyType(parsed.event_types)
        self.contexts: Mapping[str, Context] = MappingProxyType(parsed.contexts)
        self.sectors: Mapping[str, Sector] = MappingProxyType(parsed.sectors)
        self.sector_aliases: Mapping[str, str] = MappingProxyType(parsed.sector_aliases)
        self.non_state_codes: Mapping[str, str] = MappingProxyType(parsed.non_state_codes)
        self.quad_classes: Mapping[int, str] = MappingProxyType(parsed.quad_classes)
        self.aliases: Mapping[str, tuple[str, str | None]] = MappingProxyType(parsed.aliases)
        self.context_aliases: Mapping[str, str] = MappingProxyType(parsed.context_aliases)
        self.crosswalk: tuple[CrosswalkRow, ...] = parsed.crosswalk
        self._mode_aliases = parsed.mode_aliases
        self._modality = parsed.modality
        # (type, mode) -> (quad, score, cameo): every per-event lookup is one dict hit.
        self._facts: dict[tuple[str, str | None], tuple[int, float, str]] = {}
        for t in parsed.event_types.values():
            self._facts[(t.name, None)] = (t.quad_code, t.score, t.cameo)
            for m in t.modes:
                self._facts[(t.name, m.name)] = (t.quad_code, m.score, m.cameo or t.cameo)
        self._reverse: dict[str, CrosswalkRow] = {
            r.cameo: r for r in parsed.crosswalk if r.direction in ("both", "to_plover")
        }
        self._index_keywords()

    def __repr__(self) -> str:
        return f"<Ontology {self.version} from {self.path.name}: {len(self.event_types)} types>"

    # -- per-event facts ---------------------------------------------------------------------

    def quad_code(self, event_type: str, mode: str | None = None) -> int:
        """The quad class (1 verbal cooperation … 4 material conflict) of a type."""
        fact = self._facts.get((event_type, mode or None))
        return (fact or self._missing(event_type, mode))[0]

    def score(self, event_type: str, mode: str | None = None) -> float:
        """The Goldstein-like score (-10..10) of a type, refined by its mode when given."""
        fact = self._facts.get((event_type, mode or None))
        return (fact or self._missing(event_type, mode))[1]

    def cameo_code(self, event_type: str, mode: str | None = None) -> str:
        """The CAMEO code to export: the mode's code where one maps cleanly, else the root."""
        fact = self._facts.get((event_type, mode or None))
        return (fact or self._missing(event_type, mode))[2]

    def quad_name(self, code: int) -> str:
        """The name of a quad class, e.g. ``3`` -> ``"verbal conflict"``."""
        try:
            return self.quad_classes[code]
        except (KeyError, TypeError):
            raise ValidationError(
                f"unknown quad class {code!r}", hint=f"use one of {sorted(self.quad_classes)}"
            ) from None

    def _missing(self, event_type: str, mode: str | None) -> NoReturn:
        self.check(event_type, mode, ())
        raise AssertionError(f"check() accepted {event_type}/{mode}")  # pragma: no cover

    # -- validation and names ----------------------------------------------------------------

    def check(self, event_type: str, mode: str | None, contexts: Iterable[str]) -> None:
        """Raise :class:`DataFileError` unless type, mode and contexts are canonical names."""
        t = self.event_types.get(event_type)
        if t is None:
            alias = self.aliases.get(str(event_type).strip().upper())
            hint = (
                f"{event_type!r} is an older PLOVER name: use {show(alias)}"
                if alias
                else f"use one of {', '.join(self.event_types)}"
            )
            raise DataFileError(f"unknown PLOVER event type {event_type!r}", hint=hint)
        if mode and mode not in t.mode_names:
            target = self._mode_aliases.get(t.name, {}).get(mode.lower())
            if target is not None:
                hint = f"{mode!r} is an older mode name: use {show(target)}"
            elif t.modes:
                hint = f"the modes of {t.name} are {', '.join(t.mode_names)}"
            else:
                hint = f"{t.name} has no modes: leave mode empty"
            raise DataFileError(f"unknown mode {mode!r} for {t.name}", hint=hint)
        for c in contexts:
            if c not in self.contexts:
                alias_c = self.context_aliases.get(str(c).lower())
                hint = (
                    f"{c!r} is an older context name: use {alias_c!r}"
                    if alias_c
                    else "see docs/ontology.md for the context names"
                )
                raise DataFileError(f"unknown PLOVER context {c!r}", hint=hint)

    def canonical_type(self, name: str) -> tuple[str, str | None]:
        """Resolve a type name or older alias: ``"DISAPPROVE"`` -> ``("ACCUSE", "disapprove")``."""
        key = str(name).strip().upper()
        if key in self.event_types:
            return key, None
        if key in self.aliases:
            return self.aliases[key]
        self.check(key, None, ())
        raise AssertionError("unreachable")  # pragma: no cover

    def canonical(self, event_type: str, mode: str | None = None) -> tuple[str, str | None]:
        """Resolve a type *and* mode written with older names (as in the PLOVER gold file).

        ``("FIGHT", "heavy-weapons")`` -> ``("ASSAULT", "heavy-weapons")``,
        ``("COERCE", "destroy")`` -> ``("ASSAULT", "destroy")``; an empty mode is ``None``.
        """
        name, alias_mode = self.canonical_type(event_type)
        wanted = (mode or "").strip()
        if not wanted:
            return name, alias_mode
        t = self.event_types[name]
        for m in t.mode_names:
            if m.lower() == wanted.lower():
                return name, m
        target = self._mode_aliases.get(name, {}).get(wanted.lower())
        if target is not None:
            return target
        self.check(name, wanted, ())
        raise AssertionError("unreachable")  # pragma: no cover

    def canonical_context(self, name: str) -> str | None:
        """A context name or older alias -> the canonical context, or ``None`` if unknown."""
        key = str(name).strip().lower()
        if key in self.contexts:
            return key
        return self.context_aliases.get(key)

    def canonical_sector(self, code: str) -> str | None:
        """A sector code or CAMEO-era alias (``HLH``, ``ELI``) -> the PLOVER sector, or ``None``.

        Only the primary (first three letters) code is considered: ``"CVLkur"`` -> ``"CVL"``.
        """
        key = str(code).strip()[:3].upper()
        if key in self.sectors:
            return key
        return self.sector_aliases.get(key)

    # -- CAMEO -------------------------------------------------------------------------------

    def from_cameo(self, code: str, *, strict: bool = False) -> tuple[str, str | None]:
        """Map a CAMEO code (2-4 digits, e.g. ``"0841"``) to ``(event_type, mode)``.

        The longest matching prefix wins. With ``strict=True``, codes PLOVER drops (01 public
        statements, 02 appeals) raise :class:`ValidationError` instead of mapping by convention.
        """
        c = str(code).strip()
        if not (c.isdigit() and 2 <= len(c) <= 4):
            raise ValidationError(
                f"not a CAMEO event code: {code!r}", hint="give 2 to 4 digits as text, e.g. '0841'"
            )
        for n in (4, 3, 2):
            row = self._reverse.get(c[:n]) if n <= len(c) else None
            if row is not None:
                break
        else:
            raise ValidationError(f"unknown CAMEO root {c[:2]!r}", hint="CAMEO roots are 01-20")
        if strict and not row.exact:
            raise ValidationError(
                f"CAMEO {c} ({row.label}) has no PLOVER equivalent",
                hint="PLOVER drops CAMEO 01 and 02; pass strict=False to use dotterel's mapping",
            )
        return row.event_type, row.mode

    # -- contexts and modality ---------------------------------------------------------------

    def _index_keywords(self) -> None:
        self._context_order = tuple(self.contexts)
        self._unigrams: dict[str, tuple[int, ...]] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for i, ctx in enumerate(self.contexts.values()):
            for kw in ctx.keywords:
                for tokens in _keyword_forms(kw):
                    if len(tokens) == 1:
                        self._unigrams[tokens[0]] = (*self._unigrams.get(tokens[0], ()), i)
                    else:
                        self._phrases.setdefault(tokens[0], []).append((tokens, i))

    def contexts_for(self, lemmas: Iterable[str]) -> tuple[str, ...]:
        """PLOVER contexts suggested by keywords among ``lemmas`` (in order, lower-cased here).

        Multi-word keywords ("human right", "rule of law") match consecutive lemmas. The result
        follows the file's context order and has no duplicates.
        """
        seq = [w.lower() for w in lemmas]
        hits: set[int] = set()
        for i, w in enumerate(seq):
            found = self._unigrams.get(w)
            if found:
                hits.update(found)
            for tokens, idx in self._phrases.get(w, ()):
                if tuple(seq[i : i + len(tokens)]) == tokens:
                    hits.add(idx)
        return tuple(self._context_order[i] for i in sorted(hits))

    def modality_contexts(
        self, status: str, certainty: str, *, historical: bool = False
    ) -> tuple[str, ...]:
        """PLOVER-compatible context tags for an event's status, certainty and history.

        Uses PLOVER's special contexts where the manual has words for it (``future``,
        ``hypothetical``, ``negation``, ``historical``) and ``x-`` extension tags otherwise.
        """
        table = self._modality
        if status not in table.status:
            raise ValidationError(
                f"unknown status {status!r}", hint=f"use one of {list(table.status)}"
            )
        if certainty not in table.certainty:
            raise ValidationError(
                f"unknown certainty {certainty!r}", hint=f"use one of {list(table.certainty)}"
            )
        tags = [*table.status[status], *table.certainty[certainty]]
        if historical:
            tags.extend(table.historical)
        return tuple(dict.fromkeys(tags))

    @property
    def droppable_contexts(self) -> tuple[str, ...]:
        """Context tags whose events PLOVER lets an export leave out (``negation``)."""
        return self._modality.droppable


def _keyword_forms(keyword: str) -> list[tuple[str, ...]]:
    """The token sequences a keyword matches: spaCy splits "same-sex" into same / - / sex."""
    kw = keyword.lower()
    forms = [tuple(kw.split())]
    if "-" in kw:
        forms.append(tuple(kw.replace("-", " - ").split()))
    return forms


@functools.lru_cache(maxsize=1)
def _bundled() -> Ontology:
    return Ontology(parse(DEFAULT_PATH))


@functools.lru_cache(maxsize=8)
def _cached(path: str, _mtime_ns: int, _size: int) -> Ontology:
    return Ontology(parse(Path(path)))


def load_ontology(path: str | Path | None = None) -> Ontology:
    """Load and validate an ontology file; the bundled one is parsed once per process.

    A user file is re-read only when it changes. Raises :class:`DataFileError` naming the file
    and entry when the YAML or its crosswalk is malformed.
    """
    if path is None:
        return _bundled()
    p = Path(path).expanduser().resolve()
    try:
        st = p.stat()
    except OSError as exc:
        raise DataFileError(
            f"cannot read ontology file {p}: {exc.strerror}", hint="check the path"
        ) from None
    return _cached(str(p), st.st_mtime_ns, st.st_size)
