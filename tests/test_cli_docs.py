"""Every CLI command has help text and is documented (README or docs/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel.cli import cli, main

REPO = Path(__file__).resolve().parents[1]
DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert len(cli.commands[name].help or "") > 20


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_is_documented(name: str) -> None:
    assert f"dotterel {name}" in DOCS


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["code", "/no/such/file.txt"], 1, "no such file"),
        (["code", "--date", "not-a-date", "-"], 2, "is not a date"),
    ],
)
def test_main_turns_errors_into_messages(capsys, argv, code, fragment) -> None:
    assert main(argv) == code
    assert fragment in capsys.readouterr().err
