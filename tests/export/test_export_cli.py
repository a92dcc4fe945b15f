"""Tests for the ``dotterel export`` command (from a store and from an event file)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel.cli import cli
from dotterel.export import GDELT_COLUMNS, read_parquet_events
from dotterel.records import Article, Event, Reject


@dataclass(frozen=True)
class _Coded:
    article: Article
    events: tuple[Event, ...]
    reject: Reject | None = None


@pytest.fixture
def store_path(tmp_path: Path, events: list[Event], articles: dict[str, Article]) -> Path:
    from dotterel.store import EventStore

    path = tmp_path / "events.db"
    with EventStore(path) as store:
        batch = [
            _Coded(
                Article(**{**art.to_dict(), "text": f"Body of {aid}."}),
                tuple(e for e in events if e.article_id == aid),
            )
            for aid, art in articles.items()
        ]
        store.add_coded(batch)
    return path


@pytest.fixture
def events_file(tmp_path: Path, events: list[Event]) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(e.to_json() + "\n" for e in events), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["plover", "csv", "gdelt"])
def test_export_command_from_store_to_stdout(
    store_path: Path, events: list[Event], fmt: str
) -> None:
    result = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert f"wrote {len(events) + int(fmt == 'gdelt')} " in result.stderr
    assert events[0].id in result.stdout or fmt == "gdelt"


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [("--type", "PROTEST", 1), ("--actor", "EST", 1), ("--status", "planned", 1)],
)
def test_export_command_applies_store_filters(
    store_path: Path, option: str, value: str, expected: int
) -> None:
    args = ["export", "--store", str(store_path), option, value]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == expected


@pytest.mark.parametrize("fmt", ["plover"])
def test_export_command_includes_article_metadata_from_store(store_path: Path, fmt: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--type", "COERCE"])
    record = json.loads(result.stdout)
    assert record["cite_info"]["url"] == "https://news.example/smugglers"


@pytest.mark.parametrize("fmt", ["parquet"])
def test_export_command_from_input_file_to_parquet(
    tmp_path: Path, events_file: Path, events: list[Event], fmt: str
) -> None:
    out = tmp_path / "out.parquet"
    args = ["export", "--input", str(events_file), "--format", fmt, "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert list(read_parquet_events(out)) == events


@pytest.mark.parametrize("flags", [["--no-header", "--delimiter", ","], ["--gdelt-extras"]])
def test_export_command_gdelt_options(events_file: Path, flags: list[str]) -> None:
    args = ["export", "--input", str(events_file), "--format", "gdelt", *flags]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    delimiter = "," if "," in flags else "\t"
    first = next(csv.reader(io.StringIO(result.stdout), delimiter=delimiter))
    if "--no-header" in flags:
        assert first[0] != "GLOBALEVENTID" and len(first) == len(GDELT_COLUMNS)
    else:
        assert first[: len(GDELT_COLUMNS)] == list(GDELT_COLUMNS)
        assert first[-1] == "DatePrecision"


@pytest.mark.parametrize(
    "args",
    [
        ["--input", "EVENTS", "--type", "ASSAULT"],
        ["--input", "EVENTS", "--store", "x.db"],
    ],
)
def test_export_command_refuses_conflicting_options(events_file: Path, args: list[str]) -> None:
    from dotterel.cli import main

    argv = ["export", *[str(events_file) if a == "EVENTS" else a for a in args]]
    assert main(argv) == 2


@pytest.mark.parametrize("name", ["nowhere.db"])
def test_export_command_missing_store_fails_with_store_error(tmp_path: Path, name: str) -> None:
    from dotterel.cli import main

    assert main(["export", "--store", str(tmp_path / name)]) == 5
