"""User actor dictionaries (YAML or CSV), merged over the bundled ones.

YAML::

    version: "1"
    actors:
      - text: Edi Rama
        aliases: [Rama, Prime Minister Rama]
        code: ALB
        sector: GOV
        start: 2013-09-15          # optional date range of this code/sector
        type: person               # person | organisation | country (for "he" / "it")
      - text: Local Defence Committee
        code: SYR
        sector: PRM
        roles:                     # several date-ranged roles instead of start/end
          - {sector: REB, end: 2016-12-31}
          - {sector: PRM, start: 2017-01-01}

CSV (header required; ``aliases`` separated by ``|``; one row per role, rows with the same
``text`` are one actor)::

    # version: 1
    text,aliases,code,sector,start,end,type
    Edi Rama,Rama,ALB,GOV,2013-09-15,,person

A name in a user dictionary replaces every bundled entry under that name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from .entries import Entry, Role, check_code, check_sector, norm_date
from .lexicon import Lexicon, read_yaml

_TYPES = ("person", "organisation", "country", "igo")


def load_user_dictionary(path: str | Path) -> list[dict[str, Any]]:
    """The actor rows of one user dictionary, as dicts (YAML or CSV by extension)."""
    p = Path(path)
    if not p.exists():
        raise DataFileError(f"actor dictionary {p} does not exist", hint="check the path")
    if p.suffix.lower() in (".csv", ".tsv"):
        return _read_csv(p)
    if p.suffix.lower() not in (".yaml", ".yml"):
        raise DataFileError(f"actor dictionary {p}: unknown format", hint="use .yaml, .yml or .csv")
    doc = read_yaml(p)
    rows = doc.get("actors")
    if not isinstance(rows, list):
        raise DataFileError(f"actor dictionary {p} has no `actors:` list")
    return [dict(r) for r in rows]


def _read_csv(p: Path) -> list[dict[str, Any]]:
    try:
        text = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read actor dictionary {p}: {exc}") from exc
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines or not lines[0].lstrip().startswith("#") or "version" not in lines[0]:
        raise DataFileError(
            f"actor dictionary {p} has no version header",
            hint="make the first line `# version: 1`",
        )
    body = "\n".join(ln for ln in lines if not ln.lstrip().startswith("#"))
    delimiter = "\t" if p.suffix.lower() == ".tsv" else ","
    reader = csv.DictReader(io.StringIO(body), delimiter=delimiter)
    if not reader.fieldnames or "text" not in reader.fieldnames or "code" not in reader.fieldnames:
        raise DataFileError(f"actor dictionary {p} needs `text` and `code` columns")
    grouped: dict[str, dict[str, Any]] = {}
    for row in reader:
        text = (row.get("text") or "").strip()
        if not text:
            continue
        actor = grouped.setdefault(
            text,
            {
                "text": text,
                "aliases": [],
                "type": (row.get("type") or "").strip() or None,
                "roles": [],
            },
        )
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip() and alias.strip() not in actor["aliases"]:
                actor["aliases"].append(alias.strip())
        actor["roles"].append(
            {
                "code": (row.get("code") or "").strip(),
                "sector": (row.get("sector") or "").strip() or None,
                "start": (row.get("start") or "").strip() or None,
                "end": (row.get("end") or "").strip() or None,
            }
        )
    return list(grouped.values())


def user_entry(row: dict[str, Any], where: str) -> tuple[Entry, list[str]]:
    """One user actor as an :class:`Entry` and the names it is known by."""
    text = str(row.get("text") or "").strip()
    if not text:
        raise DataFileError(f"{where}: an actor has no `text`")
    kind = row.get("type")
    if kind is not None and kind not in _TYPES:
        raise DataFileError(f"{where}: {text}: unknown type {kind!r}", hint=", ".join(_TYPES))
    raw_roles = list(row.get("roles") or ())
    code = row.get("code") or (raw_roles[0].get("code") if raw_roles else None)
    code = check_code(code, f"{where}: {text}")
    if not raw_roles and (row.get("start") or row.get("end")):
        raw_roles = [
            {
                "code": code,
                "sector": row.get("sector"),
                "start": row.get("start"),
                "end": row.get("end"),
            }
        ]
    roles = tuple(
        Role(
            check_code(r.get("code") or code, f"{where}: {text}"),
            check_sector(r.get("sector"), f"{where}: {text}"),
            norm_date(r.get("start"), f"{where}: {text}"),
            norm_date(r.get("end"), f"{where}: {text}", end=True),
        )
        for r in raw_roles
    )
    # A CSV actor with one undated row is a plain code/sector, not a role.
    sector = check_sector(row.get("sector"), f"{where}: {text}")
    if len(roles) == 1 and roles[0].start is None and roles[0].end is None:
        code, sector, roles = roles[0].code, roles[0].sector, ()
    coref_kind = {"person": "person", "country": "country", "igo": "igo"}.get(
        kind or "", "organisation"
    )
    entry = Entry(
        "user", code, sector, text, roles=roles, gender=row.get("gender"), coref_kind=coref_kind
    )
    aliases = [text, *(str(a) for a in row.get("aliases") or ())]
    return entry, aliases


def merge_user_dictionaries(lex: Lexicon, paths: list[str | Path]) -> None:
    """Index every user actor in ``lex``, replacing bundled entries of the same names."""
    for path in paths:
        rows = load_user_dictionary(path)
        entries = [user_entry(r, str(path)) for r in rows]
        for _, aliases in entries:
            for alias in aliases:
                lex.remove_name(alias)
        for entry, aliases in entries:
            for alias in aliases:
                lex.add_name(alias, entry)
        lex.versions[str(path)] = "user"
