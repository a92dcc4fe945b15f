"""Clusters follow the store: ingest updates them per batch, ``dotterel cluster`` catches up,
and ``export --dedup`` reads them (with the fake coder: no model needed)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dotterel.cli import cli
from dotterel.engines.local import run
from dotterel.store import EventStore

# The same attack reported by three outlets over two days, and a threat against the same town.
_ARTICLES = [
    ("a1", "The Herald", "2023-05-04", "Gunmen from Ruritania attacked Kessin on Monday."),
    ("a2", "Daily Wire", "2023-05-05", "Fighters of Ruritania attacked Kessin, officials said."),
    ("a3", "Evening Post", "2023-05-05", "Reports say Ruritania attacked Kessin overnight."),
    ("a4", "The Herald", "2023-05-05", "Ruritania threatened Kessin with more raids."),
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": i, "source": s, "date": d, "text": t}) for i, s, d, t in _ARTICLES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cluster_of(db: EventStore, article_id: str):
    (event,) = db.article_events(article_id)
    return db.cluster_of(event.id)


@pytest.mark.parametrize("batch_size", [1, 4])
def test_ingest_clusters_each_batch(tmp_path, corpus, batch_size):
    db_path = tmp_path / "s.db"
    run([str(corpus)], db_path, workers=1, coder="fake", batch_size=batch_size)
    with EventStore(db_path, readonly=True) as db:
        assert db.cluster_progress().up_to_date
        attack = _cluster_of(db, "a1")
        assert attack is not None
        assert attack.mention_count == 3
        assert attack.sources == ("Daily Wire", "Evening Post", "The Herald")
        assert _cluster_of(db, "a3") == attack
        threat = _cluster_of(db, "a4")
        assert threat is not None and threat.id != attack.id


def test_ingest_without_clustering_then_cluster_command_catches_up(tmp_path, corpus):
    db_path = tmp_path / "s.db"
    run([str(corpus)], db_path, workers=1, coder="fake", cluster=False)
    with EventStore(db_path, readonly=True) as db:
        assert db.cluster_progress().pending == 4
    result = CliRunner().invoke(cli, ["cluster", "--store", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["clustered"], summary["clusters"]) == (4, 2)
    status = CliRunner().invoke(cli, ["cluster", "--store", str(db_path), "--status", "--json"])
    assert json.loads(status.stdout)["up_to_date"] is True


def test_ingest_resumed_after_a_crash_places_waiting_events(tmp_path, corpus):
    db_path = tmp_path / "s.db"
    # A run killed between storing a batch and clustering it leaves the batch waiting.
    run([str(corpus)], db_path, workers=1, coder="fake", cluster=False)
    again = run([str(corpus)], db_path, workers=1, coder="fake")
    assert again.skipped == 4
    with EventStore(db_path, readonly=True) as db:
        assert db.cluster_progress().up_to_date
        assert _cluster_of(db, "a2").mention_count == 3  # type: ignore[union-attr]


@pytest.mark.parametrize("flag", ["--no-cluster", "--cluster"])
def test_ingest_command_cluster_flag(tmp_path, corpus, flag):
    db_path = tmp_path / "s.db"
    args = ["ingest", str(corpus), "--store", str(db_path), "--workers", "1", "--coder", "fake"]
    result = CliRunner().invoke(cli, [*args, flag])
    assert result.exit_code == 0, result.output
    with EventStore(db_path, readonly=True) as db:
        assert db.cluster_progress().up_to_date is (flag == "--cluster")


@pytest.mark.parametrize("fmt", ["plover", "csv"])
def test_export_dedup_reads_stored_clusters(tmp_path, corpus, fmt):
    db_path = tmp_path / "s.db"
    run([str(corpus)], db_path, workers=1, coder="fake")
    args = ["export", "--store", str(db_path), "--format", fmt, "--dedup"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "using the store's clusters" in result.stderr
    with EventStore(db_path, readonly=True) as db:
        expected = {e.id: db.cluster_of(e.id).id for e in db.iter_events()}  # type: ignore[union-attr]
    if fmt == "plover":
        records = [json.loads(line) for line in result.stdout.splitlines()]
        got = {r["id"]: r["link"] for r in records}
    else:
        import csv
        import io

        got = {r["event_id"]: r["cluster_id"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert got == expected


@pytest.mark.parametrize("why", ["pending", "settings"])
def test_export_dedup_computes_when_stored_clusters_do_not_fit(tmp_path, corpus, why):
    db_path = tmp_path / "s.db"
    run([str(corpus)], db_path, workers=1, coder="fake", cluster=why != "pending")
    args = ["export", "--store", str(db_path), "--format", "gdelt", "--dedup"]
    if why == "settings":
        args += ["--window-days", "5"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "computing clusters" in result.stderr
    assert len(result.stdout.splitlines()) == 1 + 2  # header, the attack, the threat


def test_export_dedup_gdelt_rows_carry_stored_mention_counts(tmp_path, corpus):
    db_path = tmp_path / "s.db"
    run([str(corpus)], db_path, workers=1, coder="fake")
    args = ["export", "--store", str(db_path), "--format", "gdelt", "--dedup", "--gdelt-extras"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    header, body = rows[0], rows[1:]
    mentions = sorted(int(r[header.index("NumMentions")]) for r in body)
    assert mentions == [1, 3]


@pytest.mark.parametrize(
    ("fmt", "fragment"), [("jsonl", '"mention_count": 3'), ("table", "mentions=3")]
)
def test_clusters_command_lists_the_most_reported(tmp_path, corpus, fmt, fragment):
    db_path = tmp_path / "s.db"
    run([str(corpus)], db_path, workers=1, coder="fake")
    args = ["clusters", "--store", str(db_path), "--min-mentions", "2", "--format", fmt]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and fragment in lines[0]
