"""Fixtures for the fault tests: the bad-input corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.corpus import Corpus, write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    """The bad-input corpus (plus good articles) in a fresh folder."""
    return write_corpus(tmp_path / "in", tmp_path / "private")
