"""Decide code, sector and name of one phrase from the dictionaries (no article context).

The rules, in order:

1. A pronoun, or a definite description with no name in it ("the regime", "the NATO country"),
   is left to the article context (:mod:`dotterel.actors.coref`).
2. The names in the core ("Iranian", "Quds Force", "John Bolton") give the code: the one
   nearest the head, or all of them when they are coordinated ("Hungarian and Romanian
   officials"). Names negated by "anti-", "pro-" or "-backed" are not the actor.
3. With no name in the core, or a partitive head ("members of the Quds Force"), the
   complements give the code ("security forces in the Netherlands").
4. The sector comes from agent nouns and titles (override > the head's strong term > the
   nearest strong term > weak terms), or from the name's own sector (a person's office on the
   article date, an organisation's sector, a capital's GOV) as the tiers in sectors.yaml say.
5. "former", "ousted" ... turn a state sector into a former official's (CVL in PLOVER).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .entries import RESOLVED_BY, Description, Entry, SectorTerm
from .lexicon import Lexicon, Match
from .phrase import DEFINITE, Phrase
from .sector_rules import backed_sector, combine, former_sector, pick_sector, title_in_name
from .text import CONJUNCTIONS, Tok

#: Words before a name that say the actor is not that name ("anti-Iranian protesters").
_NEG_BEFORE = frozenset({"anti", "pro", "non", "ex-ally"})
#: Words after a name that say the same ("Iranian-backed militias").
_NEG_AFTER = frozenset(
    {
        "backed",
        "supported",
        "sponsored",
        "allied",
        "aligned",
        "linked",
        "affiliated",
        "inspired",
        "funded",
        "armed",
        "trained",
        "friendly",
        "leaning",
        "oriented",
        "born",
        "educated",
    }
)
#: Prepositions of place: with a possessive pronoun they say where, not whose.
_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "within", "across", "throughout"})
#: Words before a plural description that make it two antecedents ("both governments").
_DUAL = frozenset({"both", "two"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One resolved actor of a phrase."""

    code: str
    sector: str | None
    name: str | None
    resolved_by: str
    coref_kind: str
    gender: str | None = None
    tags: frozenset[str] = frozenset()
    #: Text and span of the name alone, for actors split out of a coordination.
    text: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Decision:
    """What the dictionaries say about a phrase."""

    candidates: list[Candidate] = field(default_factory=list)
    #: The sector from agent nouns alone (kept for UNK actors: "officials said" -> UNK/GOV).
    sector: str | None = None
    #: What the article context must supply: pronoun, description, poss, definite, or None.
    needs: str | None = None
    description: Description | None = None
    former: bool = False
    name: str | None = None
    #: Tier of the term that gave ``sector`` (override, strong, weak) or None.
    tier: str | None = None
    #: The description names two antecedents ("both governments").
    dual: bool = False
    #: Sectors the article context may choose between for an ambiguous head ("officers").
    choices: frozenset[str] = frozenset()


def decide(
    phrase: Phrase, lex: Lexicon, date: str | None, source: str = "", *, inner: bool = False
) -> Decision:
    """Resolve ``phrase`` from the dictionaries; ``date`` is a normalised day or None.

    ``inner`` marks the complement of an agent noun ("refugees fleeing *the war in Liberia*"):
    its own complements may then name the actor even though its head is no agent noun.
    """
    if phrase.pronoun is not None:
        return Decision(needs="pronoun")
    core = phrase.core
    if not core:
        return Decision()
    head = phrase.head if phrase.head is not None else len(core) - 1
    all_matches = lex.match_entities(core)
    matches = [m for m in all_matches if not _negated(core, m)]
    covered = {j for m in matches for j in range(m.start, m.end)}
    hits = [
        h
        for h in lex.match_sectors(core, skip=covered)
        if h[0] <= head < h[1] or tuple(t.low for t in core[h[0] : h[1]]) not in lex.head_only
    ]
    name_span = _name_span(core, head, covered, hits, lex)
    if name_span is not None:
        hits = [h for h in hits if not (name_span[0] <= h[0] and h[1] <= name_span[1])]
    sector, tier = pick_sector(core, head, hits)
    backed = backed_sector(core, head, hits, all_matches, lex)
    if backed is not None:
        sector = backed
    if sector is None and any(m.start <= head < m.end and _ethnic(core, m) for m in all_matches):
        # "ethnic Albanians" are civilians of whichever country they live in, not Albania's.
        sector = "CVL"
    elif sector is None and phrase.plural and core[head].ent == "NORP" and head not in covered:
        # A people the dictionaries do not know as a country ("Iraqi Kurds"): civilians.
        sector = "CVL"
    former = any(t.low in lex.former for t in core[:head])
    partitive = (core[head].low,) in lex.partitive and head not in covered
    decision = Decision(sector=sector, former=former, tier=tier)
    if tier == "weak":
        decision.choices = lex.ambiguous.get((core[head].low,), frozenset())
    if name_span is not None:
        decision.name = _surface(core, name_span[0], name_span[1], phrase, source)

    if phrase.det in DEFINITE or core[0].low in DEFINITE or core[0].low in _DUAL:
        desc_start = _description_start(core, head, lex)
        if (
            desc_start is not None
            and all(desc_start <= m.start for m in matches)
            # "the president of Armenia" is named by its complement
            and not _from_complements(phrase, lex, date, source, inner=True)
        ):
            key = tuple(t.low for t in core[desc_start : head + 1])
            decision.needs = "description"
            decision.description = lex.descriptions[key]
            # "both governments", "the two countries": the two most salient antecedents.
            decision.dual = phrase.plural and any(t.low in _DUAL for t in core[:desc_start])
            return decision

    chosen = _choose(core, matches, date, phrase, source)
    head_match = next((m for m in all_matches if m.start <= head < m.end), None)
    people_head = head_match is not None and any(e.people for e in head_match.entries)
    # Complements name the actor only for agent nouns ("security forces in the Netherlands"),
    # partitives and peoples; "coverage of the MEK" or "critics of Iran" are not the MEK, Iran.
    head_is_agent = (
        any(a <= head < b for a, b, _ in hits) and (core[head].low,) not in lex.relational
    ) or name_span is not None  # "Defence Minister Aldo Brunetti of Italy", "Ann Li of Uganda"

    if (not chosen and (head_is_agent or inner)) or partitive or people_head:
        comp = _from_complements(phrase, lex, date, source, inner=head_is_agent or partitive)
        if comp is not None and (not chosen or partitive or people_head and _is_country(comp)):
            comp_decision, prep = comp
            keep = comp_decision.candidates
            comp_sector = comp_decision.candidates[0].sector
            if partitive:
                sec = comp_sector or sector
            else:
                # An agent noun decides; a head that is none ("followers") takes the complement's.
                sec = sector if sector is not None else comp_sector
            if chosen and people_head and prep not in ("in", "of", "from"):
                keep = []
            if sec is None and people_head:
                sec = "CVL"  # "the Albanians of southern Serbia": a people, not its state
            if keep:
                decision.candidates = [_with_sector(c, sec, former, decision.name) for c in keep]
                return decision
    if partitive and not chosen and tier != "override":
        # "leaders of the Azadliq opposition coalition": the unnamed group's sector is theirs.
        inner_sector = _complement_sector(phrase, lex, date, source)
        if inner_sector is not None:
            sector = decision.sector = inner_sector
    if not chosen:
        code = _default_code(core, head, hits, lex)
        if code is not None:
            decision.candidates = [
                Candidate(
                    code, former_sector(sector, former), decision.name, "sector-only", "group"
                )
            ]
            return decision
        if phrase.poss_pronoun is not None and head_is_agent:
            decision.needs = "poss"  # "its ambassador", but not "their homes"
        elif phrase.det in DEFINITE:
            decision.needs = "definite"
        return decision
    out = []
    for match, entry, code, own_sector in chosen:
        covers_head = match.start <= head < match.end
        sec = combine(entry, own_sector, sector, tier, covers_head)
        if sec is None and covers_head and entry.kind in ("igo", "organisation"):
            sec = title_in_name(core, match, head, lex)
        out.append(
            Candidate(
                code,
                former_sector(sec, former),
                _entity_name(entry, match, core, phrase, source) or decision.name,
                _resolved_by(entry),
                "group" if entry.people and covers_head else entry.as_coref,
                entry.gender,
                entry.tags,
                _surface(core, match.start, match.end, phrase, source) if len(chosen) > 1 else None,
                core[match.start].start if len(chosen) > 1 else None,
                core[match.end - 1].end if len(chosen) > 1 else None,
            )
        )
    decision.candidates = out
    return decision


def _coordinated(core: list[Tok], end: int, start: int) -> bool:
    """Two names are coordinated when only "and"/"or"/commas stand between them."""
    between = core[end:start]
    if not all(t.low in CONJUNCTIONS for t in between):
        return False
    if between:
        return True
    # Adjacent names: coordinated only across a comma ("Danish, Dutch"), not "'s" or "-".
    return "," in core[start].sep


def _default_code(
    core: list[Tok], head: int, hits: list[tuple[int, int, SectorTerm]], lex: Lexicon
) -> str | None:
    for a, b, _ in hits:
        if a <= head < b:
            return lex.default_codes.get(tuple(t.low for t in core[a:b]))
    return None


def _negated(core: list[Tok], m: Match) -> bool:
    if all(e.kind == "place" for e in m.entries):
        # On a parse a place must be a proper noun the parser does not call a person or an
        # organisation ("Reading" at the start of a sentence, "Jackson said").
        for t in core[m.start : m.end]:
            if t.i >= 0 and (not t.propn or t.ent in ("PERSON", "ORG", "NORP")):
                return True
    before = core[m.start - 1].low if m.start > 0 else ""
    if before in _NEG_BEFORE or _ethnic(core, m):
        return True  # "ethnic Albanians" are an ethnic group, not Albania
    if m.end < len(core):
        after = core[m.end]
        return "-" in after.sep and after.low in _NEG_AFTER
    return False


def _ethnic(core: list[Tok], m: Match) -> bool:
    """True for a demonym after "ethnic" ("ethnic Albanians")."""
    return (
        m.start > 0
        and core[m.start - 1].low == "ethnic"
        and all(e.kind == "demonym" for e in m.entries)
    )


def _description_start(core: list[Tok], head: int, lex: Lexicon) -> int | None:
    for length in range(min(5, head + 1), 0, -1):
        start = head - length + 1
        if tuple(t.low for t in core[start : head + 1]) in lex.descriptions:
            return start
    return None


def _best_entry(match: Match, date: str | None) -> tuple[Entry, str, str | None] | None:
    top = min(e.priority for e in match.entries)
    best = [e for e in match.entries if e.priority == top]
    if date is not None and len(best) > 1:
        best = [e for e in best if any(r.covers(date) for r in e.roles)] or best
    resolved: list[tuple[Entry, str, str | None]] = [(e, *e.at(date)) for e in best]
    if len({code for _, code, _ in resolved}) > 1:
        # Prefer what exists on the date (or today, undated) over historic states and ex-roles.
        resolved = [r for r in resolved if _current(r[0], date)] or resolved
    if len({code for _, code, _ in resolved}) > 1:
        return None  # one name, several actors, nothing to tell them apart: not a guess
    return resolved[0]


def _is_place(m: Match) -> bool:
    return all(e.kind in ("country", "demonym", "capital") and not e.people for e in m.entries)


def _current(e: Entry, date: str | None) -> bool:
    if not e.roles:
        return True
    if date is None:
        return any(r.end is None for r in e.roles)
    return any(r.covers(date) for r in e.roles)


def _choose(
    core: list[Tok], matches: list[Match], date: str | None, phrase: Phrase, source: str
) -> list[tuple[Match, Entry, str, str | None]]:
    if not matches:
        return []
    last = matches[-1]
    if len(matches) > 1 and any(e.people for e in last.entries):
        prev = matches[-2]
        if prev.end == last.start and not core[last.start].sep and _is_place(prev):
            # "Bosnian Serbs", "Iraqi Kurds": the first name is where, the second who.
            matches = matches[:-1]
    group = [matches[-1]]
    for m in reversed(matches[:-1]):
        if _coordinated(core, m.end, group[0].start):
            group.insert(0, m)
        else:
            break
    out = []
    for m in group:
        best = _best_entry(m, date)
        if best is not None:
            out.append((m, *best))
    return out


def _with_sector(c: Candidate, sector: str | None, former: bool, name: str | None) -> Candidate:
    name = name or c.name
    return Candidate(
        c.code, former_sector(sector, former), name, c.resolved_by, c.coref_kind, c.gender, c.tags
    )


def _is_country(comp: tuple[Decision, str]) -> bool:
    return any(c.coref_kind == "country" for c in comp[0].candidates)


def _from_complements(
    phrase: Phrase, lex: Lexicon, date: str | None, source: str, *, inner: bool
) -> tuple[Decision, str] | None:
    for prep, comp in phrase.complements:
        if phrase.poss_pronoun is not None and prep in _PLACE_PREPS:
            continue  # "their ministers in Marsabit": whose they are, not where they met
        d = decide(comp, lex, date, source, inner=inner)
        if d.candidates:
            # "the leaders of Serbia and Kosovo": every coordinated complement is an actor.
            for conj in comp.conjuncts:
                more = decide(conj, lex, date, source, inner=inner).candidates
                d.candidates += [c for c in more if c.code not in {x.code for x in d.candidates}]
            return d, prep
    return None


def _complement_sector(phrase: Phrase, lex: Lexicon, date: str | None, source: str) -> str | None:
    """The sector the first complement names, if any ("members *of an armed group*")."""
    for _, comp in phrase.complements[:1]:
        d = decide(comp, lex, date, source, inner=True)
        if d.sector is not None and d.tier in ("override", "strong"):
            return d.sector
    return None


def _resolved_by(entry: Entry) -> str:
    return RESOLVED_BY.get(entry.kind, "organisation")


def _surface(core: list[Tok], a: int, b: int, phrase: Phrase, source: str) -> str:
    start, end = core[a].start, core[b - 1].end
    if source:
        return source[start:end]
    lo = start - phrase.start
    if 0 <= lo and end - phrase.start <= len(phrase.text):
        return phrase.text[lo : end - phrase.start]
    return " ".join(t.text for t in core[a:b])


def _entity_name(
    entry: Entry, match: Match, core: list[Tok], phrase: Phrase, source: str
) -> str | None:
    if entry.kind == "person" or (entry.kind == "user" and entry.coref_kind == "person"):
        return _surface(core, match.start, match.end, phrase, source)
    if entry.kind in ("organisation", "igo", "ngo", "img", "user"):
        return entry.name
    return None


def _name_span(
    core: list[Tok],
    head: int,
    covered: set[int],
    hits: list[tuple[int, int, SectorTerm]],
    lex: Lexicon,
) -> tuple[int, int] | None:
    """The unknown personal name ending at the head: "Defence Secretary *Tom King*"."""
    if not core[head].name_like or head in covered:
        return None
    titled = {j for a, b, _ in hits for j in range(a, b)}
    start = head
    while start > 0 and core[start - 1].name_like and (start - 1) not in covered:
        start -= 1
    # The name follows the last title of the run: "Investment Minister *Tran Xuan Gia*".
    last_title = max((j for j in titled if start <= j < head), default=None)
    if last_title is not None:
        start = last_title + 1
    while start < head and (start in titled or core[start].low in lex.honorifics):
        start += 1
    if start == head and head in titled:
        return None
    return start, head + 1
