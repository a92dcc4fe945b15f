"""Geocoding a place name offline: :class:`Geocoder` (``dotterel.geocoder.v1``).

A name is folded (ASCII, lower case, no dots, no leading "the") and looked up in the
gazetteer's name index; names that match nothing are retried without a qualifier ("southwest
Iran" → Iran, "Idlib province" → Idlib, "Alexandria, Louisiana" → Alexandria with Louisiana as
context). Every candidate gets a score:

- the size of the place: log10 of its population (a division's is the sum of its towns');
- a prior per kind: a project region or a country name almost always means that, a division
  a little more than a town of the same size;
- a penalty for matching through an alternate name or a demonym rather than the name itself;
- a bonus for capitals ("Tripoli" alone is Libya's);
- the context: a bonus when the candidate lies in one of the article's countries (more for the
  most salient), and when it lies in a first-level division named nearby.

The best candidate becomes a :class:`~dotterel.records.Location`. ``name`` is the GeoNames name
in ASCII for towns and divisions ("Izeh", not "Īz̄eh"), the project's English name for countries
and regions. ``country_code`` is the ISO
3166 alpha-3 code, as for actors (``IRN``, ``USA``; ``XKX`` for Kosovo); ``adm1`` is the ASCII
name of the first-level division; regions spanning several countries have no country code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from unidecode import unidecode

from dotterel.places.gazetteer import (
    ADM1,
    ADM2,
    ALTERNATE,
    CITY,
    COUNTRY,
    DEMONYM,
    DIVISION_WORDS,
    PRIMARY,
    REGION,
    RESOLUTIONS,
    Gazetteer,
    fold,
    load_gazetteer,
    unpack,
)
from dotterel.records import Location

#: The registered name of this geocoder.
GEOCODER_NAME = "dotterel.geocoder.v1"

# Score priors per kind (REGION, COUNTRY, ADM1, ADM2, CITY); regions have no population, so
# their prior stands for one.
_KIND_PRIOR = (12.0, 3.0, 0.3, -0.6, 0.0)
_FLAG_PENALTY = (0.0, 0.4, 1.5)
_CAPITAL_BONUS = 1.5
_COUNTRY_BONUS = 4.0
_COUNTRY_BONUS_STEP = 0.4
_COUNTRY_BONUS_MIN = 1.2
_ADM1_BONUS = 2.5
_NEAR_KM = 100.0
_NEAR_BONUS = 1.5
_NO_POINT_PENALTY = 3.0
_SAME_NAME_BONUS = 1.0
_NAMESAKE_RATIO = 100
_NAMESAKE_MIN = 100_000
# geocode_many: how many candidates of a name share its weight, and the share that makes a
# place's point evidence for its neighbours.
_SHARE_TOP = 5
_NEAR_SHARE = 0.8
_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern upstate downstate "
    "greater metropolitan metro rural coastal downtown inner outer mid far upper lower".split()
)
_HEAD_WORDS = re.compile(
    r"^(?:the )?(?:(?:port |border |holy |capital |coastal |northern |southern |eastern |western )?"
    r"(?:city|town|village|province|state|region|district|county|governorate|port|"
    r"municipality|prefecture|oblast|island|islands|enclave|suburbs?|outskirts) of )",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may mean, with its score (higher is better)."""

    kind: int
    flag: int
    row: int
    score: float


class Geocoder:
    """Offline geocoder over :mod:`dotterel.places.gazetteer`; the index loads on first use."""

    name = GEOCODER_NAME

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer, loaded once per process on first use."""
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def geocode(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        adm1: Iterable[str] | Mapping[str, float] = (),
        near: Sequence[tuple[float, float]] = (),
    ) -> Location | None:
        """The place ``name`` most likely means, or ``None``.

        ``countries`` are the article's ISO alpha-3 codes, most salient first; ``adm1`` names
        first-level divisions mentioned nearby ("Alexandria" near "Louisiana"), optionally with
        a weight from 0 to 1; ``near`` are (lat, lon) points of places named nearby. All three
        only rank candidates: a name that means one place anywhere still finds it.
        """
        found = self.candidates(name, countries=countries, adm1=adm1, near=near)
        if not found:
            return None
        return self.location(found[0], text=name)

    def geocode_many(
        self, names: Sequence[str], *, countries: Sequence[str] = ()
    ) -> list[Location | None]:
        """Geocode the place names of one document together, each in the light of the others.

        A first pass ranks each distinct name's candidates with ``countries`` only and turns
        the scores of its best few into shares (a softmax). In the second pass each name is
        ranked again with the context the *other* names give: their countries and first-level
        divisions, weighted by those shares and by how often each name occurs, and the points
        of the ones that are nearly certain. "Dublin" beside "Columbus" and "Franklin County"
        becomes Dublin, Ohio; "Georgia" alone cannot vote for the country Georgia.
        """
        distinct = list(dict.fromkeys(names))
        counts = {n: names.count(n) for n in distinct}
        shares = {n: self._shares(n, countries) for n in distinct}
        resolved: dict[str, Location | None] = {}
        for name in distinct:
            votes: dict[str, float] = {c: 1.0 / (1 + r) for r, c in enumerate(countries)}
            adm1: dict[str, float] = {}
            near: list[tuple[float, float]] = []
            for other, weighted in shares.items():
                if other == name:
                    continue
                for loc, share in weighted:
                    if loc.country_code:
                        votes[loc.country_code] = (
                            votes.get(loc.country_code, 0.0) + share * counts[other]
                        )
                    if loc.adm1:
                        key = fold(loc.adm1)
                        adm1[key] = adm1.get(key, 0.0) + share
                    if share >= _NEAR_SHARE and loc.resolution in ("city", "district"):
                        near.append((loc.lat or 0.0, loc.lon or 0.0))
            ranked = sorted(votes, key=lambda c: -votes[c])
            resolved[name] = self.geocode(name, countries=ranked, adm1=adm1, near=near)
        return [resolved[n] for n in names]

    def _shares(self, name: str, countries: Sequence[str]) -> list[tuple[Location, float]]:
        """The best few places ``name`` may mean, each with its share of the softmax."""
        found = self.candidates(name, countries=countries)[:_SHARE_TOP]
        if not found:
            return []
        weights = [math.exp(c.score - found[0].score) for c in found]
        total = sum(weights)
        return [
            (self.location(c, text=name), w / total) for c, w in zip(found, weights, strict=True)
        ]

    def candidates(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        adm1: Iterable[str] | Mapping[str, float] = (),
        near: Sequence[tuple[float, float]] = (),
    ) -> list[Candidate]:
        """All places ``name`` may mean, best first (see the module docstring for the score)."""
        g = self.gazetteer
        key = fold(name)
        if key.endswith("'s"):
            key = key[:-2]
        key = key.rstrip("'")
        kinds: frozenset[int] | None = None
        if isinstance(adm1, Mapping):
            context_adm1 = {fold(a): min(1.0, w) for a, w in adm1.items()}
        else:
            context_adm1 = {fold(a): 1.0 for a in adm1}
        entries = g.lookup(key)
        if not entries and ", " in key:
            head, _, tail = key.partition(", ")
            entries = g.lookup(head)
            outer = self.geocode(tail, countries=countries)
            if outer is not None:
                countries = (outer.country_code or "", *countries)
                if outer.resolution == "province" and outer.adm1:
                    context_adm1[fold(outer.adm1)] = 1.0
        if not entries:
            key, kinds = _strip_qualifiers(key)
            entries = g.lookup(key)
        ranked = {code: rank for rank, code in enumerate(dict.fromkeys(countries))}
        scored = []
        for packed in entries:
            kind, flag, row = unpack(packed)
            if kinds is not None and kind not in kinds:
                continue
            score = self._score(kind, flag, row, ranked, context_adm1, near)
            scored.append(Candidate(kind, flag, row, score))
        _prefer_towns_over_their_divisions(g, scored)
        scored.sort(key=lambda c: -c.score)
        if (adm1 or near) and len(scored) > 1:
            scored = self._keep_big_namesakes(scored, ranked)
        return scored

    def _keep_big_namesakes(
        self, scored: list[Candidate], ranked: dict[str, int]
    ) -> list[Candidate]:
        """Context (nearby divisions and points) may choose between towns of a similar size,
        but not put a hamlet before a namesake city of the same country that is more than
        :data:`_NAMESAKE_RATIO` times bigger ("Shiraz" beside "Tabriz" stays the big Shiraz)."""
        best = scored[0]
        if best.kind != CITY:
            return scored
        g = self.gazetteer
        country = g.city_country[best.row]
        floor = max(_NAMESAKE_MIN, g.city_pop[best.row] * _NAMESAKE_RATIO)
        for c in scored[1:]:
            if c.kind == CITY and g.city_country[c.row] == country and g.city_pop[c.row] >= floor:
                return [c] + [other for other in scored if other is not c]
        return scored

    def _score(
        self,
        kind: int,
        flag: int,
        row: int,
        ranked: dict[str, int],
        adm1: dict[str, float],
        near: Sequence[tuple[float, float]],
    ) -> float:
        g = self.gazetteer
        score = _KIND_PRIOR[kind] - _FLAG_PENALTY[flag]
        if kind == REGION:
            codes = g.region_countries[row]
            if any(c in ranked for c in codes):
                score += 1.0
            return score
        score += math.log10(self._population(kind, row) + 1000)
        if kind == CITY and row in g.capitals:
            score += _CAPITAL_BONUS
        rank = ranked.get(g.country_a3[self._country(kind, row)])
        if rank is not None:
            score += max(_COUNTRY_BONUS_MIN, _COUNTRY_BONUS - _COUNTRY_BONUS_STEP * rank)
        if adm1:
            own = self._adm1(kind, row)
            if own >= 0:
                score += _ADM1_BONUS * adm1.get(fold(g.sub_name[own]), 0.0)
        lat, lon = self._point(kind, row)
        if math.isnan(lat):
            score -= _NO_POINT_PENALTY
        elif near and kind in (CITY, ADM2):
            closest = min(_km(lat, lon, p[0], p[1]) for p in near)
            if closest <= _NEAR_KM:
                score += _NEAR_BONUS
            elif closest <= 3 * _NEAR_KM:
                score += _NEAR_BONUS / 2
        return score

    def _point(self, kind: int, row: int) -> tuple[float, float]:
        g = self.gazetteer
        if kind == CITY:
            return g.city_lat[row], g.city_lon[row]
        if kind == COUNTRY:
            return g.country_lat[row], g.country_lon[row]
        if kind == REGION:
            return g.region_lat[row], g.region_lon[row]
        return g.sub_lat[row], g.sub_lon[row]

    def _population(self, kind: int, row: int) -> int:
        g = self.gazetteer
        if kind == CITY:
            return g.city_pop[row]
        if kind == COUNTRY:
            return g.country_pop[row]
        return g.sub_pop[row]

    def _country(self, kind: int, row: int) -> int:
        g = self.gazetteer
        if kind == CITY:
            return g.city_country[row]
        if kind == COUNTRY:
            return row
        return g.sub_country[row]

    def _adm1(self, kind: int, row: int) -> int:
        """The row of the first-level division a place lies in (itself for one), or -1."""
        g = self.gazetteer
        if kind == CITY:
            return g.city_adm1[row]
        if kind in (ADM1, ADM2):
            seen = 0
            while row >= 0 and g.sub_level[row] != 1 and seen < 4:
                row, seen = g.sub_parent[row], seen + 1
            return row
        return -1

    def location(self, candidate: Candidate, *, text: str) -> Location:
        """The :class:`Location` record of a candidate; ``text`` is the name as written."""
        g = self.gazetteer
        kind, row = candidate.kind, candidate.row
        if kind == REGION:
            codes = g.region_countries[row]
            return Location(
                text=text,
                name=g.region_name[row],
                country_code=codes[0] if len(codes) == 1 else None,
                lat=g.region_lat[row],
                lon=g.region_lon[row],
                resolution=RESOLUTIONS[kind],
            )
        if kind == COUNTRY:
            name, lat, lon, gid = (
                g.country_name[row],
                g.country_lat[row],
                g.country_lon[row],
                g.country_gid[row],
            )
        elif kind == CITY:
            name, lat, lon, gid = (
                g.city_name[row],
                g.city_lat[row],
                g.city_lon[row],
                g.city_gid[row],
            )
        else:
            name, lat, lon, gid = g.sub_name[row], g.sub_lat[row], g.sub_lon[row], g.sub_gid[row]
        if kind != COUNTRY:
            name = unidecode(name)
        own = self._adm1(kind, row)
        return Location(
            text=text,
            name=name,
            country_code=g.country_a3[self._country(kind, row)],
            adm1=unidecode(g.sub_name[own]) if own >= 0 else None,
            lat=None if math.isnan(lat) else round(lat, 5),
            lon=None if math.isnan(lon) else round(lon, 5),
            geonames_id=gid if gid > 0 else None,
            resolution=RESOLUTIONS[kind],
        )

    def is_demonym(self, candidate: Candidate) -> bool:
        """True when a candidate matched only as a demonym ("Turkish" → Turkey)."""
        return candidate.flag == DEMONYM

    def is_alternate(self, candidate: Candidate) -> bool:
        """True when a candidate matched through an alias or alternate name."""
        return candidate.flag == ALTERNATE


def _prefer_towns_over_their_divisions(g: Gazetteer, scored: list[Candidate]) -> None:
    """A town whose name is only an alias of the province it lies in ("Geneva" for the canton
    Genève) is what the name means in news; it gets :data:`_SAME_NAME_BONUS`. Where the name
    is the division's own ("New York") the scores decide."""
    divisions = {c.row for c in scored if c.kind == ADM1 and c.flag != PRIMARY}
    if not divisions:
        return
    for n, c in enumerate(scored):
        if c.kind == CITY and g.city_adm1[c.row] in divisions:
            scored[n] = Candidate(c.kind, c.flag, c.row, c.score + _SAME_NAME_BONUS)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Approximate distance in km (equirectangular; plenty for "within a few hundred km")."""
    if math.isnan(lat1) or math.isnan(lat2):
        return math.inf
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def _strip_qualifiers(key: str) -> tuple[str, frozenset[int] | None]:
    """A name without the words that qualify it, and the kinds that form still allows."""
    kinds: frozenset[int] | None = None
    head = _HEAD_WORDS.match(key)
    if head:
        word = head.group(0).split()[-2]
        key = key[head.end() :]
        if word in ("city", "town", "village", "port", "suburb", "suburbs", "outskirts"):
            kinds = frozenset({CITY})
        elif word in DIVISION_WORDS:
            kinds = frozenset({ADM1, ADM2})
    words = key.split()
    while len(words) > 1 and words[0] in _DIRECTIONS:
        words = words[1:]
    if len(words) > 1 and words[-1] in DIVISION_WORDS:
        words, kinds = words[:-1], frozenset({ADM1, ADM2})
    elif len(words) > 1 and words[-1] == "city":
        words, kinds = words[:-1], frozenset({CITY})
    return " ".join(words), kinds
