"""Sector conventions of the actor resolver (gold/GUIDELINES.md, docs/ontology.md).

Phrases are resolved from the dictionaries alone (``resolve_text``), except the last tests,
which need a parse (entity labels, possessive pronouns).
"""

from __future__ import annotations

import pytest

from dotterel.actors import ActorResolver


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        # the guidelines: coast guards are MIL, inmates CRM, activists CVL
        ("Chinese coast guard vessels", "CHN", "MIL"),
        ("the Greek coastguard", "GRC", "MIL"),
        ("Ecuadorian inmates", "ECU", "CRM"),
        ("two prisoners", "UNK", "CRM"),
        ("gang members", "UNK", "CRM"),
        ("the abductors", "UNK", "CRM"),
        ("her captors", "UNK", "CRM"),
        ("political prisoners", "UNK", "OPP"),
        ("prisoners of war", "UNK", "MIL"),
        ("Georgian activists", "GEO", "CVL"),
        ("human rights activists", "UNK", "SOC"),
        ("a displacement camp", "UNK", "REF"),
        ("an IDP camp", "UNK", "REF"),
        # militias are REB unless the text says pro-government (both gold sets)
        ("Kurdish militias in northern Syria", "SYR", "REB"),
        ("a militia leader", "UNK", "REB"),
        ("pro-government militias", "UNK", "PRM"),
        ("a Russian-armed militia", "UNK", "PRM"),
        ("Iranian-controlled Iraqi militias", "IRQ", "PRM"),
        # the head noun's institution, not the modifier's politics
        ("an opposition newspaper", "UNK", "JRN"),
        ("the presidential palace", "UNK", "GOV"),
        # "leader" and "ruler" are generic: an organisation's own sector or a stronger word wins
        ("a Hamas leader", "PSE", "REB"),
        ("the Hezbollah leader", "LBN", "REB"),
        ("Mali's military rulers", "MLI", "MIL"),
        ("Iranian leaders", "IRN", "GOV"),
        ("the union leader", "UNK", "LAB"),
        ("Amnesty International researchers", "NGO", "SOC"),
        ("Human Rights Watch staff", "NGO", "SOC"),
        ("Red Cross workers", "NGO", "MED"),
        # a partitive takes its complement's sector; a people named with a place is CVL
        ("leaders of a little-known opposition coalition", "UNK", "OPP"),
        ("members of an armed group", "UNK", "REB"),
        ("a group of lawmakers", "UNK", "LEG"),
        ("the Serbs of Kosovo", "XKX", "CVL"),
        # a title ending an organisation's name gives its sector
        ("The EU foreign policy chief", "EUR", "GOV"),
        ("the European Commission", "EUR", "GOV"),
        ("the European Union", "EUR", None),
    ],
)
def test_sector_of_a_phrase(
    resolver: ActorResolver, text: str, code: str, sector: str | None
) -> None:
    ref = resolver.resolve_text(text)
    assert (ref.code, ref.sector) == (code, sector)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("local officials", "GOV"),
        ("the local council chairman", "GOV"),
        ("public officials", "GOV"),
        ("national police", "COP"),
        ("angry locals", "CVL"),
        ("the public", "CVL"),
        ("a Canadian national", "CVL"),
    ],
)
def test_sector_adjective_words_count_only_as_head(
    resolver: ActorResolver, text: str, sector: str
) -> None:
    assert resolver.resolve_text(text).sector == sector


@pytest.mark.parametrize(
    ("date", "sector"),
    [("2019-06-03", "PRM"), ("2024-01-10", "REB")],
)
def test_sector_of_an_organisation_changes_with_the_date(
    resolver: ActorResolver, date: str, sector: str
) -> None:
    ref = resolver.resolve_text("Rapid Support Forces", date=date)
    assert (ref.code, ref.sector) == ("SDN", sector)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        # People listed with dated offices (people.yaml), in an article dated after them.
        ("Russian President Boris Yeltsin", "GOV"),
        ("Bulgarian President Todor Zhivkov", "GOV"),
        ("former President Boris Yeltsin", "CVL"),
        ("Yeltsin", "CVL"),
    ],
)
def test_sector_title_in_the_text_beats_the_dated_office(
    resolver: ActorResolver, text: str, sector: str
) -> None:
    assert resolver.resolve_text(text, date="2005-06-01").sector == sector


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


def _codes_and_sectors(nlp, resolver: ActorResolver, text: str, head: str) -> list[tuple]:
    """What the word ``head`` of ``text`` resolves to, in an article of 2024-05-01."""
    doc = nlp(text)
    refs = resolver.resolve(_token(doc, head), resolver.new_context("2024-05-01"))
    return [(r.code, r.sector) for r in refs]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "head", "code", "sector"),
    [
        ("Iraqi Kurds marched through the city on Monday.", "Kurds", "IRQ", "CVL"),
        ("Hamas rejected the offer, and its leaders left Cairo.", "leaders", "PSE", "REB"),
        ("Hezbollah said its officials were safe.", "officials", "LBN", "REB"),
        # the parser makes "Leonean" the head, coordinated with "refugees"
        ("Gunmen attacked Sierra Leonean and Liberian refugees.", "Leonean", "SLE", "REF"),
    ],
)
def test_sector_from_the_parse_and_the_article(
    nlp, resolver: ActorResolver, sentence: str, head: str, code: str, sector: str
) -> None:
    doc = nlp(sentence)
    context = resolver.new_context("2024-05-01")
    for token in doc:
        if token.text == head:
            break
        if token.pos_ == "PROPN" and token.dep_ in ("nsubj", "nsubjpass"):
            resolver.resolve(token, context)
    refs = resolver.resolve(_token(doc, head), context)
    assert [(r.code, r.sector) for r in refs] == [(code, sector)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "head", "expected"),
    [
        # "both …" / "the two …": the two most salient antecedents
        (
            "Peru and Chile signed a fisheries accord in Lima. "
            "Both governments will review it next year.",
            "governments",
            [("PER", "GOV"), ("CHL", "GOV")],
        ),
        (
            "Ghana accused Togo of closing the border. "
            "Nigeria's envoy urged both governments to talk.",
            "governments",
            [("GHA", "GOV"), ("TGO", "GOV")],
        ),
        (
            "Laos and Vietnam agreed to build a railway. The two countries will share the cost.",
            "countries",
            [("LAO", None), ("VNM", None)],
        ),
        (
            "Peru signed a fisheries accord in Lima. Both governments will review it next year.",
            "governments",
            [("UNK", "GOV")],
        ),
        # "sides" and "parties" refer back only as a pair, to whoever the two actors are
        (
            "Laos and Vietnam agreed to build a railway. Both sides will share the cost.",
            "sides",
            [("LAO", None), ("VNM", None)],
        ),
        (
            "Laos and Vietnam agreed to build a railway. The two parties will share the cost.",
            "parties",
            [("LAO", None), ("VNM", None)],
        ),
        (
            "Laos agreed to build a railway. The other side will share the cost.",
            "side",
            [("UNK", None)],
        ),
        (
            "Laos and Vietnam agreed to build a railway after talks between their transport "
            "ministers in Vientiane.",
            "ministers",
            [("LAO", "GOV"), ("VNM", "GOV")],
        ),
        # a single office or body: the salient country, unless a complement names one
        (
            "Protesters in Yerevan demanded new elections. Police said the prime minister "
            "would not resign.",
            "minister",
            [("ARM", "GOV")],
        ),
        (
            "Moscow hosted the talks. Russia welcomed the president of Armenia on Friday.",
            "president",
            [("ARM", "GOV")],
        ),
        (
            "Soldiers seized power in Mali in 2021. The junta postponed the elections.",
            "junta",
            [("MLI", "MIL")],
        ),
        # coordinated complements are all actors
        (
            "The leaders of Serbia and Kosovo met in Brussels on Monday.",
            "leaders",
            [("SRB", "GOV"), ("XKX", "GOV")],
        ),
        (
            "The foreign ministers of France, Germany and Poland signed the letter.",
            "ministers",
            [("FRA", "GOV"), ("DEU", "GOV"), ("POL", "GOV")],
        ),
        (
            "Refugees from Syria and Iraq crossed the border.",
            "Refugees",
            [("SYR", "REF"), ("IRQ", "REF")],
        ),
        ("Critics of Iran and Syria spoke at the event.", "Critics", [("UNK", "OPP")]),
    ],
)
def test_resolve_a_word_from_the_article(
    nlp, resolver: ActorResolver, text: str, head: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _codes_and_sectors(nlp, resolver, text, head) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Kenyan police shot three protesters. The ministry said officers were attacked.", "COP"),
        ("Syrian troops shelled the town. The ministry said officers were attacked.", "MIL"),
        ("The ministry said officers were attacked.", "MIL"),
    ],
)
def test_sector_of_an_ambiguous_noun_follows_the_article(
    nlp, resolver: ActorResolver, text: str, sector: str
) -> None:
    doc = nlp(text)
    context = resolver.new_context("2024-05-01")
    refs: tuple = ()
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass", "dobj") and token.pos_ in ("NOUN", "PROPN"):
            refs = resolver.resolve(token, context)
        if token.text == "officers":
            break
    assert [r.sector for r in refs] == [sector]
