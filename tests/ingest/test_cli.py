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


# Niceness can only rise and is inherited, so these run in child processes, never in pytest's.
_NICE_PROBE = """
import os, sys
from dotterel.cli.ingest import lower_priority
before = os.nice(0)
lower_priority(int(sys.argv[1]))
print(os.nice(0) - before)
"""


@pytest.mark.parametrize("increment", [0, 7])
def test_lower_priority_raises_niceness_by_increment(increment):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _NICE_PROBE, str(increment)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert int(out) == increment


@pytest.mark.parametrize("value", ["-1", "20"])
def test_ingest_nice_out_of_range_is_refused(cli, folder, tmp_path, value):
    result = CliRunner().invoke(
        cli, ["ingest", str(folder), "--store", str(tmp_path / "s.db"), "--nice", value]
    )
    assert result.exit_code == 2 and "--nice" in result.output
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("value", [0, 12])
def test_ingest_nice_option_lowers_priority_before_coding(
    cli, folder, tmp_path, monkeypatch, value
):
    asked: list[int] = []
    monkeypatch.setattr(ingest, "lower_priority", asked.append)
    _ingest(cli, str(folder), "--store", str(tmp_path / "s.db"), "--nice", str(value))
    assert asked == [value]
