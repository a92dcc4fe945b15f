"""The compiled actor dictionaries: names, agent nouns and descriptions keyed by token tuples.

Every name is cut into tokens once, at load time, and stored under a tuple key, so a lookup is
a few dict probes per token of a phrase: no regular expression ever scans the dictionary.
Names written in capitals (US, IRGC, U.N.) are only matched with their capitals; the rest
case-insensitively.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataFileError
from .entries import (
    Description,
    Entry,
    PronounRule,
    Role,
    SectorTerm,
    check_code,
    check_sector,
    norm_date,
)
from .text import Tok, cased_form, demonym_plural, is_acronym, key_of, normalise, pluralize

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Data files shipped in dotterel/data/actors.
BUNDLED_FILES = (
    "countries.yaml",
    "places.tsv",
    "country_names.yaml",
    "igos.yaml",
    "organisations.yaml",
    "people.yaml",
    "sectors.yaml",
    "coref.yaml",
)


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary hit over ``toks[start:end]`` of a phrase."""

    start: int
    end: int
    entries: tuple[Entry, ...]


def read_yaml(path: Path | str, text: str | None = None) -> dict[str, Any]:
    """A YAML mapping with a ``version`` key, or :class:`DataFileError` saying what is wrong."""
    try:
        data = yaml.load(text if text is not None else Path(path).read_text("utf-8"), _Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"cannot read actor dictionary {path}: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise DataFileError(
            f"actor dictionary {path} has no top-level mapping with a version",
            hint='start the file with `version: "1"`',
        )
    return data


#: Where the bundled actor data lives.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"


def _bundled(name: str) -> dict[str, Any]:
    if name.endswith(".tsv"):
        return read_tsv(DATA_DIR / name)
    return read_yaml(DATA_DIR / name)


def read_tsv(path: Path) -> dict[str, Any]:
    """A tab-separated table with a ``# version:`` first line, as {"version", "rows"}."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"cannot read actor table {path}: {exc}") from exc
    if not lines or not lines[0].startswith("# version:"):
        raise DataFileError(f"actor table {path} has no `# version:` first line")
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    header = body[0].split("\t")
    rows = [dict(zip(header, ln.split("\t"), strict=False)) for ln in body[1:]]
    return {"version": lines[0].split(":", 1)[1].strip(), "rows": rows}


def _keys(term: Any) -> set[tuple[str, ...]]:
    """The lookup keys of a listed term, singular and plural ("militia", "militias")."""
    return {key_of(form)[0] for form in (str(term), pluralize(str(term)))}


def _roles(raw: Any, code: str, where: str) -> tuple[Role, ...]:
    roles = []
    for r in raw or ():
        roles.append(
            Role(
                check_code(r.get("code", code), where),
                check_sector(r.get("sector"), where),
                norm_date(r.get("start"), where),
                norm_date(r.get("end"), where, end=True),
            )
        )
    return tuple(roles)


class Lexicon:
    """All actor dictionaries, compiled. Build with :func:`bundled_lexicon` or :meth:`load`."""

    def __init__(self) -> None:
        self._ci: dict[tuple[str, ...], list[Entry]] = {}
        self._cs: dict[tuple[str, ...], list[Entry]] = {}
        self._ci_len: dict[str, int] = {}
        self._cs_len: dict[str, int] = {}
        self.sectors: dict[tuple[str, ...], SectorTerm] = {}
        self._sector_len: dict[str, int] = {}
        self.partitive: set[tuple[str, ...]] = set()
        self.relational: set[tuple[str, ...]] = set()
        #: Agent nouns that count only as the head ("locals", not "local officials").
        self.head_only: set[tuple[str, ...]] = set()
        #: Agent nouns whose sector changes when a name backs them ("Iranian-backed militias").
        self.backed: dict[tuple[str, ...], str] = {}
        #: Weak agent nouns the article context disambiguates ("officers": MIL or COP).
        self.ambiguous: dict[tuple[str, ...], frozenset[str]] = {}
        #: Agent nouns that fix a non-state code ("human rights group" -> NGO).
        self.default_codes: dict[tuple[str, ...], str] = {}
        self.former: frozenset[str] = frozenset()
        self.honorifics: frozenset[str] = frozenset()
        self.descriptions: dict[tuple[str, ...], Description] = {}
        self.pronouns: dict[str, PronounRule] = {}
        self.max_sentences = 6
        self.country_tags: dict[str, frozenset[str]] = {}
        self.continent: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        #: igo code -> {country code: (joined, left)}.
        self.members: dict[str, dict[str, tuple[str | None, str | None]]] = {}
        self.versions: dict[str, str] = {}
        self._igo_codes: set[str] = set()

    # -- building -------------------------------------------------------------------------

    def add_name(self, name: str, entry: Entry, *, cased: bool | None = None) -> None:
        """Index ``entry`` under ``name`` (case-sensitively for acronyms or when asked)."""
        ci, cs = key_of(name)
        if not ci:
            return
        sensitive = is_acronym(name) if cased is None else cased
        index, lengths, key = (
            (self._cs, self._cs_len, cs) if sensitive else (self._ci, self._ci_len, ci)
        )
        bucket = index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        lengths[key[0]] = max(lengths.get(key[0], 0), len(key))

    def add_key(self, key: tuple[str, ...], entry: Entry) -> None:
        """Index ``entry`` under a precomputed case-sensitive token key (places.tsv)."""
        bucket = self._cs.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        self._cs_len[key[0]] = max(self._cs_len.get(key[0], 0), len(key))

    def remove_name(self, name: str) -> None:
        """Drop every entry under ``name`` (user dictionaries replace bundled names)."""
        ci, cs = key_of(name)
        self._ci.pop(ci, None)
        self._cs.pop(cs, None)

    def add_sector(self, term: str, sector: str, tier: str) -> None:
        """Index an agent noun / title and its plural."""
        for form in {term, pluralize(term)}:
            key = key_of(form)[0]
            if not key:
                continue
            old = self.sectors.get(key)
            # A term listed twice keeps its strongest tier (override > strong > weak).
            if old is None or _TIER_RANK[tier] < _TIER_RANK[old.tier]:
                self.sectors[key] = SectorTerm(sector, tier)
            self._sector_len[key[0]] = max(self._sector_len.get(key[0], 0), len(key))

    @classmethod
    def load(cls, files: dict[str, dict[str, Any]]) -> Lexicon:
        """Compile the bundled documents (file name -> parsed YAML)."""
        lex = cls()
        for name, doc in files.items():
            lex.versions[name] = str(doc.get("version"))
        lex._load_countries(files["countries.yaml"], files["country_names.yaml"])
        lex._load_places(files["places.tsv"], files["country_names.yaml"])
        lex._load_organisations(files["igos.yaml"], "igos.yaml")
        lex._load_organisations(files["organisations.yaml"], "organisations.yaml")
        lex._load_people(files["people.yaml"])
        lex._load_sectors(files["sectors.yaml"])
        lex._load_coref(files["coref.yaml"])
        return lex

    def _load_countries(self, generated: dict[str, Any], curated: dict[str, Any]) -> None:
        extra = curated.get("countries") or {}
        capitals_extra = curated.get("capitals") or {}
        sovereign = set(curated.get("sovereign") or ())
        rows = list(generated.get("countries") or ()) + list(curated.get("historic") or ())
        for row in rows:
            code = check_code(row.get("code"), "countries")
            name = str(row["name"])
            self.country_names[code] = name
            self.continent[code] = str(row.get("continent") or "")
            # Historic states (Soviet Union, Yugoslavia) end: their names yield to current ones.
            ended = norm_date(row.get("end"), f"countries: {code}", end=True)
            roles = (Role(code, None, None, ended),) if ended else ()
            country = Entry("country", code, None, name, roles=roles)
            for alias in [name, *(row.get("aliases") or ())]:
                self.add_name(str(alias), country)
            cur = extra.get(code) or {}
            self.country_tags[code] = frozenset(cur.get("tags") or ())
            for alias in cur.get("aliases") or ():
                self.add_name(str(alias), country)
            demonym = Entry("demonym", code, None, name, roles=roles)
            people = Entry("demonym", code, None, name, people=True, roles=roles)
            for dem in [*(cur.get("demonyms") or ()), *(row.get("demonyms") or ())]:
                self.add_name(str(dem), demonym)
                plural = demonym_plural(str(dem))
                if plural:
                    self.add_name(plural, people)
            for noun, plural in (cur.get("nouns") or {}).items():
                self.add_name(str(noun), people)
                self.add_name(str(plural), people)
            for seat, sector in (cur.get("seats") or {}).items():
                where = f"country_names.yaml: {code} seat {seat}"
                self.add_name(
                    str(seat), Entry("seat", code, check_sector(sector, where), str(seat))
                )
            if row.get("un_member") or code in sovereign or "end" in row:
                capital = Entry(
                    "capital",
                    code,
                    "GOV",
                    name,
                    roles=tuple(Role(code, "GOV", None, r.end) for r in roles),
                )
                caps = [
                    row.get("capital"),
                    *(row.get("capitals") or ()),
                    *capitals_extra.get(code, ()),
                ]
                for cap in caps:
                    if cap:
                        self.add_name(str(cap), capital)

    def _load_places(self, table: dict[str, Any], curated: dict[str, Any]) -> None:
        # Places give a code only, and only with their capitals as written ("Mobile").
        entries: dict[str, Entry] = {}
        for row in table.get("rows") or ():
            code = check_code(row.get("code"), f"places.tsv: {row.get('name')}")
            entry = entries.setdefault(
                code, Entry("place", code, None, self.country_names.get(code, code))
            )
            key = tuple(str(row.get("key") or "").split(" "))
            if key and key[0]:
                self.add_key(key, entry)
        for code, names in (curated.get("regions") or {}).items():
            check_code(code, "country_names.yaml: regions")
            entry = entries.setdefault(
                code, Entry("place", code, None, self.country_names.get(code, code))
            )
            for name in names:
                self.add_name(str(name), entry, cased=True)

    def _load_organisations(self, doc: dict[str, Any], fname: str) -> None:
        for row in doc.get("organisations") or ():
            where = f"{fname}: {row.get('name')}"
            code = check_code(row.get("code"), where)
            kind = str(row.get("kind") or "organisation")
            if kind not in ("igo", "ngo", "img", "organisation"):
                raise DataFileError(
                    f"{where}: unknown kind {kind!r}", hint="igo, ngo, img or organisation"
                )
            entry = Entry(
                kind,
                code,
                check_sector(row.get("sector"), where),
                str(row["name"]),
                roles=_roles(row.get("roles"), code, where),
                tags=frozenset(row.get("tags") or ()),
            )
            if kind == "igo":
                self._igo_codes.add(code)
            cased = {str(a) for a in row.get("cased") or ()}
            for alias in [row["name"], *(row.get("aliases") or ())]:
                self.add_name(str(alias), entry, cased=True if str(alias) in cased else None)
            if row.get("members"):
                joined = row.get("joined") or {}
                left = row.get("left") or {}
                self.members[code] = {
                    str(m): (
                        norm_date(joined.get(m), where),
                        norm_date(left.get(m), where, end=True),
                    )
                    for m in row["members"]
                }

    def _load_people(self, doc: dict[str, Any]) -> None:
        for row in doc.get("people") or ():
            where = f"people.yaml: {row.get('name')}"
            code = check_code(row.get("code"), where)
            entry = Entry(
                "person",
                code,
                check_sector(row.get("sector"), where),
                str(row["name"]),
                roles=_roles(row.get("roles"), code, where),
                gender=str(row.get("gender") or "m"),
            )
            for alias in [row["name"], *(row.get("aliases") or ())]:
                self.add_name(str(alias), entry)

    def _load_sectors(self, doc: dict[str, Any]) -> None:
        for tier in ("weak", "strong", "override"):
            for sector, terms in (doc.get(tier) or {}).items():
                check_sector(sector, f"sectors.yaml: {tier}")
                for term in terms or ():
                    self.add_sector(str(term), str(sector), tier)
        for code, terms in (doc.get("codes") or {}).items():
            check_code(code, "sectors.yaml: codes")
            for term in terms or ():
                for key in _keys(term):
                    self.default_codes[key] = str(code)
        for name, keys in (
            ("partitive", self.partitive),
            ("relational", self.relational),
            ("head_only", self.head_only),
        ):
            for term in doc.get(name) or ():
                keys.update(_keys(term))
        for term, choices in (doc.get("ambiguous") or {}).items():
            sectors = frozenset(check_sector(s, "sectors.yaml: ambiguous") for s in choices)
            for key in _keys(term):
                self.ambiguous[key] = frozenset(s for s in sectors if s)
        for term, sector in (doc.get("backed") or {}).items():
            check_sector(sector, "sectors.yaml: backed")
            for key in _keys(term):
                self.backed[key] = str(sector)
        self.former = frozenset(str(w).lower() for w in doc.get("former") or ())
        self.honorifics = frozenset(str(w).lower() for w in doc.get("honorifics") or ())

    def _load_coref(self, doc: dict[str, Any]) -> None:
        self.max_sentences = int(doc.get("max_sentences") or 6)
        for row in doc.get("descriptions") or ():
            where = "coref.yaml: " + ", ".join(row.get("text") or ())
            desc = Description(
                refers_to=str(row["refers_to"]),
                sector=check_sector(row.get("sector"), where),
                tag=row.get("tag"),
                member_of=row.get("member_of"),
                continent=row.get("continent"),
                antecedent_sector=check_sector(row.get("antecedent_sector"), where),
                pair_only=bool(row.get("pair_only")),
            )
            for text in row.get("text") or ():
                for key in _keys(text):
                    self.descriptions.setdefault(key, desc)
        for word, rule in (doc.get("pronouns") or {}).items():
            self.pronouns[str(word)] = PronounRule(
                frozenset(rule.get("refers_to") or ()),
                rule.get("gender"),
                rule.get("number") == "plural",
            )

    # -- lookups --------------------------------------------------------------------------

    def match_entities(self, toks: Sequence[Tok]) -> list[Match]:
        """Longest, left-to-right, non-overlapping dictionary names in ``toks``."""
        lows = [t.low for t in toks]
        cases = [t.cased for t in toks]
        ci, cs, ci_len, cs_len = self._ci, self._cs, self._ci_len, self._cs_len
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            best_len = 0
            best: list[Entry] | None = None
            # Case-sensitive names first: at equal length "US" (the country) beats "us".
            for length in range(min(cs_len.get(cases[i], 0), n - i), 0, -1):
                hit = cs.get(tuple(cases[i : i + length]))
                if hit:
                    best_len, best = length, hit
                    break
            for length in range(min(ci_len.get(lows[i], 0), n - i), best_len, -1):
                hit = ci.get(tuple(lows[i : i + length]))
                if hit:
                    best_len, best = length, hit
                    break
            if best is None:
                i += 1
            else:
                out.append(Match(i, i + best_len, tuple(best)))
                i += best_len
        return out

    def match_sectors(
        self, toks: Sequence[Tok], skip: Iterable[int] = ()
    ) -> list[tuple[int, int, SectorTerm]]:
        """Longest, left-to-right agent nouns and titles in ``toks``, outside ``skip``."""
        blocked = set(skip)
        lows = [t.low for t in toks]
        sectors, lengths = self.sectors, self._sector_len
        out: list[tuple[int, int, SectorTerm]] = []
        i, n = 0, len(toks)
        while i < n:
            longest = 0 if i in blocked else min(lengths.get(lows[i], 0), n - i)
            for length in range(longest, 0, -1):
                if blocked and any(j in blocked for j in range(i, i + length)):
                    continue
                term = sectors.get(tuple(lows[i : i + length]))
                if term is not None:
                    out.append((i, i + length, term))
                    i += length
                    break
            else:
                i += 1
        return out

    def starts_name(self, text: str) -> bool:
        """True when some dictionary name begins with this word (any case rules)."""
        return normalise(text) in self._ci_len or cased_form(text) in self._cs_len

    def starts_sector(self, lower: str) -> bool:
        """True when some agent noun or title begins with this (lower-case) word."""
        return normalise(lower) in self._sector_len

    def family(self, code: str) -> str:
        """``country`` (ISO or historic state), ``igo``, ``ngo``, ``img`` or ``unknown``."""
        if code in self.country_names:
            return "country"
        if code in ("NGO", "IMG"):
            return code.lower()
        if code == "IGO" or code in self._igo_codes:
            return "igo"
        return "unknown"

    def is_member(self, country: str, igo: str, date: str | None) -> bool:
        """True when ``country`` belongs to ``igo`` on ``date`` (any time when undated)."""
        span = self.members.get(igo, {}).get(country)
        if span is None:
            return False
        joined, left = span
        if date is None:
            return left is None
        return (joined is None or joined <= date) and (left is None or date <= left)


_TIER_RANK = {"override": 0, "strong": 1, "weak": 2}


@functools.lru_cache(maxsize=1)
def bundled_documents() -> tuple[tuple[str, dict[str, Any]], ...]:
    """The parsed bundled data files, read once per process."""
    return tuple((name, _bundled(name)) for name in BUNDLED_FILES)


def bundled_lexicon() -> Lexicon:
    """A fresh lexicon compiled from the bundled data (compile once, then reuse it)."""
    return Lexicon.load(dict(bundled_documents()))
