"""Tests for ``dotterel eval``: help, errors, and a run over a tiny gold file with a stub coder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dotterel.cli import cli, main
from dotterel.evaluate import systems

TEXT = "Ruritania expelled two envoys. Borduria condemned the move."


def test_eval_help_lists_formats():
    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0
    for word in ("--gold", "--format", "plover-gsr", "--json", "--show-errors", "--model"):
        assert word in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["eval", "--gold", "no/such/file.jsonl"], 2),
        (["eval", "--gold", "builtin", "--format", "meantime"], 2),
    ],
)
def test_eval_bad_input_exit_codes(args, code, capsys):
    assert main(args) == code
    assert "error:" in capsys.readouterr().err


def test_eval_scores_with_stub_coder(tmp_path, monkeypatch, event, stub_coder, capsys):
    gold = {"id": "a1", "text": TEXT, "date": "2024-03-14", "events": [
        {"event_type": "SANCTION", "mode": "expel", "trigger": "expelled",
         "actor": [{"text": "Ruritania", "code": "RUR"}], "status": "occurred"},
        {"event_type": "ACCUSE", "trigger": "condemned"},
    ]}  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    coded = {"a1": [event(TEXT, "expelled", "SANCTION", mode="expel", actor=(("RUR", "GOV"),))]}
    monkeypatch.setattr(systems, "make_coder", lambda model: stub_coder(coded))
    out = tmp_path / "report.json"
    assert main(["eval", "--gold", str(path), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "SANCTION" in text and "miss (1" in text and "condemned" in text
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = report["scores"]
    assert (scores["micro"]["precision"], scores["micro"]["recall"]) == (1.0, 0.5)
    assert scores["attributes"]["actor_code"]["value"] == 1.0
    assert report["format"] == "dotterel" and report["documents"] == 1
