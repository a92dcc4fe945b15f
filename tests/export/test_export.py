"""Tests for dotterel.export: the format dispatcher and event-file reading."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dotterel.dedup import Clusterer, DedupConfig
from dotterel.errors import InputError, ValidationError
from dotterel.export import FORMATS, export_events, read_event_file, read_parquet_events
from dotterel.records import Article, Event


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_events_writes_every_format_to_a_file(
    tmp_path: Path, events: list[Event], articles: dict[str, Article], fmt: str
) -> None:
    path = tmp_path / f"out.{fmt}"
    count = export_events(iter(events), path, fmt, articles=articles)
    assert count >= len(events)
    assert path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("fmt", ["plover", "csv", "gdelt"])
def test_export_events_writes_text_formats_to_a_stream(events: list[Event], fmt: str) -> None:
    out = io.StringIO()
    assert export_events(events, out, fmt) >= len(events)
    assert out.getvalue().endswith("\n")


@pytest.mark.parametrize("dedup", [True, DedupConfig(window_days=0), Clusterer()])
def test_export_events_dedup_accepts_flag_config_or_clusterer(
    tmp_path: Path, events: list[Event], dedup: object
) -> None:
    path = tmp_path / "out.parquet"
    twice = events + [e.replace(id=e.id + "b", article_id="other") for e in events]
    export_events(twice, path, "parquet", dedup=dedup)  # type: ignore[arg-type]
    import pyarrow.parquet as pq

    ids = pq.read_table(path, columns=["cluster_id"]).column(0).to_pylist()
    assert len(set(ids)) == len(events)
    assert list(read_parquet_events(path)) == twice


@pytest.mark.parametrize(("fmt", "out"), [("xml", "x.xml"), ("parquet", "-")])
def test_export_events_rejects_bad_format_or_target(
    events: list[Event], fmt: str, out: str
) -> None:
    with pytest.raises(ValidationError):
        export_events(events, out, fmt)


@pytest.mark.parametrize("wrap", [False, True])
def test_read_event_file_reads_event_and_coded_article_lines(
    tmp_path: Path, events: list[Event], wrap: bool
) -> None:
    path = tmp_path / "events.jsonl"
    if wrap:
        lines = [json.dumps({"article": {"id": "a"}, "events": [e.to_dict() for e in events]})]
    else:
        lines = [e.to_json() for e in events]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert list(read_event_file(path)) == events


@pytest.mark.parametrize(("content", "line"), [('{"id": "x"}\n', 1), ("\n[1, 2]\n", 2)])
def test_read_event_file_names_the_bad_line(tmp_path: Path, content: str, line: int) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_event_file(path))
    assert info.value.line == line


@pytest.mark.parametrize("name", ["missing.jsonl"])
def test_read_event_file_missing_file_is_an_input_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        list(read_event_file(tmp_path / name))


@pytest.mark.parametrize("index", [0, 1, 2])
def test_event_dict_is_a_fast_to_dict(events: list[Event], index: int) -> None:
    from dotterel.export._common import event_dict

    assert event_dict(events[index]) == events[index].to_dict()
