"""The ontology's records and the loader that validates ``plover.yaml`` and its crosswalk.

Every problem is a :class:`~dotterel.errors.DataFileError` naming the file and the entry, with
a hint saying what to change. :func:`parse` is called once per file by
:func:`dotterel.ontology.load_ontology`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from dotterel.errors import DataFileError
from dotterel.records import CERTAINTIES, STATUSES


@dataclass(frozen=True, slots=True)
class Mode:
    """One mode ("how") of an event type, with its score and CAMEO export code."""

    name: str
    description: str
    score: float
    #: The CAMEO code this mode is exported as, or ``None`` when it exports as the type's root.
    cameo: str | None = None


@dataclass(frozen=True, slots=True)
class EventType:
    """One PLOVER event type ("what")."""

    name: str
    description: str
    quad_code: int
    score: float
    modes: tuple[Mode, ...]
    #: The CAMEO root code (two digits) the type is exported as.
    cameo: str
    requires_recipient: bool = False

    @property
    def mode_names(self) -> tuple[str, ...]:
        """The names of the type's modes, in file order."""
        return tuple(m.name for m in self.modes)


@dataclass(frozen=True, slots=True)
class Context:
    """A PLOVER context ("why"); special contexts (future, negation …) have no keywords."""

    name: str
    description: str
    keywords: tuple[str, ...] = ()
    special: bool = False


@dataclass(frozen=True, slots=True)
class Sector:
    """A PLOVER actor sector code such as ``GOV`` or ``LAB``."""

    code: str
    description: str
    frequent: bool = False


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    """One row of the CAMEO crosswalk (see the header of ``cameo_crosswalk.csv``)."""

    cameo: str
    goldstein: float | None
    event_type: str
    mode: str | None
    direction: str
    exact: bool
    label: str


def show(target: tuple[str, str | None]) -> str:
    """``("ACCUSE", "disapprove")`` -> ``"ACCUSE (mode disapprove)"`` for messages."""
    name, mode = target
    return f"{name} (mode {mode})" if mode else name


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TYPE_NAME = re.compile(r"[A-Z][A-Z_]*\Z")
_MODE_NAME = re.compile(r"[A-Za-z][A-Za-z-]*\Z")
_CONTEXT_NAME = re.compile(r"[a-z][a-z_]*\Z")
_SECTOR_CODE = re.compile(r"[A-Z]{3}\Z")
_CROSSWALK_HEADER = ["cameo", "goldstein", "event_type", "mode", "direction", "exact", "label"]
_DIRECTIONS = ("both", "to_plover", "to_cameo")


@dataclass(frozen=True, slots=True)
class Modality:
    """How Event.status / certainty / historical become PLOVER-compatible context tags."""

    status: Mapping[str, tuple[str, ...]]
    certainty: Mapping[str, tuple[str, ...]]
    historical: tuple[str, ...]
    droppable: tuple[str, ...]


@dataclass(slots=True)
class Parsed:
    """Everything :func:`parse` read, validated, ready for :class:`~dotterel.ontology.Ontology`."""

    path: Path
    version: str
    quad_classes: dict[int, str]
    event_types: dict[str, EventType]
    crosswalk: tuple[CrosswalkRow, ...]
    aliases: dict[str, tuple[str, str | None]]
    mode_aliases: dict[str, dict[str, tuple[str, str | None]]]
    contexts: dict[str, Context]
    context_aliases: dict[str, str]
    modality: Modality
    sectors: dict[str, Sector]
    sector_aliases: dict[str, str]
    non_state_codes: dict[str, str]


class _Reader:
    """Typed getters whose errors name the file and the entry, and say what to do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, entry: str, problem: str, hint: str) -> NoReturn:
        raise DataFileError(f"{self.path}: {entry}: {problem}", hint=hint)

    def mapping(self, value: Any, entry: str, *, required: bool = False) -> dict[Any, Any]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict) or (required and not value):
            self.fail(
                entry,
                f"expected a non-empty mapping, found {type(value).__name__}",
                "see src/dotterel/data/ontology/plover.yaml for the layout",
            )
        return value

    def text(self, value: Any, entry: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(entry, f"expected non-empty text, found {value!r}", "add a short description")
        return " ".join(value.split())

    def score(self, value: Any, entry: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -10 <= value <= 10:
            self.fail(
                entry,
                f"score {value!r} is not a number from -10 to 10",
                "give a Goldstein-like score, e.g. score: -5.0",
            )
        return float(value)

    def name(self, value: Any, pattern: re.Pattern[str], entry: str) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(entry, f"bad name {value!r}", f"names must match {pattern.pattern}")
        return value

    def tags(self, value: Any, entry: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(entry, f"expected a list of words, found {value!r}", "write [word, word]")
        return tuple(value)


def parse(path: Path) -> Parsed:
    """Read and validate an ontology YAML file and the crosswalk CSV it names."""
    r = _Reader(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        raise DataFileError(
            f"cannot read ontology file {path}: {exc.strerror}", hint="check the path"
        ) from None
    except UnicodeDecodeError:
        r.fail("file", "not UTF-8 text", "save the file as UTF-8")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        r.fail(where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})", "fix the syntax")
    data = r.mapping(data, "top level", required=True)
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        r.fail("version", f"missing or not text ({version!r})", 'add e.g. version: "1.0" (quoted)')
    quads = {}
    for k, v in r.mapping(data.get("quad_classes"), "quad_classes", required=True).items():
        if isinstance(k, bool) or not isinstance(k, int):
            r.fail(f"quad_classes.{k}", "quad classes are numbered 1, 2, 3, 4", "use integer keys")
        quads[k] = r.text(v, f"quad_classes.{k}")
    types = _parse_types(r, data.get("event_types"), quads)
    xw_name = r.text(data.get("crosswalk"), "crosswalk")
    rows = _parse_crosswalk(_Reader(path.parent / xw_name), types)
    types = _attach_cameo(_Reader(path.parent / xw_name), types, rows)
    contexts = _parse_contexts(r, data.get("contexts"), data.get("special_contexts"))
    sectors = {}
    for code, entry in r.mapping(data.get("sectors"), "sectors", required=True).items():
        where = f"sectors.{code}"
        e = r.mapping(entry, where, required=True)
        sectors[r.name(code, _SECTOR_CODE, where)] = Sector(
            code, r.text(e.get("description"), f"{where}.description"), bool(e.get("frequent"))
        )
    return Parsed(
        path=path,
        version=version.strip(),
        quad_classes=quads,
        event_types=types,
        crosswalk=rows,
        aliases=_parse_aliases(r, data.get("aliases"), types),
        mode_aliases=_parse_mode_aliases(r, data.get("mode_aliases"), types),
        contexts=contexts,
        context_aliases=_parse_targets(r, data.get("context_aliases"), "context_aliases", contexts),
        modality=_parse_modality(r, data.get("modality"), contexts),
        sectors=sectors,
        sector_aliases=_parse_targets(r, data.get("sector_aliases"), "sector_aliases", sectors),
        non_state_codes={
            r.name(k, _SECTOR_CODE, f"non_state_codes.{k}"): r.text(v, f"non_state_codes.{k}")
            for k, v in r.mapping(data.get("non_state_codes"), "non_state_codes").items()
        },
    )


def _parse_types(r: _Reader, raw: Any, quads: Mapping[int, str]) -> dict[str, EventType]:
    types: dict[str, EventType] = {}
    for name, entry in r.mapping(raw, "event_types", required=True).items():
        where = f"event_types.{name}"
        r.name(name, _TYPE_NAME, where)
        e = r.mapping(entry, where, required=True)
        for key in ("quad", "score", "cameo", "description", "modes"):
            if key not in e:
                r.fail(where, f"missing '{key}'", f"every event type needs {key}")
        if e["quad"] not in quads:
            r.fail(
                f"{where}.quad", f"unknown quad class {e['quad']!r}", f"use one of {sorted(quads)}"
            )
        cameo = e["cameo"]
        if not (isinstance(cameo, str) and len(cameo) == 2 and cameo.isdigit()):
            r.fail(f"{where}.cameo", f"{cameo!r} is not a 2-digit CAMEO root", 'quote it: "08"')
        modes = []
        for mname, mentry in r.mapping(e["modes"], f"{where}.modes").items():
            mwhere = f"{where}.modes.{mname}"
            r.name(mname, _MODE_NAME, mwhere)
            m = r.mapping(mentry, mwhere, required=True)
            modes.append(
                Mode(
                    mname,
                    r.text(m.get("description"), f"{mwhere}.description"),
                    r.score(m.get("score"), f"{mwhere}.score"),
                )
            )
        types[name] = EventType(
            name=name,
            description=r.text(e["description"], f"{where}.description"),
            quad_code=e["quad"],
            score=r.score(e["score"], f"{where}.score"),
            modes=tuple(modes),
            cameo=cameo,
            requires_recipient=bool(e.get("requires_recipient", False)),
        )
    return types


def _parse_crosswalk(r: _Reader, types: Mapping[str, EventType]) -> tuple[CrosswalkRow, ...]:
    try:
        lines = r.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        r.fail("file", f"cannot read the crosswalk ({exc})", "check the 'crosswalk:' file name")
    # One record per line (labels never span lines), so errors can name the line.
    numbered = [(i, ln) for i, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]
    header = [ln for ln in lines[: numbered[0][0] if numbered else len(lines)] if "version:" in ln]
    if not header:
        r.fail("header", "no version in the leading comment", "add a line '# ... version: 1.0'")
    if not numbered or next(csv.reader([numbered[0][1]])) != _CROSSWALK_HEADER:
        r.fail("header", f"expected columns {','.join(_CROSSWALK_HEADER)}", "fix the header row")
    rows: list[CrosswalkRow] = []
    reads: dict[str, int] = {}
    writes: dict[tuple[str, str | None], int] = {}
    for lineno, line in numbered[1:]:
        cells = next(csv.reader([line]))
        where = f"line {lineno}"
        if len(cells) != len(_CROSSWALK_HEADER):
            r.fail(
                where, f"{len(cells)} columns instead of {len(_CROSSWALK_HEADER)}", "fix the row"
            )
        code, gold, tname, mode, direction, exact, label = (c.strip() for c in cells)
        if not (code.isdigit() and 2 <= len(code) <= 4 and 1 <= int(code[:2]) <= 20):
            r.fail(where, f"bad CAMEO code {code!r}", "use 2-4 digits under a root 01-20")
        if tname not in types:
            r.fail(where, f"unknown event type {tname!r}", f"use one of {', '.join(types)}")
        if mode and mode not in types[tname].mode_names:
            r.fail(
                where, f"unknown mode {mode!r} for {tname}", "add the mode to the YAML or fix it"
            )
        if direction not in _DIRECTIONS or exact not in ("0", "1"):
            r.fail(
                where,
                f"bad direction {direction!r} or exact {exact!r}",
                f"direction is one of {_DIRECTIONS}; exact is 0 or 1",
            )
        try:
            goldstein = float(gold) if gold else None
        except ValueError:
            r.fail(where, f"goldstein {gold!r} is not a number", "leave it empty if unknown")
        key = (tname, mode or None)
        if direction != "to_cameo":
            if code in reads:
                r.fail(
                    where,
                    f"CAMEO {code} is read twice (also line {reads[code]})",
                    "mark one of the rows to_cameo",
                )
            reads[code] = lineno
        if direction != "to_plover":
            if key in writes:
                r.fail(
                    where,
                    f"{show(key)} is written twice (also line {writes[key]})",
                    "mark one of the rows to_plover",
                )
            writes[key] = lineno
        rows.append(
            CrosswalkRow(code, goldstein, tname, mode or None, direction, exact == "1", label)
        )
    missing = [f"{n:02d}" for n in range(1, 21) if f"{n:02d}" not in reads]
    if missing:
        r.fail("roots", f"CAMEO roots {', '.join(missing)} do not map", "add a row for each root")
    return tuple(rows)


def _attach_cameo(
    r: _Reader, types: dict[str, EventType], rows: tuple[CrosswalkRow, ...]
) -> dict[str, EventType]:
    writes = {(x.event_type, x.mode): x.cameo for x in rows if x.direction != "to_plover"}
    out = {}
    for name, t in types.items():
        if writes.get((name, None)) != t.cameo:
            r.fail(
                name,
                f"no row writes {name} as its root {t.cameo}",
                f"add '{t.cameo},...,{name},,both' (or to_cameo)",
            )
        modes = tuple(
            Mode(m.name, m.description, m.score, writes.get((name, m.name))) for m in t.modes
        )
        out[name] = EventType(
            t.name, t.description, t.quad_code, t.score, modes, t.cameo, t.requires_recipient
        )
    return out


def _resolve_target(
    r: _Reader, value: Any, where: str, types: Mapping[str, EventType], home: str
) -> tuple[str, str | None]:
    """A mode-alias target: ``mode``, ``TYPE/mode`` or null."""
    if value is None:
        return home, None
    tname, _, mode = str(value).rpartition("/")
    tname = tname or home
    if tname not in types or (mode and mode not in types[tname].mode_names):
        r.fail(where, f"{value!r} names no known type/mode", "point at an existing mode")
    return tname, mode or None


def _parse_aliases(
    r: _Reader, raw: Any, types: Mapping[str, EventType]
) -> dict[str, tuple[str, str | None]]:
    out = {}
    for alias, entry in r.mapping(raw, "aliases").items():
        where = f"aliases.{alias}"
        r.name(alias, _TYPE_NAME, where)
        if alias in types:
            r.fail(where, "an alias cannot shadow an event type", "remove the alias")
        e = r.mapping(entry, where, required=True)
        target = e.get("type")
        if target not in types:
            r.fail(
                where, f"alias points at unknown type {target!r}", f"use one of {', '.join(types)}"
            )
        out[alias] = _resolve_target(r, e.get("mode"), where, types, str(target))
    return out


def _parse_mode_aliases(
    r: _Reader, raw: Any, types: Mapping[str, EventType]
) -> dict[str, dict[str, tuple[str, str | None]]]:
    out: dict[str, dict[str, tuple[str, str | None]]] = {}
    for tname, table in r.mapping(raw, "mode_aliases").items():
        if tname not in types:
            r.fail(f"mode_aliases.{tname}", "unknown event type", f"use one of {', '.join(types)}")
        out[tname] = {
            str(old).lower(): _resolve_target(r, new, f"mode_aliases.{tname}.{old}", types, tname)
            for old, new in r.mapping(table, f"mode_aliases.{tname}").items()
        }
    return out


def _parse_contexts(r: _Reader, raw: Any, special: Any) -> dict[str, Context]:
    out = {}
    for name, entry in r.mapping(raw, "contexts", required=True).items():
        where = f"contexts.{name}"
        r.name(name, _CONTEXT_NAME, where)
        e = r.mapping(entry, where, required=True)
        keywords = r.tags(e.get("keywords"), f"{where}.keywords")
        out[name] = Context(
            name,
            r.text(e.get("description"), f"{where}.description"),
            tuple(k.lower() for k in keywords),
        )
    for name, desc in r.mapping(special, "special_contexts").items():
        where = f"special_contexts.{name}"
        if r.name(name, _CONTEXT_NAME, where) in out:
            r.fail(where, "also defined under contexts", "keep one definition")
        out[name] = Context(name, r.text(desc, where), (), special=True)
    return out


def _parse_targets(r: _Reader, raw: Any, section: str, known: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for old, new in r.mapping(raw, section).items():
        if new not in known:
            r.fail(f"{section}.{old}", f"points at unknown {new!r}", "point at an existing name")
        out[str(old)] = new
    return out


def _parse_modality(r: _Reader, raw: Any, contexts: Mapping[str, Context]) -> Modality:
    m = r.mapping(raw, "modality", required=True)
    prefix = r.text(m.get("extension_prefix"), "modality.extension_prefix")

    def tags(value: Any, where: str) -> tuple[str, ...]:
        out = r.tags(value, where)
        for tag in out:
            if not (tag.startswith(prefix) or (tag in contexts and contexts[tag].special)):
                r.fail(
                    where,
                    f"{tag!r} is neither a special context nor '{prefix}'-prefixed",
                    f"use historical/future/hypothetical/negation or '{prefix}<word>'",
                )
        return out

    def table(section: str, expected: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        got = r.mapping(m.get(section), f"modality.{section}", required=True)
        missing = [k for k in expected if k not in got]
        if missing:
            r.fail(
                f"modality.{section}",
                f"no entry for {', '.join(missing)}",
                f"map every value of records.{section.upper()}",
            )
        return {k: tags(got[k], f"modality.{section}.{k}") for k in expected}

    return Modality(
        status=MappingProxyType(table("status", STATUSES)),
        certainty=MappingProxyType(table("certainty", CERTAINTIES)),
        historical=tags(m.get("historical"), "modality.historical"),
        droppable=tags(m.get("droppable"), "modality.droppable"),
    )
