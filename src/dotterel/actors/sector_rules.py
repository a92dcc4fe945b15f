"""Sector rules of a phrase: which agent noun wins, and how a name's own sector combines.

Used by :mod:`dotterel.actors.decide`; the terms and their tiers live in sectors.yaml.
"""

from __future__ import annotations

from .entries import FORMER_SECTOR, STATE_SECTORS, Entry, SectorTerm
from .lexicon import Lexicon, Match
from .text import Tok

#: Words after a name that make it the backer of the actor ("Iranian-backed militias").
_BACKERS = frozenset(
    {
        "backed",
        "supported",
        "sponsored",
        "funded",
        "financed",
        "armed",
        "equipped",
        "trained",
        "controlled",
        "directed",
        "aligned",
        "allied",
        "linked",
        "affiliated",
    }
)


#: Sectors of generic staff nouns ("workers", "staff", "researchers") that yield to an NGO's.
_STAFF_SECTORS = frozenset({"LAB", "EDU"})


#: Kinds whose own sector outranks a weak agent noun ("Hamas spokesman" is REB).
_ORG_KINDS = frozenset({"organisation", "ngo", "img", "user", "person"})


def backed_sector(
    core: list[Tok],
    head: int,
    hits: list[tuple[int, int, SectorTerm]],
    matches: list[Match],
    lex: Lexicon,
) -> str | None:
    """The sector of a head noun backed by a name ("Iranian-backed militias" -> PRM)."""
    at_head = next((h for h in hits if h[0] <= head < h[1]), None)
    if at_head is None or at_head[2].tier == "override":
        return None
    sector = lex.backed.get(tuple(t.low for t in core[at_head[0] : at_head[1]]))
    if sector is None:
        return None
    for m in matches:
        after = core[m.end] if m.end < len(core) else None
        if after is not None and "-" in after.sep and after.low in _BACKERS:
            return sector
    return None


def pick_sector(
    core: list[Tok], head: int, hits: list[tuple[int, int, SectorTerm]]
) -> tuple[str | None, str | None]:
    """The phrase's sector and its tier: override > the head's strong term > the nearest
    strong term before the head > the head's own term > the nearest weak term."""
    if not hits:
        return None, None
    overrides = [h for h in hits if h[2].tier == "override"]
    if overrides:
        return overrides[-1][2].sector, "override"
    at_head = next((h for h in hits if h[0] <= head < h[1]), None)
    if at_head is not None and at_head[2].tier == "strong":
        return at_head[2].sector, "strong"
    strong = [h for h in hits if h[2].tier == "strong" and h[0] <= head]
    if strong:
        return strong[-1][2].sector, "strong"
    if at_head is not None:
        return at_head[2].sector, at_head[2].tier
    weak = [h for h in hits if h[0] <= head] or hits
    return weak[-1][2].sector, weak[-1][2].tier


def combine(
    entry: Entry, own: str | None, phrase_sector: str | None, tier: str | None, covers_head: bool
) -> str | None:
    """The sector of a named actor: its own (``own``) or the phrase's agent nouns'."""
    if entry.people and covers_head and phrase_sector is None:
        return "CVL"  # "Iraqis", "Britons": the people of a country
    if entry.kind in ("country", "demonym"):
        return phrase_sector
    if entry.kind == "ngo" and not covers_head and phrase_sector in _STAFF_SECTORS:
        # Aid and rights groups' staff are SOC (gold/GUIDELINES.md): "Amnesty researchers"
        # and "Red Cross workers" work for the group, they are no union.
        return own or "SOC"
    if covers_head:
        if entry.kind == "person" and tier in ("override", "strong") and phrase_sector:
            # The title in the text ("President Boris Yeltsin") is better evidence of the
            # office than the article date, which may fall outside the listed term.
            return phrase_sector
        if entry.kind in _ORG_KINDS:
            return own or phrase_sector
        return phrase_sector or own
    # The name modifies another noun ("Iran's ambassador", "Hamas spokesman").
    if tier in ("override", "strong"):
        return phrase_sector
    if entry.kind in _ORG_KINDS and own is not None:
        return own
    return phrase_sector or own


def former_sector(sector: str | None, former: bool) -> str | None:
    """A former holder of a state sector is a former official (CAMEO ELI, PLOVER CVL)."""
    if former and sector in STATE_SECTORS:
        return FORMER_SECTOR
    return sector


#: Sectors a title inside an organisation's name gives its holder ("EU foreign policy chief").
_TITLE_SECTORS = frozenset({"GOV", "JUD", "LEG", "MIL", "COP", "SPY"})


def title_in_name(core: list[Tok], match: Match, head: int, lex: Lexicon) -> str | None:
    """The sector of a title ending a name that is an office ("UN Secretary-General")."""
    for a, b, term in lex.match_sectors(core[match.start : match.end]):
        if a <= head - match.start < b and term.sector in _TITLE_SECTORS:
            return term.sector
    return None
