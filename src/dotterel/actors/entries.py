"""The records the actor dictionaries compile into: entries, roles, sector terms, descriptions.

Plain frozen dataclasses, no loading logic: :mod:`dotterel.actors.lexicon` builds them from the
data files and :mod:`dotterel.actors.userdict` from user dictionaries.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import DataFileError


def _ontology_sectors() -> tuple[frozenset[str], dict[str, str]]:
    # The sector list is the ontology's (data/ontology/plover.yaml), so actors and events
    # can never disagree on what a sector code is.
    from ..ontology import load_ontology

    ontology = load_ontology()
    return frozenset(ontology.sectors), dict(ontology.sector_aliases)


#: PLOVER sector codes (MED is health, JRN is media) and the CAMEO-era aliases folded into
#: them (ELI -> CVL, HLH -> MED, INS/SEP -> REB), from the ontology.
SECTORS, SECTOR_ALIASES = _ontology_sectors()
#: Sectors of the state: a former holder of one of these is a former official.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
#: The sector of a former official: CAMEO's ELI, which PLOVER folds into CVL.
FORMER_SECTOR = SECTOR_ALIASES.get("ELI", "CVL")
#: Which entry wins when one name has several: lower is stronger.
KIND_PRIORITY = {
    "user": 0,
    "person": 1,
    "organisation": 2,
    "igo": 3,
    "ngo": 3,
    "img": 3,
    "seat": 4,
    "country": 5,
    "demonym": 6,
    "capital": 7,
    "place": 8,
}
#: ActorRef.resolved_by for each kind of entry.
RESOLVED_BY = {
    "user": "user",
    "person": "person",
    "organisation": "organisation",
    "igo": "igo",
    "ngo": "organisation",
    "img": "organisation",
    "seat": "capital",
    "country": "country",
    "demonym": "demonym",
    "capital": "capital",
    "place": "place",
}
#: What coreference treats an entry as ("it" takes countries, IGOs and organisations).
COREF_KIND = {
    "person": "person",
    "organisation": "organisation",
    "ngo": "organisation",
    "img": "organisation",
    "igo": "igo",
    "seat": "country",
    "country": "country",
    "demonym": "country",
    "capital": "country",
    "place": "country",
}
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_code(code: Any, where: str) -> str:
    """A three-letter upper-case actor code, or :class:`DataFileError`."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise DataFileError(
            f"{where}: actor code {code!r} is not three capital letters",
            hint="use an ISO-3166 alpha-3 code (IRN), an IGO code (UNO) or NGO/IMG",
        )
    return code


def check_sector(sector: Any, where: str) -> str | None:
    """A PLOVER sector code (aliases such as ELI mapped) or None, else :class:`DataFileError`."""
    if sector is None or sector == "":
        return None
    sector = SECTOR_ALIASES.get(sector, sector)
    if sector not in SECTORS:
        raise DataFileError(
            f"{where}: unknown sector {sector!r}",
            hint="use one of " + ", ".join(sorted(SECTORS)),
        )
    return str(sector)


def norm_date(value: Any, where: str, *, end: bool = False) -> str | None:
    """An ISO date string at day precision; a year or month is widened to its first/last day."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    if not _DATE.match(text):
        raise DataFileError(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if len(text) == 4:
        return text + ("-12-31" if end else "-01-01")
    if len(text) == 7:
        return text + ("-31" if end else "-01")
    return text


def query_date(date: str | None) -> str | None:
    """An article date ("2018", "2018-03", "2018-03-07T10:00") as a day for role lookups."""
    if not date:
        return None
    text = str(date).strip()[:10]
    if not _DATE.match(text):
        return None
    return norm_date(text, "date")


@dataclass(frozen=True, slots=True)
class Role:
    """A date-ranged code and sector ("Hassan Rouhani, IRN/GOV 2013-08-03 .. 2021-08-03")."""

    code: str
    sector: str | None
    start: str | None = None
    end: str | None = None

    def covers(self, date: str) -> bool:
        """True when ``date`` (a normalised day) falls inside the role."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a name can denote: a country, a capital, an IGO, an organisation, a person."""

    kind: str
    code: str
    sector: str | None
    name: str
    roles: tuple[Role, ...] = ()
    gender: str | None = None
    #: A demonym used as a noun for people ("Iranians", "Britons").
    people: bool = False
    tags: frozenset[str] = field(default_factory=frozenset)
    #: For user entries: what coreference treats the actor as (person, organisation, country).
    coref_kind: str | None = None

    @property
    def priority(self) -> int:
        return KIND_PRIORITY.get(self.kind, 9)

    @property
    def as_coref(self) -> str:
        return self.coref_kind or COREF_KIND.get(self.kind, "organisation")

    def at(self, date: str | None) -> tuple[str, str | None]:
        """Code and sector on ``date`` (a normalised day, or None for "no date known").

        Inside a role: that role (the latest-starting one when roles overlap). A person after
        the end of a state role and inside none: a former official (CAMEO's ELI, PLOVER's
        CVL) with that role's code. Otherwise the entry's own code and sector. Without a date:
        the latest role.
        """
        if not self.roles:
            return self.code, self.sector
        if date is None:
            latest = max(self.roles, key=lambda r: r.start or "")
            return latest.code, latest.sector
        inside = [r for r in self.roles if r.covers(date)]
        if inside:
            role = max(inside, key=lambda r: r.start or "")
            return role.code, role.sector
        ended = [r for r in self.roles if r.end is not None and r.end < date]
        is_person = self.kind == "person" or self.coref_kind == "person"
        if ended and is_person:
            # A person out of office is a former official.
            last = max(ended, key=lambda r: r.end or "")
            if any(r.sector in STATE_SECTORS for r in ended):
                return last.code, FORMER_SECTOR
            return last.code, self.sector
        return self.code, self.sector


@dataclass(frozen=True, slots=True)
class SectorTerm:
    """An agent noun or title and the sector it marks."""

    sector: str
    tier: str  # override | strong | weak


@dataclass(frozen=True, slots=True)
class Description:
    """A definite description that refers back to an actor ("the regime", "the NATO country")."""

    refers_to: str
    sector: str | None = None
    tag: str | None = None
    member_of: str | None = None
    continent: str | None = None
    antecedent_sector: str | None = None
    #: Only "both …" / "the two …" may use it ("both sides"; "the other side" names no one).
    pair_only: bool = False


@dataclass(frozen=True, slots=True)
class PronounRule:
    """Which antecedents a pronoun can take."""

    refers_to: frozenset[str]
    gender: str | None = None
    plural: bool = False
