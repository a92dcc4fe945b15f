from __future__ import annotations

import subprocess
import sys

import pytest

import dotterel


def _isort_key(name: str) -> tuple[int, str]:
    # Constants, then classes, then functions, as ruff's isort-style __all__ order.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_all_is_sorted_and_unique() -> None:
    assert list(dotterel.__all__) == sorted(set(dotterel.__all__), key=_isort_key)


@pytest.mark.parametrize("name", dotterel.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(dotterel, name) is not None


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError):
        dotterel.no_such_name  # noqa: B018


def test_import_dotterel_does_not_load_spacy() -> None:
    code = "import sys, dotterel; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
