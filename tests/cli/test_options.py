"""The options that several commands share (dotterel.cli.options) read and behave the same."""

from __future__ import annotations

import json

import click
import pytest

from dotterel.cli import cli, main
from dotterel.cli.options import MODEL_HELP, STORE_HELP
from dotterel.settings import DEFAULT_MODEL

#: Commands whose --store names the event store they read or write. ``serve`` (a store served
#: read-only over HTTP) and ``demo`` (its own demo store) describe theirs themselves.
STORE_COMMANDS = (
    "cluster",
    "clusters",
    "dyads",
    "events",
    "export",
    "ingest",
    "load",
    "show",
    "timeline",
)


def _option(command: str, name: str) -> click.Option:
    params = [p for p in cli.commands[command].params if isinstance(p, click.Option)]
    return next(p for p in params if name in p.opts)


@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_store_option_reads_the_same_everywhere(command: str) -> None:
    option = _option(command, "--store")
    assert (option.name, option.help, option.default) == ("store", STORE_HELP, None)


@pytest.mark.parametrize(
    "argv",
    [["events"], ["dyads"], ["timeline"], ["clusters"], ["show", "ev1"], ["export", "--out", "-"]],
)
def test_store_option_default_follows_env_var(tmp_path, monkeypatch, capsys, argv) -> None:
    # The help promises $DOTTEREL_STORE: a reading command with no --store must look there.
    missing = tmp_path / "elsewhere.db"
    monkeypatch.setenv("DOTTEREL_STORE", str(missing))
    assert main(argv) != 0
    assert f"no store at {missing}" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize(("flag", "parses"), [(["--json"], True), ([], False)])
def test_json_summary_option_switches_output(tmp_path, capsys, flag, parses) -> None:
    store = str(tmp_path / "s.db")
    assert main(["cluster", "--store", store, "--status", *flag]) == 0
    out = capsys.readouterr().out
    if parses:
        assert json.loads(out)["up_to_date"] is True
    else:
        assert out.startswith("clusters: up to date")


@pytest.mark.parametrize("command", ["code", "demo", "eval", "ingest"])
def test_model_option_names_the_real_default_everywhere(command: str) -> None:
    option = _option(command, "--model")
    assert (option.name, option.help, option.default) == ("model", MODEL_HELP, None)
    assert DEFAULT_MODEL in MODEL_HELP and "$DOTTEREL_MODEL" in MODEL_HELP


@pytest.mark.parametrize("command", ["cluster", "ingest"])
def test_progress_option_reads_the_same_everywhere(command: str) -> None:
    option = _option(command, "--progress")
    assert (option.name, option.default, option.secondary_opts) == (
        "progress",
        None,
        ["--no-progress"],
    )
    assert "terminal" in (option.help or "")
