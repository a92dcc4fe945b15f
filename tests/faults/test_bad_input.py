"""Bad input never stops a batch or corrupts the store: ``dotterel ingest`` over the corpus."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from dotterel.cli import main
from tests.faults.corpus import SECRET_MARKER, Corpus
from tests.faults.helpers import check_consistent, store_bytes


def _ingest(capsys: pytest.CaptureFixture[str], folder: Path, db: Path, *args: str) -> dict:
    code = main(["ingest", str(folder), "--store", str(db), "--workers", "1", "--json", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)  # type: ignore[no-any-return]


def _rejects(db: Path, folder: Path) -> list[tuple[str, int | None, str, str]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT origin, line, stage, reason FROM rejects ORDER BY id").fetchall()
    conn.close()
    return [(str(Path(o).relative_to(folder)), line, s, r) for o, line, s, r in rows]


def _articles(db: Path, folder: Path) -> dict[str, tuple[str, int]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT origin, status, n_events FROM articles").fetchall()
    conn.close()
    return {str(Path(o).relative_to(folder)): (s, n) for o, s, n in rows}


def _assert_rejects_match(corpus: Corpus, found: list[tuple[str, int | None, str, str]]) -> None:
    """Every expected reject is stored once, with its file, line, stage and specific reason."""
    for want in corpus.rejects:
        hits = [
            f
            for f in found
            if f[:3] == (want.name, want.line, want.stage) and re.search(want.reason, f[3])
        ]
        assert len(hits) == 1, (want, [f for f in found if f[0] == want.name])


@pytest.mark.parametrize("coder", ["fake"])
def test_corpus_batch_rejects_bad_inputs_codes_good_ones(corpus, tmp_path, capsys, coder):
    db = tmp_path / "events.db"
    summary = _ingest(capsys, corpus.folder, db, "--coder", coder)
    read_rejects = [r for r in corpus.rejects if r.stage == "read"]
    notes = [r for r in corpus.rejects if r.stage == "date"]
    assert (summary["articles"], summary["rejects"], summary["notes"]) == (
        corpus.n_articles,
        len(read_rejects),
        len(notes),
    )
    found = _rejects(db, corpus.folder)
    _assert_rejects_match(corpus, found)
    assert len(found) == len(corpus.rejects)  # nothing else was refused
    articles = _articles(db, corpus.folder)
    for origin in [*corpus.good_origins, *corpus.foreign]:
        assert articles[origin][0] == "coded", origin
    assert sum(n for _, n in articles.values()) == summary["events"] > 0
    check_consistent(db)
    assert SECRET_MARKER.encode() not in store_bytes(db)

    again = _ingest(capsys, corpus.folder, db, "--coder", coder)
    assert (again["articles"], again["events"], again["skipped"]) == (0, 0, corpus.n_articles)
    assert len(_rejects(db, corpus.folder)) == len(corpus.rejects)  # recorded once
    check_consistent(db)


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("coder", ["dotterel"])
def test_corpus_batch_with_the_real_coder(corpus, tmp_path, capsys, coder, nlp):
    db = tmp_path / "events.db"
    summary = _ingest(capsys, corpus.folder, db, "--coder", coder)
    found = _rejects(db, corpus.folder)
    _assert_rejects_match(corpus, found)
    articles = _articles(db, corpus.folder)
    for name in corpus.foreign:
        assert articles[name][0] == "rejected", name
        assert any(
            f[0] == name and f[2] == "language" and "does not look like English" in f[3]
            for f in found
        ), name
    for origin in corpus.good_origins:
        status, n_events = articles[origin]
        assert status == "coded", origin
        # A sentence over 250 tokens is not parsed for events (a documented limit).
        assert (n_events > 0) == (origin != "long-sentence.txt"), origin
    assert summary["rejects"] == len([r for r in corpus.rejects if r.stage == "read"]) + len(
        corpus.foreign
    )
    check_consistent(db)
    assert SECRET_MARKER.encode() not in store_bytes(db)
