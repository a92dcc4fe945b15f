"""Large inputs: a 50 MB article and a 10,000-token sentence are handled in bounded time and
memory, or refused with a clear reason before they are read."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dotterel.engines.fake import FakeCoder
from dotterel.records import Article
from tests.faults.corpus import long_sentence
from tests.faults.helpers import check_consistent, cli_env

# Prints the process's peak memory in KiB after the command, on the last stderr line. VmHWM
# belongs to this program alone; ru_maxrss would include the forking pytest process's peak.
_MEASURED = (
    "import re, sys; from dotterel.cli import main; code = main(sys.argv[1:]); "
    "status = open('/proc/self/status').read(); "
    "peak = re.search(r'VmHWM:\\s+(\\d+)', status); "
    "print('peak', peak.group(1), file=sys.stderr); sys.exit(code)"
)
# A table of figures: the fake coder's cost grows with the number of words and sentences, and
# this test measures reading, batching and storing, not the test double.
FILLER = "| 1,250 | 2,500 | 3,750 | 5,000 | 6,250 | 7,500 | 8,750 | 10,000 | 11,250 | 12,500 |\n"
EVENT = "Arland attacked Brevia near the river.\n"


def _big_article(path: Path, megabytes: int) -> int:
    """Write a ``megabytes`` MB article: one event sentence per 1,000 lines of figures."""
    block = (FILLER * 999 + EVENT).encode()
    size = megabytes * 1_000_000
    with path.open("wb") as fh:
        for _ in range(size // len(block) + 1):
            fh.write(block)
        fh.truncate(size)
    return size // len(block)


def _measured_ingest(*args: str, timeout: float) -> tuple[dict, float, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, "ingest", *args, "--json", "--no-progress"],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stderr.strip().splitlines()[-1].split()[1]) / 1024
    return json.loads(done.stdout), seconds, peak_mb


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize(("megabytes", "max_seconds", "max_peak_mb"), [(50, 60, 1000)])
def test_large_article_is_coded_and_stored_in_bounded_time_and_memory(
    tmp_path, megabytes, max_seconds, max_peak_mb
):
    path, db = tmp_path / "huge.txt", tmp_path / "events.db"
    n_events = _big_article(path, megabytes)
    summary, seconds, peak_mb = _measured_ingest(
        str(path), "--store", str(db), "--coder", "fake", "--workers", "1", timeout=max_seconds
    )
    assert (summary["articles"], summary["rejects"]) == (1, 0)
    assert summary["events"] >= n_events
    assert seconds < max_seconds and peak_mb < max_peak_mb, (seconds, peak_mb)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT length(text) FROM articles").fetchone()[0] == megabytes * 1_000_000
    conn.close()
    check_consistent(db)


@pytest.mark.parametrize(("megabytes", "limit"), [(50, 10_000_000)])
def test_article_over_the_size_limit_is_refused_unread(tmp_path, megabytes, limit):
    path, db = tmp_path / "huge.txt", tmp_path / "events.db"
    _big_article(path, megabytes)
    summary, seconds, peak_mb = _measured_ingest(
        str(path), "--store", str(db), "--coder", "fake", "--max-bytes", str(limit), timeout=60
    )
    assert (summary["articles"], summary["rejects"]) == (0, 1)
    assert peak_mb < 300, "the file must not be read into memory"
    conn = sqlite3.connect(db)
    (reason,) = conn.execute("SELECT reason FROM rejects").fetchone()
    conn.close()
    assert (
        reason
        == f"is {megabytes:.1f} MB, over the {limit / 1e6:.0f} MB limit (split it into articles)"
    )


@pytest.mark.parametrize("n_tokens", [10_000])
def test_long_sentence_through_the_fake_coder(n_tokens):
    text = long_sentence(n_tokens)
    coded = FakeCoder().code_article(Article(id="long", text=text))
    assert coded.reject is None and len(coded.events) == 1


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize(("n_tokens", "max_seconds"), [(10_000, 60)])
def test_long_sentence_real_coder_bounded(coder, n_tokens, max_seconds):
    text = long_sentence(n_tokens)
    start = time.perf_counter()
    coded = coder.code_article(Article(id="long", text=text))
    assert time.perf_counter() - start < max_seconds
    # Coded, not rejected; a sentence over the parse limit yields no events (documented).
    assert coded.reject is None and coded.events == ()
