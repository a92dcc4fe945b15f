"""Tests for dotterel.engines.dask: shards, resumability, loading, and a worker dying mid-task."""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import cloudpickle
import pyarrow.parquet as pq
import pytest

from dotterel.engines.dask import (
    ARTICLES_DIR,
    DONE_DIR,
    EVENTS_DIR,
    code_batch,
    completed_parts,
    connect,
    event_month,
    iter_shard_events,
    iter_shards,
    load_shards,
    part_name,
    read_input_rejects,
    run_dask,
    write_input_rejects,
)
from dotterel.errors import InputError, ValidationError
from dotterel.records import ActorRef, Article, Event, Evidence, Reject, event_id

# Worker processes cannot import this test module: ship its functions and classes by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@dataclass(frozen=True)
class _Coded:
    article: Article
    events: tuple[Event, ...]
    reject: Reject | None = None


class FakeCoder:
    """Two events per article, dated by the article; texts starting with BAD are rejected.

    An article titled ``die`` kills its worker process the first time it is coded (a marker
    file in the article's ``origin`` folder remembers that it happened); one titled ``poison``
    kills it every time.
    """

    def __init__(self, model: str | None) -> None:
        self.model = model

    def code_articles(self, articles):  # type: ignore[no-untyped-def]
        for article in articles:
            if article.title == "poison":
                os._exit(1)
            if article.title == "die" and article.origin:
                marker = Path(article.origin) / "died-once"
                if not marker.exists():
                    marker.write_text("x")
                    os._exit(1)
            if article.text.startswith("BAD"):
                yield _Coded(article, (), Reject(article.id, "code", "unreadable", article.id))
                continue
            events = tuple(_event(article, n) for n in range(2))
            yield _Coded(article, events)


def fake_factory(model: str | None) -> FakeCoder:
    return FakeCoder(model)


def _event(article: Article, n: int) -> Event:
    sentence = f"Sentence {n} of {article.id}."
    return Event(
        id=event_id(article.id, n, 0, "PROTEST"),
        article_id=article.id,
        event_type="PROTEST",
        mode=None,
        contexts=(),
        actor=(ActorRef("Students", "UNK", "EDU"),),
        recipient=(),
        date=article.date if n == 0 else None,
        date_precision="day" if n == 0 else "unknown",
        location=None,
        status="occurred",
        certainty="reported",
        attribution=(),
        quad_code=4,
        score=-6.5,
        evidence=Evidence(n, sentence, 0, len(sentence), "Sentence", 0, 8, "fake.1"),
        coder_version="test",
    )


def _articles(count: int, *, origin: str | None = None, bad: int = 0) -> list[Article]:
    months = ["2024-01-15", "2024-02-10", "2024-03-05"]
    return [
        Article(
            id=f"a{n:04d}",
            text=("BAD " if n < bad else "") + f"Text of article {n}.",
            date=months[n % 3],
            source=f"paper{n % 4}",
            origin=origin,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [5])
def test_part_name_depends_only_on_position_and_ids(count: int) -> None:
    articles = _articles(count)
    assert part_name(3, articles) == part_name(3, list(articles))
    assert part_name(3, articles) != part_name(4, articles)
    assert part_name(3, articles) != part_name(3, articles[:-1])


@pytest.mark.parametrize(
    ("date", "month"), [("2024-05-06", "2024-05"), ("2024-05", "2024-05"), ("2024", "unknown")]
)
def test_event_month_partitions_by_event_date(date: str, month: str) -> None:
    event = _event(_articles(1)[0], 0).replace(date=date)
    assert event_month(event) == month


@pytest.mark.parametrize(("count", "bad"), [(6, 2)])
def test_code_batch_writes_month_shards_and_is_idempotent(
    tmp_path: Path, count: int, bad: int
) -> None:
    articles = _articles(count, bad=bad)
    part = part_name(0, articles)
    first = code_batch(articles, str(tmp_path), part, None, fake_factory)
    assert (first["articles"], first["rejects"], first["events"]) == (6, 2, 8)
    assert first["skipped"] is False
    months = sorted(p.name for p in (tmp_path / EVENTS_DIR).iterdir())
    assert months == ["month=2024-01", "month=2024-02", "month=2024-03", "month=unknown"]
    assert (tmp_path / ARTICLES_DIR / f"{part}.parquet").is_file()
    again = code_batch(articles, str(tmp_path), part, None, fake_factory)
    assert again["skipped"] is True and again["events"] == first["events"]


@pytest.mark.parametrize("count", [7])
def test_iter_shards_rebuilds_articles_events_and_rejects(tmp_path: Path, count: int) -> None:
    articles = _articles(count, bad=1)
    for index, batch in enumerate([articles[:4], articles[4:]]):
        code_batch(batch, str(tmp_path), part_name(index, batch), None, fake_factory)
    coded = list(iter_shards(tmp_path))
    assert [c.article for c in coded] == articles
    assert coded[0].reject is not None and coded[0].events == ()
    assert all(len(c.events) == 2 for c in coded[1:])
    assert len(list(iter_shard_events(tmp_path))) == 2 * (count - 1)


@pytest.mark.parametrize("folder", ["empty"])
def test_completed_parts_requires_a_shard_folder(tmp_path: Path, folder: str) -> None:
    (tmp_path / folder).mkdir()
    with pytest.raises(InputError):
        completed_parts(tmp_path / folder)


@pytest.mark.parametrize("count", [9])
def test_load_shards_into_store_twice_changes_nothing(tmp_path: Path, count: int) -> None:
    from dotterel.store import EventStore

    articles = _articles(count, bad=1)
    shards = tmp_path / "shards"
    code_batch(articles, str(shards), part_name(0, articles), None, fake_factory)
    with EventStore(tmp_path / "events.db") as store:
        first = load_shards(shards, store)
        second = load_shards(shards, store)
        assert (first.articles, first.events, first.rejects) == (count, 2 * (count - 1), 1)
        assert (second.articles, second.events, second.duplicates) == (0, 0, count)
        assert store.count() == 2 * (count - 1)


@pytest.mark.parametrize("count", [3])
def test_load_shards_records_input_rejects(tmp_path: Path, count: int) -> None:
    from dotterel.store import EventStore

    articles = _articles(count)
    code_batch(articles, str(tmp_path / "s"), part_name(0, articles), None, fake_factory)
    rejects = [Reject("a.html", "read", "binary file"), Reject("b.csv", "read", "bad row", line=3)]
    write_input_rejects(tmp_path / "s", rejects)
    write_input_rejects(tmp_path / "s", rejects)  # a rerun overwrites, never adds
    assert read_input_rejects(tmp_path / "s") == rejects
    with EventStore(tmp_path / "events.db") as store:
        counts = load_shards(tmp_path / "s", store)
        assert counts.rejects == len(rejects)
        assert load_shards(tmp_path / "s", store).rejects == 0


@pytest.mark.parametrize(("count", "cluster"), [(6, True), (6, False)])
def test_load_shards_places_loaded_events_in_clusters(
    tmp_path: Path, count: int, cluster: bool
) -> None:
    from dotterel.store import EventStore

    articles = _articles(count)
    shards = tmp_path / "shards"
    code_batch(articles, str(shards), part_name(0, articles), None, fake_factory)
    with EventStore(tmp_path / "events.db") as store:
        counts = load_shards(shards, store, cluster=cluster)
        waiting = store.cluster_progress().pending
        listed = store.clusters(limit=1000).clusters
        placed = [store.cluster_of(e.id) for e in store.iter_events()]
    assert counts.events == 2 * count
    assert waiting == (0 if cluster else counts.events)
    assert sum(c.mention_count for c in listed) == (counts.events if cluster else 0)
    assert all((c is not None) is cluster for c in placed)


@pytest.mark.parametrize("count", [4])
def test_load_shards_again_places_events_a_load_left_waiting(tmp_path: Path, count: int) -> None:
    from dotterel.store import EventStore

    articles = _articles(count)
    shards = tmp_path / "shards"
    code_batch(articles, str(shards), part_name(0, articles), None, fake_factory)
    with EventStore(tmp_path / "events.db") as store:
        # As a load killed between its commits and its clustering leaves the store.
        load_shards(shards, store, cluster=False)
        again = load_shards(shards, store)
        assert (again.articles, again.duplicates) == (0, count)
        assert store.cluster_progress().up_to_date
        assert sum(c.mention_count for c in store.clusters(limit=1000).clusters) == 2 * count


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9"])
def test_connect_unreachable_scheduler_says_what_to_do(address: str) -> None:
    with pytest.raises(ValidationError, match="dask scheduler"):
        connect(address, timeout=1)


@pytest.mark.slow
@pytest.mark.parametrize(("count", "batch_size"), [(40, 6)])
def test_run_dask_on_local_cluster_codes_every_article_once(
    tmp_path: Path, count: int, batch_size: int
) -> None:
    from distributed import Client, LocalCluster

    articles = _articles(count, bad=3)
    unreadable = Reject("feed.xml", "read", "not a feed", line=7)
    stream = [*articles[:10], unreadable, *articles[10:]]
    seen: list[str] = []
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster, Client(cluster) as client:  # fmt: skip
        summary = run_dask(
            iter(stream),
            tmp_path,
            scheduler=client,
            batch_size=batch_size,
            coder_factory=fake_factory,
            progress=lambda r: seen.append(r["part"]),
        )
        assert summary.parts == len(seen) == -(-count // batch_size)
        assert (summary.articles, summary.rejects) == (count, 3 + 1)
        assert summary.events == 2 * (count - 3)
        assert read_input_rejects(tmp_path) == [unreadable]
        assert summary.months == {"2024-01", "2024-02", "2024-03", "unknown"}
        rerun = run_dask(articles, tmp_path, scheduler=client, batch_size=batch_size,
                         coder_factory=fake_factory)  # fmt: skip
        assert rerun.skipped_parts == rerun.parts == summary.parts
    assert client.status == "closed"
    ids = [c.article.id for c in iter_shards(tmp_path)]
    assert sorted(ids) == [a.id for a in articles]


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.parametrize(("count", "batch_size"), [(24, 4)])
def test_run_dask_worker_death_loses_and_doubles_nothing(
    tmp_path: Path, count: int, batch_size: int
) -> None:
    from distributed import Client, LocalCluster

    from dotterel.store import EventStore

    marker_dir = tmp_path / "markers"
    marker_dir.mkdir()
    articles = _articles(count)
    # One article in the middle kills the worker that codes it, once.
    victim = count // 2
    articles[victim] = Article(**{**articles[victim].to_dict(), "title": "die",
                                  "origin": str(marker_dir)})  # fmt: skip
    shards = tmp_path / "shards"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:  # fmt: skip
        summary = run_dask(
            articles, shards, scheduler=client, batch_size=batch_size, coder_factory=fake_factory
        )
    assert (marker_dir / "died-once").exists(), "the worker was meant to die once"
    assert summary.articles == count and summary.events == 2 * count
    rows = sum(
        pq.ParquetFile(p).metadata.num_rows for p in shards.glob(f"{EVENTS_DIR}/*/*.parquet")
    )
    assert rows == 2 * count
    assert len(list((shards / DONE_DIR).glob("*.json"))) == summary.parts
    assert not list(shards.rglob("*.tmp"))
    with EventStore(tmp_path / "events.db") as store:
        counts = load_shards(shards, store)
        assert (counts.articles, counts.events) == (count, 2 * count)
    per_article = Counter(e.article_id for e in iter_shard_events(shards))
    assert set(per_article.values()) == {2} and len(per_article) == count


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize(("count", "batch_size", "poisoned"), [(8, 4, 5)])
def test_run_dask_article_that_always_kills_its_worker_becomes_a_reject(
    tmp_path: Path, count: int, batch_size: int, poisoned: int
) -> None:
    import dask
    from distributed import Client, LocalCluster

    articles = _articles(count)
    articles[poisoned] = Article(**{**articles[poisoned].to_dict(), "title": "poison"})
    shards = tmp_path / "shards"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, Client(cluster) as client:  # fmt: skip
            summary = run_dask(
                articles, shards, scheduler=client, batch_size=batch_size,
                coder_factory=fake_factory,
            )  # fmt: skip
            assert (summary.articles, summary.rejects) == (count, 1)
            assert summary.events == 2 * (count - 1)
            rerun = run_dask(articles, shards, scheduler=client, batch_size=batch_size,
                             coder_factory=fake_factory)  # fmt: skip
            assert rerun.skipped_parts == rerun.parts
    coded = {c.article.id: c for c in iter_shards(shards)}
    assert sorted(coded) == sorted(a.id for a in articles)
    reject = coded[articles[poisoned].id].reject
    assert reject is not None and reject.stage == "worker"
    assert (shards / "_split").is_dir()


@pytest.mark.slow
@pytest.mark.parametrize("texts", [[
    "Police arrested three protesters in Lyon on Monday, officials said.",
    "The foreign minister of Kenya met his Ugandan counterpart in Kampala.",
]])  # fmt: skip
def test_run_dask_with_the_real_coder(tmp_path: Path, texts: list[str]) -> None:
    from distributed import Client, LocalCluster

    articles = [
        Article(id=Article.make_id(t), text=t, date="2024-06-04", source="Test Wire") for t in texts
    ]
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster, Client(cluster) as client:  # fmt: skip
        summary = run_dask(articles, tmp_path, scheduler=client, batch_size=1)
    assert summary.articles == 2 and summary.rejects == 0
    events = list(iter_shard_events(tmp_path))
    assert summary.events == len(events) > 0
    assert {e.article_id for e in events} <= {a.id for a in articles}


@pytest.mark.parametrize("count", [5])
def test_load_command_merges_shards_and_export_reads_them(tmp_path: Path, count: int) -> None:
    from click.testing import CliRunner

    from dotterel.cli import cli

    articles = _articles(count)
    shards = tmp_path / "shards"
    code_batch(articles, str(shards), part_name(0, articles), None, fake_factory)
    db = tmp_path / "events.db"
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(shards), "--store", str(db)])
    assert loaded.exit_code == 0, loaded.output
    assert f"loaded {count} articles, {2 * count} events" in loaded.stderr
    again = runner.invoke(cli, ["load", str(shards), "--store", str(db)])
    assert f"loaded 0 articles, 0 events, 0 rejects into {db} ({count} articles" in again.stderr
    from_store = runner.invoke(cli, ["export", "--store", str(db), "--format", "csv"])
    from_shards = runner.invoke(cli, ["export", "--input", str(shards), "--format", "csv"])
    assert (
        len(from_store.stdout.splitlines()) == len(from_shards.stdout.splitlines()) == 2 * count + 1
    )


@pytest.mark.parametrize("flag", ["--cluster", "--no-cluster"])
def test_load_command_cluster_flag(tmp_path: Path, flag: str) -> None:
    from click.testing import CliRunner

    from dotterel.cli import cli
    from dotterel.store import EventStore

    articles = _articles(3)
    shards = tmp_path / "shards"
    code_batch(articles, str(shards), part_name(0, articles), None, fake_factory)
    db = tmp_path / "events.db"
    loaded = CliRunner().invoke(cli, ["load", str(shards), "--store", str(db), flag])
    assert loaded.exit_code == 0, loaded.output
    with EventStore(db, readonly=True) as store:
        assert store.cluster_progress().pending == (0 if flag == "--cluster" else 2 * 3)
