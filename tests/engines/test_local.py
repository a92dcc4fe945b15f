"""The local batch runner: counts, resume, rejects, crash isolation and interruption."""

from __future__ import annotations

import json

import pytest

from dotterel.engines.fake import CRASH_MARKER, FakeCoder
from dotterel.engines.local import run
from dotterel.records import Article
from dotterel.store import EventStore

STORIES = [
    "Arland attacked Brevia near the river {n}. Officials in Corvin protested.",
    "Envoys from Dalmar will meet Esken on trade {n}.",
    "The harvest festival {n} went ahead as planned.",
]


@pytest.fixture
def corpus(tmp_path):
    """A JSONL corpus of 12 articles, a broken line, a coder reject and a binary file."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [
        json.dumps(
            {
                "id": f"a{n}",
                "text": STORIES[n % 3].format(n=n),
                "date": "2024-03-0" + str(n % 9 + 1),
            }
        )
        for n in range(12)
    ]
    lines.insert(5, "{broken")
    lines.append(json.dumps({"id": "bad", "text": "FAKE-FAIL on purpose."}))
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "image.bin").write_bytes(b"\x00\x01\x02")
    return folder


def _expected_events(folder) -> int:
    coder = FakeCoder()
    total = 0
    for line in (folder / "corpus.jsonl").read_text().splitlines():
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        if CRASH_MARKER in data["text"]:
            continue
        total += len(coder.code_article(Article(id=data["id"], text=data["text"])).events)
    return total


@pytest.mark.parametrize("batch_size", [1, 5, 32])
def test_run_codes_everything_once_and_resumes_to_nothing(tmp_path, corpus, batch_size):
    db = tmp_path / "s.db"
    first = run([str(corpus)], db, workers=1, coder="fake", batch_size=batch_size)
    assert (first.articles, first.events, first.rejects, first.skipped) == (
        12,
        _expected_events(corpus),
        3,
        0,
    )
    with EventStore(db, readonly=True) as store:
        stats = store.stats()
        assert {r.reject.stage for r in store.rejects()} == {"read", "code"}
        assert store.runs()[0].status == "finished"
    second = run([str(corpus)], db, workers=1, coder="fake", batch_size=batch_size)
    assert (second.articles, second.events, second.skipped) == (0, 0, 13)
    with EventStore(db, readonly=True) as store:
        assert {**store.stats(), "runs": 1} == {**stats, "runs": 1}


@pytest.mark.parametrize("calls_before_stop", [2])
def test_run_interrupted_keeps_finished_batches_and_marks_run(tmp_path, corpus, calls_before_stop):
    db = tmp_path / "s.db"
    calls = []

    def progress(n: int) -> None:
        calls.append(n)
        if len(calls) >= calls_before_stop:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(
            [str(corpus / "corpus.jsonl")],
            db,
            workers=1,
            coder="fake",
            batch_size=3,
            progress=progress,
        )
    with EventStore(db, readonly=True) as store:
        assert store.runs()[0].status == "interrupted"
        done = store.stats()["articles"]
    assert 0 < done < 13
    summary = run([str(corpus / "corpus.jsonl")], db, workers=1, coder="fake", batch_size=3)
    # 12 coded articles and one the coder rejects, whichever run stored them.
    assert summary.skipped == done
    with EventStore(db, readonly=True) as store:
        assert store.stats()["articles"] == 13


@pytest.mark.slow
@pytest.mark.parametrize("workers", [2])
def test_run_pool_isolates_an_article_that_kills_its_worker(tmp_path, corpus, workers):
    with (corpus / "corpus.jsonl").open("a") as fh:
        fh.write(json.dumps({"id": "crash", "text": "FAKE-CRASH Arland attacked Brevia."}) + "\n")
    db = tmp_path / "s.db"
    summary = run([str(corpus)], db, workers=workers, coder="fake", batch_size=4)
    assert summary.articles == 12
    with EventStore(db, readonly=True) as store:
        stages = {r.reject.article_id: r.reject.stage for r in store.rejects()}
        assert stages["crash"] == "worker" and stages["bad"] == "code"
        assert store.stats()["events"] == _expected_events(corpus)
        assert store.has_article("crash")
