"""dotterel ingest: the command over the local runner (fake coder, one process)."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from dotterel.cli import ingest, main


@pytest.fixture
def cli():
    group = click.Group()
    ingest.register(group)
    return group


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text("Arland attacked Brevia at dawn. Corvin protested to Arland.")
    (d / "two.txt").write_text("Envoys from Dalmar will meet Esken.")
    (d / "feed.csv").write_text("key,body,when\nk1,Farrow accused Gask of spying.,2024-05-06\n")
    return d


def _ingest(cli, *args):
    result = CliRunner().invoke(
        cli, ["ingest", *args, "--workers", "1", "--coder", "fake"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "fields", [["--field-id", "key", "--field-text", "body", "--field-date", "when"]]
)
def test_ingest_codes_and_summarises_then_skips(cli, folder, tmp_path, fields):
    store = str(tmp_path / "s.db")
    summary = json.loads(_ingest(cli, str(folder), "--store", store, "--json", *fields))
    assert (summary["articles"], summary["events"], summary["rejects"], summary["skipped"]) == (
        3,
        4,
        0,
        0,
    )
    text = _ingest(cli, str(folder), "--store", store, *fields)
    assert "coded 0 articles" in text and "skipped 3 already in the store" in text


@pytest.mark.parametrize("store", ["no/such/folder/s.db"])
def test_ingest_bad_store_is_a_clear_error_with_exit_code(folder, tmp_path, capsys, store):
    code = main(
        [
            "ingest",
            str(folder),
            "--store",
            str(tmp_path / store),
            "--coder",
            "fake",
            "--workers",
            "1",
        ]
    )
    assert code == 5
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--engine", "dask"]])
def test_ingest_dask_engine_needs_shards(cli, folder, args):
    result = CliRunner().invoke(cli, ["ingest", str(folder), *args])
    assert result.exit_code != 0 and "--shards" in str(result.exception)


@pytest.mark.parametrize("option", ["--workers", "--format", "--field-text", "--store", "--engine"])
def test_ingest_help_lists_options(cli, option):
    assert option in CliRunner().invoke(cli, ["ingest", "--help"]).stdout
