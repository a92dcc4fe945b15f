"""Tests for dotterel.export.parquet: typed schema, row groups, lossless round trip."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dotterel.errors import InputError
from dotterel.export.parquet import (
    EVENT_FIELDS,
    SCHEMA,
    read_parquet_events,
    write_parquet,
)
from dotterel.records import Article, Event


@pytest.mark.parametrize("fields", [EVENT_FIELDS.names])
def test_schema_mirrors_the_event_record(fields: list[str]) -> None:
    assert fields == [f.name for f in dataclasses.fields(Event)]


@pytest.mark.parametrize("copies", [1, 7])
def test_write_parquet_round_trips_events(
    tmp_path: Path, events: list[Event], articles: dict[str, Article], copies: int
) -> None:
    many = [e.replace(id=f"{e.id}{n}") for n in range(copies) for e in events]
    path = tmp_path / "events.parquet"
    assert write_parquet(many, path, articles=articles, row_group_size=4) == len(many)
    assert list(read_parquet_events(path)) == many
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == len(many)
    assert meta.num_row_groups == -(-len(many) // 4)


@pytest.mark.parametrize("column", ["date_start", "date_end", "article_url", "article_source"])
def test_write_parquet_adds_typed_derived_columns(
    tmp_path: Path, events: list[Event], articles: dict[str, Article], column: str
) -> None:
    path = tmp_path / "events.parquet"
    write_parquet(events, path, articles=articles)
    table = pq.read_table(path)
    assert table.schema == SCHEMA
    values = table.column(column).to_pylist()
    assert values[0] is not None


@pytest.mark.parametrize("count", [0])
def test_write_parquet_empty_input_writes_a_valid_file(tmp_path: Path, count: int) -> None:
    path = tmp_path / "none.parquet"
    assert write_parquet([], path) == count
    assert list(read_parquet_events(path)) == []


@pytest.mark.parametrize("content", [b"not parquet at all"])
def test_read_parquet_events_explains_a_bad_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(content)
    with pytest.raises(InputError, match="cannot read Parquet"):
        list(read_parquet_events(path))


@pytest.mark.parametrize("boom_at", [2])
def test_write_parquet_leaves_no_partial_file_on_failure(
    tmp_path: Path, events: list[Event], boom_at: int
) -> None:
    def broken():
        for n, event in enumerate(events):
            if n == boom_at:
                raise RuntimeError("input died")
            yield event

    path = tmp_path / "out.parquet"
    with pytest.raises(RuntimeError):
        write_parquet(broken(), path, row_group_size=1)
    assert list(tmp_path.iterdir()) == []
