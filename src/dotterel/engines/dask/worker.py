"""The worker side: one task codes one batch with this process's long-lived coder.

Each worker process builds its coder (and so loads its spaCy model) once and keeps it between
tasks (:func:`worker_coder`); a task (:func:`code_batch`) codes its batch, writes the part's
shard files itself and returns only a small count summary, so no events travel back to the
driver. A coder failure on one article becomes a reject instead of losing the batch.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from dotterel.engines.dask.shards import DONE_DIR, CodedLike, ShardCoded, write_part
from dotterel.records import Article, Reject


class CoderLike(Protocol):
    """The part of ``dotterel.coder.Coder`` the engine uses."""

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedLike]: ...


#: Builds a coder for a model name on a worker; must be picklable (a module-level function).
CoderFactory = Callable[[str | None], CoderLike]


_CODERS: dict[tuple[Any, str | None], tuple[CoderLike, threading.Lock]] = {}
_CODERS_LOCK = threading.Lock()


def default_coder_factory(model: str | None) -> CoderLike:
    """The real coder (loads the spaCy model once per process)."""
    from dotterel.api import get_coder

    coder: CoderLike = get_coder(model)
    return coder


def worker_coder(
    model: str | None, factory: CoderFactory | None = None
) -> tuple[CoderLike, threading.Lock]:
    """This process's coder for ``model``, built on first use and kept for later tasks.

    The lock serialises use of one coder by several worker threads (a spaCy pipeline is not
    meant to be shared between threads).
    """
    factory = factory or default_coder_factory
    key = (factory, model)
    with _CODERS_LOCK:
        if key not in _CODERS:
            _CODERS[key] = (factory(model), threading.Lock())
        return _CODERS[key]


def _warm(model: str | None, factory: CoderFactory | None) -> bool:
    worker_coder(model, factory)
    return True


def _code_safely(coder: CoderLike, articles: list[Article]) -> list[CodedLike]:
    """Code a batch; if the batch fails as a whole, code article by article (one bad article
    becomes a reject, the rest are kept)."""
    try:
        return list(coder.code_articles(articles))
    except Exception:  # noqa: BLE001 - a coder bug must not lose the whole batch
        out: list[CodedLike] = []
        for article in articles:
            try:
                out.extend(coder.code_articles([article]))
            except Exception as exc:  # noqa: BLE001
                reason = f"{type(exc).__name__}: {exc}"
                reject = Reject(article.origin or article.id, "code", reason, article.id)
                out.append(ShardCoded(article, (), reject))
        return out


def _rejected(article: Article, reason: str) -> ShardCoded:
    return ShardCoded(
        article, (), Reject(article.origin or article.id, "worker", reason, article.id)
    )


def code_batch(
    articles: list[Article],
    out_dir: str,
    part: str,
    model: str | None = None,
    factory: CoderFactory | None = None,
) -> dict[str, Any]:
    """The task: code one batch on a worker and write its shard files; return counts only."""
    root = Path(out_dir)
    done = root / DONE_DIR / f"{part}.json"
    if done.is_file():
        return dict(json.loads(done.read_text(encoding="utf-8")), skipped=True)
    coder, lock = worker_coder(model, factory)
    with lock:
        coded = _code_safely(coder, articles)
    return dict(write_part(root, part, coded), skipped=False)
