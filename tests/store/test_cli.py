"""dotterel events / dyads / timeline / show over a small store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dotterel.cli import query
from dotterel.store import EventStore


@pytest.fixture
def cli():
    group = click.Group()
    query.register(group)
    return group


@pytest.fixture
def db(tmp_path, make_article, make_event, coded):
    path = tmp_path / "s.db"
    a = make_article("Ruritania shelled Kessin.", id="a1", title="Shelling", source="Herald")
    events = (
        make_event(a, index=0),
        make_event(
            a,
            index=1,
            event_type="PROTEST",
            actors=(("GRD", "GOV"),),
            recipients=(("RUR", None),),
            date="2023-06",
            precision="month",
            sentence="Grand Fenwick protested.",
        ),
    )
    with EventStore(path) as store:
        store.add_coded([coded(a, events)])
    return str(path), events


def _run(cli, args):
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("args", "n"),
    [([], 2), (["--type", "protest"], 1), (["--actor", "RUR"], 1), (["--text", "shelled"], 1)],
)
def test_events_formats_agree(cli, db, args, n):
    path, _ = db
    table = _run(cli, ["events", "--store", path, *args])
    assert len(table.strip().splitlines()) == n + 1
    as_json = json.loads(_run(cli, ["events", "--store", path, "--format", "json", *args]))
    assert len(as_json["events"]) == n and as_json["next_cursor"] is None
    lines = _run(cli, ["events", "--store", path, "--format", "jsonl", *args]).splitlines()
    assert [json.loads(x)["id"] for x in lines] == [e["id"] for e in as_json["events"]]
    rows = list(
        csv.DictReader(
            io.StringIO(_run(cli, ["events", "--store", path, "--format", "csv", *args]))
        )
    )
    assert [r["id"] for r in rows] == [e["id"] for e in as_json["events"]]


@pytest.mark.parametrize("limit", [1])
def test_events_prints_cursor_of_next_page(cli, db, limit):
    path, events = db
    result = CliRunner().invoke(cli, ["events", "--store", path, "--limit", str(limit)])
    assert "more: --cursor" in result.stderr
    cursor = result.stderr.split("--cursor ")[1].strip()
    rest = json.loads(
        _run(cli, ["events", "--store", path, "--format", "json", "--cursor", cursor])
    )
    assert len(rest["events"]) == len(events) - limit


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            [],
            [
                {"actor": "RUR", "recipient": "GRD", "count": 1},
                {"actor": "GRD", "recipient": "RUR", "count": 1},
            ],
        ),
        (
            ["--interval", "month", "--type", "PROTEST"],
            [{"actor": "GRD", "recipient": "RUR", "period": "2023-06", "count": 1}],
        ),
    ],
)
def test_dyads_json(cli, db, args, expected):
    path, _ = db
    got = json.loads(_run(cli, ["dyads", "--store", path, "--format", "json", *args]))
    assert sorted(got, key=str) == sorted(expected, key=str)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            [],
            [
                {"period": "2023-05", "event_type": "ASSAULT", "count": 1},
                {"period": "2023-06", "event_type": "PROTEST", "count": 1},
            ],
        ),
        (["--by", "none", "--interval", "year"], [{"period": "2023", "count": 2}]),
    ],
)
def test_timeline_json(cli, db, args, expected):
    path, _ = db
    assert (
        json.loads(_run(cli, ["timeline", "--store", path, "--format", "json", *args])) == expected
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_show_gives_evidence_attribution_and_article(cli, db, fmt):
    path, events = db
    out = _run(cli, ["show", events[0].id, "--store", path, "--format", fmt])
    if fmt == "json":
        data = json.loads(out)
        assert data["event"] == events[0].to_dict() and data["article"]["title"] == "Shelling"
    else:
        assert "Ruritania [shelled] the border town" in out
        assert "according  'a spokesman' → GRD (GOV) (said) in The Herald" in out
        assert "Shelling" in out and "Herald" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope"], "no event 'nope'"),
        (["events", "--status", "maybe"], "status"),
    ],
)
def test_query_errors_are_domain_errors(cli, db, args, message):
    path, _ = db
    result = CliRunner().invoke(cli, [*args, "--store", path])
    assert result.exit_code != 0 and message in str(result.exception)


@pytest.mark.parametrize("command", ["events", "dyads", "timeline", "show"])
def test_query_commands_have_help(cli, command):
    assert _run(cli, [command, "--help"]).strip()


DOCS = Path(__file__).resolve().parents[2] / "docs" / "store.md"


@pytest.mark.parametrize("command", ["ingest", "events", "dyads", "timeline", "show"])
def test_docs_describe_every_command(command):
    assert f"dotterel {command}" in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize("option", [option for option, _, _ in query.FILTERS])
def test_docs_describe_every_filter(option):
    assert f"`{option}" in DOCS.read_text(encoding="utf-8")
