"""Shared fixtures: the spaCy pipeline (loaded once per test session) and ../shared lookup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The team's shared data folder (``../shared``), or ``$DOTTEREL_SHARED``."""
    return Path(os.environ.get("DOTTEREL_SHARED") or REPO.parent / "shared")


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once."""
    from dotterel.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def coder(nlp):
    """A Coder over the session's pipeline."""
    from dotterel.coder import Coder

    return Coder(nlp=nlp)


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, skipping the test when a clone does not have it."""
    path = shared_dir()
    if not (path / "gold").is_dir():
        pytest.skip("../shared is absent (evaluation data lives outside the repo)")
    return path
