from __future__ import annotations

import pytest
import spacy

from dotterel.records import Event

TEXT = "Estonia expelled two Russian diplomats on Wednesday. Moscow denied the accusation."


@pytest.fixture(scope="module")
def nlp_with_component():
    from dotterel.nlp import load_pipeline

    base = load_pipeline()
    nlp = spacy.load(base.path)
    nlp.add_pipe("dotterel")
    return nlp


@pytest.mark.slow
@pytest.mark.parametrize("text", [TEXT])
def test_component_sets_doc_events(nlp_with_component, text: str) -> None:
    doc = nlp_with_component(text)
    events = doc._.events
    assert events and all(isinstance(e, Event) for e in events)
    assert {"SANCTION", "REJECT"} <= {e.event_type for e in events}


@pytest.mark.slow
@pytest.mark.parametrize("text", [TEXT])
def test_component_uses_article_metadata(nlp_with_component, text: str) -> None:
    doc = nlp_with_component.make_doc(text)
    doc._.dotterel_article = {"date": "2024-03-14", "source": "Baltic Ledger"}
    for _, proc in nlp_with_component.pipeline:
        doc = proc(doc)
    expel = next(e for e in doc._.events if e.event_type == "SANCTION")
    assert expel.date == "2024-03-13"
    assert expel.attribution[-1].outlet == "Baltic Ledger"


@pytest.mark.slow
@pytest.mark.parametrize("n_process", [2])
def test_component_survives_multiprocessing(nlp_with_component, n_process: int) -> None:
    docs = list(nlp_with_component.pipe([TEXT] * 4, n_process=n_process, batch_size=2))
    assert all(doc._.events for doc in docs)
    assert docs[0]._.events == docs[3]._.events
