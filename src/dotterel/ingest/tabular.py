"""Readers for corpora with one article per record: JSON Lines (or a JSON array) and CSV/TSV.

Records stream one at a time, so a corpus of any size is read in constant memory. Field names
are configurable with :class:`FieldMap`; a bad record becomes a reject naming its line.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import IO, Any

from dotterel.ingest.identity import build_article
from dotterel.records import Article, Reject


@dataclass(frozen=True)
class FieldMap:
    """Which record field holds each article attribute (``--field-text body`` …)."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    source: str = "source"

    @classmethod
    def from_options(cls, **names: str | None) -> FieldMap:
        """A map with the given names replacing the defaults (``None`` keeps the default)."""
        return cls(**{k: v for k, v in names.items() if v})

    def names(self) -> dict[str, str]:
        """Article attribute → field name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _record(
    data: Any, *, origin: str, line: int, fieldmap: FieldMap, max_bytes: int
) -> Iterator[Article | Reject]:
    if not isinstance(data, dict):
        kind = type(data).__name__
        yield Reject(origin, "read", f"expected a JSON object, got {kind}", line=line)
        return
    text = data.get(fieldmap.text)
    if text is None:
        keys = ", ".join(sorted(map(str, data))[:12]) or "none"
        yield Reject(
            origin,
            "read",
            f"no {fieldmap.text!r} field (fields: {keys}); name the text field with --field-text",
            line=line,
        )
        return
    if not isinstance(text, str):
        yield Reject(origin, "read", f"field {fieldmap.text!r} is not text", line=line)
        return
    if not text.strip():
        yield Reject(origin, "read", "is empty (no text to code)", line=line)
        return
    if len(text) > max_bytes:
        yield Reject(origin, "read", "the text is over the size limit", line=line)
        return
    yield from build_article(
        text,
        origin=origin,
        line=line,
        article_id=_scalar(data.get(fieldmap.id)),
        title=_scalar(data.get(fieldmap.title)),
        date=_scalar(data.get(fieldmap.date)),
        url=_scalar(data.get(fieldmap.url)),
        source=_scalar(data.get(fieldmap.source)),
    )


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def read_jsonl(
    stream: IO[bytes], *, origin: str, fieldmap: FieldMap, max_bytes: int
) -> Iterator[Article | Reject]:
    """One article per line of JSON Lines; a file starting with ``[`` is read as a JSON array."""
    first = stream.peek(64) if hasattr(stream, "peek") else b""
    if first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        yield from _read_json_array(stream, origin=origin, fieldmap=fieldmap, max_bytes=max_bytes)
        return
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield Reject(origin, "read", "the line is over the size limit", line=number)
            continue
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Reject(origin, "read", f"is not valid UTF-8 (byte {exc.start})", line=number)
            continue
        except json.JSONDecodeError as exc:
            yield Reject(
                origin, "read", f"invalid JSON: {exc.msg} (column {exc.colno})", line=number
            )
            continue
        yield from _record(data, origin=origin, line=number, fieldmap=fieldmap, max_bytes=max_bytes)


def _read_json_array(
    stream: IO[bytes], *, origin: str, fieldmap: FieldMap, max_bytes: int
) -> Iterator[Article | Reject]:
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        yield Reject(origin, "read", "the JSON file is over the size limit; use JSON Lines")
        return
    try:
        items = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield Reject(origin, "read", f"invalid JSON: {exc}")
        return
    for number, item in enumerate(items, start=1):
        yield from _record(item, origin=origin, line=number, fieldmap=fieldmap, max_bytes=max_bytes)


def _text_stream(stream: IO[bytes]) -> io.TextIOWrapper:
    head = stream.peek(4) if hasattr(stream, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    return io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")


def read_csv(
    stream: IO[bytes],
    *,
    origin: str,
    fieldmap: FieldMap,
    max_bytes: int,
    delimiter: str = ",",
) -> Iterator[Article | Reject]:
    """One article per CSV row under a header row; rows whose width differs are rejected."""
    csv.field_size_limit(max(max_bytes, 131072))
    text = _text_stream(stream)
    # strict: a stray quote after a quoted field is an error, not a silent merge of the rows
    # that follow into one cell; the reader goes on with the next line after the error.
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            yield Reject(origin, "read", "is empty (no header row)")
            return
        if fieldmap.text not in header:
            columns = ", ".join(header[:12])
            yield Reject(
                origin,
                "read",
                f"no {fieldmap.text!r} column (columns: {columns}); name it with --field-text",
                line=1,
            )
            return
        line = reader.line_num + 1
        while True:
            start = line
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if reader.line_num + 1 <= start:
                    raise  # no progress: give up on the file (reported below)
                line = reader.line_num + 1
                span = f"line {start}" if line - 1 <= start else f"lines {start}-{line - 1}"
                yield Reject(
                    origin,
                    "read",
                    f"broken CSV quoting: {exc} ({span} skipped; check the quotes)",
                    line=start,
                )
                continue
            line = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield Reject(
                    origin,
                    "read",
                    f"the row has {len(row)} fields, the header has {len(header)}",
                    line=start,
                )
                continue
            yield from _record(
                dict(zip(header, row, strict=True)),
                origin=origin,
                line=start,
                fieldmap=fieldmap,
                max_bytes=max_bytes,
            )
    except UnicodeDecodeError as exc:
        yield Reject(
            origin, "read", f"is not valid UTF-8 near line {line} (byte {exc.start})", line=line
        )
    except csv.Error as exc:
        yield Reject(origin, "read", f"broken CSV: {exc}", line=line)
    finally:
        text.detach()
