"""Input readers: files, folders, globs, HTML pages, RSS/Atom feeds, JSONL/CSV corpora, stdin.

:func:`read_sources` turns what a user points at into a stream of
:class:`~dotterel.records.Article` records and, for anything unreadable, a
:class:`~dotterel.records.Reject` naming the file, the line and the reason. A reject at stage
``date`` is a note: its article is still in the stream, only its unreadable date was dropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from dotterel.ingest.documents import html_to_text, read_feed, read_html, read_text
from dotterel.ingest.identity import NOTE_STAGE, build_article, canonical_url
from dotterel.ingest.sources import (
    DEFAULT_TIMEOUT,
    FORMATS,
    Input,
    expand,
    fetch,
    open_stdin,
    sniff,
)
from dotterel.ingest.tabular import FieldMap, read_csv, read_jsonl
from dotterel.records import Article, Reject
from dotterel.settings import DEFAULT_MAX_BYTES

__all__ = [
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "NOTE_STAGE",
    "FieldMap",
    "Input",
    "build_article",
    "canonical_url",
    "estimate_total",
    "html_to_text",
    "read_input",
    "read_sources",
]


def read_sources(
    sources: Iterable[str],
    *,
    fmt: str = "auto",
    fieldmap: FieldMap | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Article | Reject]:
    """Articles and rejects from every source, in order (folders are walked sorted)."""
    fields = fieldmap or FieldMap()
    for item in expand(sources, fmt):
        if isinstance(item, Reject):
            yield item
            continue
        yield from read_input(item, fieldmap=fields, max_bytes=max_bytes, timeout=timeout)


def read_input(
    item: Input, *, fieldmap: FieldMap, max_bytes: int, timeout: float = DEFAULT_TIMEOUT
) -> Iterator[Article | Reject]:
    """Articles and rejects from one input."""
    origin = "<stdin>" if item.kind == "stdin" else item.location
    if item.kind == "url":
        try:
            body, final = fetch(item.location, timeout=timeout, max_bytes=max_bytes)
        except (OSError, ValueError) as exc:
            yield Reject(origin=origin, stage="fetch", reason=f"cannot fetch: {exc}")
            return
        fmt = sniff(body[:4096]) if item.format == "auto" else item.format
        yield from _read_bytes(body, fmt, origin, fieldmap, max_bytes, url=final)
        return
    if item.kind == "stdin":
        stream = open_stdin()
        fmt = item.format
        if fmt == "auto":
            peek = stream.peek(4096) if hasattr(stream, "peek") else b""
            fmt = sniff(peek)
        yield from _read_stream(stream, fmt, origin, fieldmap, max_bytes)
        return
    path = Path(item.location)
    try:
        size = path.stat().st_size
        if item.format in ("jsonl", "csv"):
            with path.open("rb") as stream:
                yield from _read_stream(stream, item.format, origin, fieldmap, max_bytes)
            return
        if size > max_bytes:
            yield Reject(
                origin=origin,
                stage="read",
                reason=f"is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                "(split it into articles)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(origin=origin, stage="read", reason=f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_bytes(data, item.format, origin, fieldmap, max_bytes)


def _read_stream(
    stream: IO[bytes], fmt: str, origin: str, fieldmap: FieldMap, max_bytes: int
) -> Iterator[Article | Reject]:
    if fmt in ("jsonl", "csv"):
        # The readers peek at the first bytes (BOM, JSON array) without consuming them.
        buffered: IO[bytes] = stream
        if not hasattr(stream, "peek"):
            buffered = io.BufferedReader(stream)  # type: ignore[type-var, arg-type]
        if fmt == "jsonl":
            yield from read_jsonl(buffered, origin=origin, fieldmap=fieldmap, max_bytes=max_bytes)
        else:
            delimiter = "\t" if origin.lower().endswith(".tsv") else ","
            yield from read_csv(
                buffered, origin=origin, fieldmap=fieldmap, max_bytes=max_bytes, delimiter=delimiter
            )
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Reject(origin=origin, stage="read", reason="the input is over the size limit")
        return
    yield from _read_bytes(data, fmt, origin, fieldmap, max_bytes)


def _read_bytes(
    data: bytes,
    fmt: str,
    origin: str,
    fieldmap: FieldMap,
    max_bytes: int,
    *,
    url: str | None = None,
) -> Iterator[Article | Reject]:
    if fmt == "html":
        yield from read_html(data, origin=origin, max_bytes=max_bytes, url=url)
    elif fmt == "rss":
        yield from read_feed(data, origin=origin, max_bytes=max_bytes)
    elif fmt in ("jsonl", "csv"):
        yield from _read_stream(
            io.BufferedReader(io.BytesIO(data)), fmt, origin, fieldmap, max_bytes
        )
    else:
        yield from read_text(data, origin=origin, max_bytes=max_bytes)


def estimate_total(sources: Iterable[str], fmt: str = "auto") -> int | None:
    """About how many articles the sources hold (for a progress bar's ETA), or None if unknown.

    One per text or HTML file, one per non-blank line of JSONL, one per line of CSV (an
    overestimate when cells span lines); feeds, URLs and stdin make the total unknown.
    """
    total = 0
    for item in expand(sources, fmt):
        if isinstance(item, Reject):
            continue
        if item.kind != "file" or item.format == "rss":
            return None
        if item.format in ("jsonl", "csv"):
            try:
                with open(item.location, "rb") as fh:
                    lines = sum(1 for line in fh if line.strip())
            except OSError:
                continue
            total += max(lines - (1 if item.format == "csv" else 0), 0)
        else:
            total += 1
    return total
