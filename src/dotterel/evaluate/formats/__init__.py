"""Gold-set adapters, one module per file format, and the registry that picks one by name.

Each module defines ``TASK`` (what it measures), ``DEFAULT_PATH`` (where the team's copy lives
inside the shared folder, or ``None``) and ``load(path, *, limit=None) -> GoldSet``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from dotterel.errors import InputError, ValidationError
from dotterel.evaluate.gold import GoldSet, builtin_gold_path, shared_dir

#: Format name (as given to ``dotterel eval --format``) -> adapter module.
FORMATS: dict[str, str] = {
    "conflibert": "dotterel.evaluate.formats.conflibert",
    "dotterel": "dotterel.evaluate.formats.own",
    "event-location": "dotterel.evaluate.formats.event_location",
    "geoparsing": "dotterel.evaluate.formats.geoparsing",
    "meantime": "dotterel.evaluate.formats.meantime",
    "petrarch": "dotterel.evaluate.formats.petrarch",
    "plover-gsr": "dotterel.evaluate.formats.plover_gsr",
    "polnear": "dotterel.evaluate.formats.polnear",
    "wikievents": "dotterel.evaluate.formats.wikievents",
}


def adapter(format: str) -> ModuleType:
    """The adapter module for ``format``; :class:`ValidationError` naming the choices if unknown."""
    try:
        return importlib.import_module(FORMATS[format])
    except KeyError:
        raise ValidationError(
            f"unknown gold format {format!r}", hint="choose one of: " + ", ".join(sorted(FORMATS))
        ) from None


def resolve_path(gold: str | Path, format: str) -> Path:
    """Turn ``--gold`` into a path: ``builtin`` is the own gold set, ``shared`` the team's copy."""
    if str(gold) == "builtin":
        if format != "dotterel":
            raise ValidationError(
                "--gold builtin is the own gold set", hint="use --format dotterel"
            )
        path = builtin_gold_path()
        if path is None:
            raise InputError(
                "the own gold set is not available in this installation",
                hint="run from a source checkout (gold/dotterel_gold.jsonl) or pass --gold FILE",
            )
        return path
    if str(gold) == "shared":
        base = shared_dir()
        default = getattr(adapter(format), "DEFAULT_PATH", None)
        if base is None or default is None:
            raise InputError(
                f"no shared gold copy for format {format!r}",
                hint="set DOTTEREL_SHARED to the shared folder or pass --gold PATH",
            )
        return base / default
    path = Path(gold)
    if not path.exists():
        raise InputError(f"gold file {str(path)!r} does not exist", hint="check the --gold path")
    return path


def load_gold(gold: str | Path, format: str = "dotterel", *, limit: int | None = None) -> GoldSet:
    """Read a gold file or folder of the given format into a :class:`GoldSet`."""
    module = adapter(format)
    if limit is not None and limit < 1:
        raise ValidationError(f"--limit must be at least 1, not {limit}")
    gold_set: GoldSet = module.load(resolve_path(gold, format), limit=limit)
    return gold_set
