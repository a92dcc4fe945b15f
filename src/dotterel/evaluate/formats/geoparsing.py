"""Geoparsing corpora (Gritta et al.'s XML: LGL, TR-News, GeoVirus).

LGL and TR-News: ``<article>`` with ``<text>`` and ``<toponyms><toponym>`` holding ``start``,
``end``, ``phrase`` and, when resolved, a ``<gaztag geonameid=…>`` with ``lat``, ``lon`` and
``country``. GeoVirus: ``<locations><location>`` with ``name``, 1-based ``start``/``end``,
``lat``, ``lon``. Offsets that do not point at the phrase (about 9% of TR-News, all of
GeoVirus by one) are repaired by looking for the phrase nearby. Given a folder, every ``*.xml``
file in it is read; each document's ``source`` names its corpus so scores can be split.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from dotterel.errors import InputError
from dotterel.evaluate.gold import GoldDocument, GoldSet, GoldToponym, Span, find_span

TASK = "toponyms"
DEFAULT_PATH = "gold/geoparsing"
#: How far (in characters) a broken offset may be from its phrase to be repaired.
REPAIR_WINDOW = 40


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read one geoparsing XML file or every ``*.xml`` file of a folder."""
    files = sorted(path.glob("*.xml")) if path.is_dir() else [path]
    docs: list[GoldDocument] = []
    for file in files:
        corpus = file.stem
        try:
            root = ElementTree.parse(str(file)).getroot()
        except Exception as exc:  # defusedxml raises several parse error types
            raise InputError(f"cannot parse {str(file)!r}: {exc}") from None
        taken = 0
        for n, article in enumerate(root.iter("article")):
            docs.append(_document(article, corpus, n))
            taken += 1
            if limit is not None and taken >= limit:
                break
    return GoldSet(
        name=path.name,
        format="geoparsing",
        task=TASK,
        documents=tuple(docs),
        notes=("accuracy@161km over gold toponyms that carry coordinates",),
    )


def _document(article: Element, corpus: str, n: int) -> GoldDocument:
    text = article.findtext("text") or ""
    one_based = article.find("locations") is not None
    toponyms = []
    for node in list(article.iter("toponym")) + list(article.iter("location")):
        phrase = (node.findtext("phrase") or node.findtext("name") or "").strip()
        start, end = _int(node.findtext("start")), _int(node.findtext("end"))
        if start is None or end is None or not phrase:
            continue
        if one_based:
            start, end = start - 1, end - 1
        span = _repair(text, phrase, start, end)
        gaz = node.find("gaztag")
        holder = gaz if gaz is not None else node
        geonames = gaz.get("geonameid") if gaz is not None else None
        toponyms.append(
            GoldToponym(
                span=span,
                lat=_float(holder.findtext("lat")),
                lon=_float(holder.findtext("lon")),
                geonames_id=int(geonames) if geonames and geonames.isdigit() else None,
                name=(gaz.findtext("name") if gaz is not None else None) or phrase,
                country=gaz.findtext("country") if gaz is not None else None,
            )
        )
    return GoldDocument(
        id=f"{corpus}:{article.get('docid') or n}",
        text=text,
        date=_date(article.findtext("dltime")),
        source=corpus,
        title=(article.findtext("title") or "").strip() or None,
        toponyms=tuple(toponyms),
    )


def _repair(text: str, phrase: str, start: int, end: int) -> Span:
    if text[start:end] == phrase:
        return Span(start, end, phrase)
    window = text[max(0, start - REPAIR_WINDOW) : end + REPAIR_WINDOW]
    near = find_span(window, phrase, near=min(start, REPAIR_WINDOW))
    if near is not None:
        shift = max(0, start - REPAIR_WINDOW)
        return Span(near.start + shift, near.end + shift, phrase)
    return Span(start, end, text[start:end])


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value.strip()) if value else None
    except ValueError:
        return None


def _date(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:10] if len(value) >= 10 and value[4] == "-" else None
