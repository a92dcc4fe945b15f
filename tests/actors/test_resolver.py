"""ActorResolver.resolve on parsed sentences: phrase building, coordination, coreference."""

from __future__ import annotations

import pytest

from dotterel.actors import ActorResolver, StaticActorResolver
from dotterel.records import ActorRef

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def _token(doc, word: str, nth: int = 0):
    found = [t for t in doc if t.text == word]
    assert len(found) > nth, f"{word!r} not in {doc.text!r}"
    return found[nth]


@pytest.mark.parametrize(
    ("sentence", "head", "code", "sector"),
    [
        ("Iranian intelligence agents followed the journalist for weeks.", "agents", "IRN", "SPY"),
        ("Albanian officials confirmed the arrests on Tuesday.", "officials", "ALB", "GOV"),
        ("Iranian steelworkers walked off the job in protest.", "steelworkers", "IRN", "LAB"),
        ("Iran's ambassador was summoned to the ministry.", "ambassador", "IRN", "GOV"),
        (
            "Three Iranian members of the Revolutionary Guard's Quds Force were detained.",
            "members",
            "IRN",
            "MIL",
        ),
        ("The plot was foiled by security forces in the Netherlands.", "forces", "NLD", "COP"),
        ("Tirana's decision surprised its neighbours.", "Tirana", "ALB", "GOV"),
        ("Tirana's decision surprised its neighbours.", "decision", "ALB", "GOV"),
        ("The Kremlin rejected the report.", "Kremlin", "RUS", "GOV"),
        ("Downing Street declined to comment.", "Street", "GBR", "GOV"),
        ("Dutch police raided two flats in Rotterdam.", "police", "NLD", "COP"),
        ("The MEK denied any role in the unrest.", "MEK", "IRN", "OPP"),
        ("Doctors from a Swiss charity treated the wounded.", "Doctors", "CHE", "MED"),
        ("Kurdish fighters in Syria held the town.", "fighters", "SYR", "REB"),
    ],
)
def test_resolve_builds_the_phrase_from_the_parse(
    nlp, resolver: ActorResolver, sentence: str, head: str, code: str, sector: str
) -> None:
    doc = nlp(sentence)
    refs = resolver.resolve(_token(doc, head))
    assert [(r.code, r.sector) for r in refs] == [(code, sector)]


@pytest.mark.parametrize(
    ("sentence", "head", "code", "name"),
    [
        (
            "US National Security Adviser John Bolton criticised the deal.",
            "Bolton",
            "USA",
            "John Bolton",
        ),
        ("President Trump thanked the prime minister.", "Trump", "USA", "Trump"),
        ("Prime Minister Edi Rama welcomed the support.", "Rama", "ALB", "Edi Rama"),
        (
            "Foreign Minister Halima Odeke of Uganda flew to Nairobi.",
            "Odeke",
            "UGA",
            "Halima Odeke",
        ),
        (
            "Foreign Minister Halima Odeke of Uganda flew to Nairobi.",
            "Minister",
            "UGA",
            "Halima Odeke",
        ),
    ],
)
def test_resolve_titles_keep_the_name(
    nlp, resolver: ActorResolver, sentence: str, head: str, code: str, name: str
) -> None:
    doc = nlp(sentence)
    context = resolver.new_context("2018-12-20")
    (ref,) = resolver.resolve(_token(doc, head), context)
    assert (ref.code, ref.sector, ref.name) == (code, "GOV", name)


def test_resolve_offsets_point_into_the_doc(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Yesterday two Iranian diplomats were expelled.")
    (ref,) = resolver.resolve(_token(doc, "diplomats"))
    assert doc.text[ref.start : ref.end] == ref.text == "two Iranian diplomats"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Hungarian and Romanian officials signed the accord.",
            [("HUN", "Hungarian"), ("ROU", "Romanian")],
        ),
        (
            "Danish, French and Dutch envoys met on Monday.",
            [("DNK", "Danish"), ("FRA", "French"), ("NLD", "Dutch")],
        ),
        (
            # the parser makes "Danish" the subject and "governments" its apposition
            "The Danish, French and Dutch governments issued a statement.",
            [("DNK", "Danish"), ("FRA", "French"), ("NLD", "Dutch")],
        ),
    ],
)
def test_resolve_splits_adjective_coordination(
    nlp, resolver: ActorResolver, sentence: str, expected: list[tuple[str, str]]
) -> None:
    doc = nlp(sentence)
    head = next(t for t in doc if t.dep_ in ("nsubj", "nsubjpass"))
    refs = resolver.resolve(head)
    assert [(r.code, r.text) for r in refs] == expected
    assert all(r.sector == "GOV" for r in refs)
    assert all(doc.text[r.start : r.end] == r.text for r in refs)


def test_resolve_unknown_actor_keeps_text_and_is_unk(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Masked men set fire to the warehouse.")
    (ref,) = resolver.resolve(_token(doc, "men"))
    assert (ref.text, ref.code, ref.resolved_by) == ("Masked men", "UNK", "sector-only")


def test_resolve_unknown_name_is_not_guessed(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Mr Okafor denied the accusation.")
    (ref,) = resolver.resolve(_token(doc, "Okafor"))
    assert (ref.code, ref.name, ref.resolved_by) == ("UNK", "Okafor", "unresolved")


def _resolve_all(nlp, resolver: ActorResolver, text: str, heads: list[tuple[str, int]], date=None):
    doc = nlp(text)
    context = resolver.new_context(date)
    return [resolver.resolve(_token(doc, word, nth), context) for word, nth in heads]


def test_coref_mullahs_take_the_salient_clerical_state(nlp, resolver: ActorResolver) -> None:
    text = (
        "Iran summoned the Danish envoy on Monday. "
        "Copenhagen had accused Tehran of a bomb plot. "
        "The mullahs denied everything."
    )
    *_, (mullahs,) = _resolve_all(
        nlp, resolver, text, [("Iran", 0), ("Copenhagen", 0), ("Tehran", 0), ("mullahs", 0)]
    )
    assert (mullahs.code, mullahs.sector, mullahs.resolved_by) == ("IRN", "GOV", "coref")


def test_coref_nato_country_needs_membership_on_the_date(nlp, resolver: ActorResolver) -> None:
    text = (
        "Montenegro expelled a Russian diplomat. "
        "Moscow condemned the move. "
        "The NATO country said more expulsions could follow."
    )
    heads = [("Montenegro", 0), ("diplomat", 0), ("Moscow", 0), ("country", 0)]
    *_, (country,) = _resolve_all(nlp, resolver, text, heads, date="2018-03-27")
    assert (country.code, country.resolved_by) == ("MNE", "coref")
    # Montenegro joined NATO in 2017: two years earlier no actor of the text qualifies.
    *_, (earlier,) = _resolve_all(nlp, resolver, text, heads, date="2015-03-27")
    assert (earlier.code, earlier.resolved_by) == ("UNK", "unresolved")


def test_coref_description_never_takes_its_own_clause(nlp, resolver: ActorResolver) -> None:
    text = "Albania expelled two envoys. US officials praised the NATO country on Friday."
    *_, (country,) = _resolve_all(
        nlp, resolver, text, [("Albania", 0), ("officials", 0), ("country", 0)], "2018-12-20"
    )
    assert country.code == "ALB"


def test_coref_definite_plural_repeats_the_earlier_group(nlp, resolver: ActorResolver) -> None:
    text = "Belgium expelled two Iranian diplomats. The diplomats left on Thursday."
    *_, (diplomats,) = _resolve_all(
        nlp, resolver, text, [("Belgium", 0), ("diplomats", 0), ("diplomats", 1)]
    )
    assert (diplomats.code, diplomats.sector, diplomats.resolved_by) == ("IRN", "GOV", "coref")


@pytest.mark.parametrize(
    ("text", "heads", "code"),
    [
        (
            "Finland closed its border. It cited security concerns.",
            [("Finland", 0), ("It", 0)],
            "FIN",
        ),
        (
            "Ukrainian soldiers crossed the river. They met little resistance.",
            [("soldiers", 0), ("They", 0)],
            "UKR",
        ),
        (
            "Prime Minister Edi Rama spoke first. He promised reforms.",
            [("Rama", 0), ("He", 0)],
            "ALB",
        ),
        (
            "Chancellor Angela Merkel arrived late. She left early.",
            [("Merkel", 0), ("She", 0)],
            "DEU",
        ),
    ],
)
def test_coref_pronouns_take_the_recent_compatible_actor(
    nlp, resolver: ActorResolver, text: str, heads: list[tuple[str, int]], code: str
) -> None:
    *_, refs = _resolve_all(nlp, resolver, text, heads, date="2019-01-15")
    assert [(r.code, r.resolved_by) for r in refs] == [(code, "coref")]


def test_coref_they_takes_a_coordinated_group(nlp, resolver: ActorResolver) -> None:
    text = "Denmark, France and Germany protested. They demanded an apology."
    doc = nlp(text)
    context = resolver.new_context()
    for word in ("Denmark", "France", "Germany"):
        resolver.resolve(_token(doc, word), context)
    refs = resolver.resolve(_token(doc, "They"), context)
    assert [r.code for r in refs] == ["DNK", "FRA", "DEU"]


def test_coref_he_skips_a_woman(nlp, resolver: ActorResolver) -> None:
    text = "Jens Stoltenberg met Angela Merkel. He praised the plan."
    *_, (he,) = _resolve_all(
        nlp, resolver, text, [("Stoltenberg", 0), ("Merkel", 0), ("He", 0)], "2018-06-01"
    )
    assert he.code == "NAT"


def test_coref_possessive_pronoun_gives_the_country(nlp, resolver: ActorResolver) -> None:
    text = "Norway recalled its ambassador."
    _, (ambassador,) = _resolve_all(nlp, resolver, text, [("Norway", 0), ("ambassador", 0)])
    assert (ambassador.code, ambassador.sector, ambassador.resolved_by) == ("NOR", "GOV", "coref")


def test_coref_without_antecedent_stays_unk(nlp, resolver: ActorResolver) -> None:
    (refs,) = _resolve_all(nlp, resolver, "The regime denied it.", [("regime", 0)])
    assert [(r.code, r.sector) for r in refs] == [("UNK", "GOV")]
    (it,) = _resolve_all(nlp, resolver, "It was cold.", [("It", 0)])
    assert [(r.code, r.resolved_by) for r in it] == [("UNK", "unresolved")]


def test_resolve_same_head_twice_is_remembered_once(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Serbia protested. It recalled its envoy.")
    context = resolver.new_context()
    first = resolver.resolve(_token(doc, "Serbia"), context)
    again = resolver.resolve(_token(doc, "Serbia"), context)
    assert first == again
    assert len(context.mentions) == 1


def test_static_resolver_maps_texts(nlp) -> None:
    static = StaticActorResolver({"Ruritanian officials": ("RUR", "GOV")})
    doc = nlp("Ruritanian officials denied it.")
    (ref,) = static.resolve(_token(doc, "officials"), static.new_context())
    assert (ref.code, ref.sector, ref.text) == ("RUR", "GOV", "Ruritanian officials")
    assert static.resolve_text("nobody").code == "UNK"
    assert static.resolve_text("ruritanian officials") == ActorRef(
        "ruritanian officials", "RUR", "GOV"
    )


def test_coref_embedded_antecedent_in_the_same_clause(nlp, resolver: ActorResolver) -> None:
    text = (
        "The anger of ordinary Iranians in Iran has alarmed the regime "
        "as it struggles to contain the protests."
    )
    regime, it = _resolve_all(nlp, resolver, text, [("regime", 0), ("it", 0)], "2018-12-20")
    assert [(r.code, r.sector) for r in regime] == [("IRN", "GOV")]
    # "it" is the regime, not the plural "Iranians".
    assert [(r.code, r.sector) for r in it] == [("IRN", "GOV")]


def test_coref_possessive_binds_to_its_subject_and_it_to_the_group(
    nlp, resolver: ActorResolver
) -> None:
    text = (
        "Iran has long feared the exiles. "
        "Since the MEK refuses to disband, the mullahs will keep up their campaign to crush it."
    )
    heads = [("Iran", 0), ("MEK", 0), ("mullahs", 0), ("their", 0), ("it", 0)]
    *_, their, it = _resolve_all(nlp, resolver, text, heads, "2018-12-20")
    assert [(r.code, r.sector) for r in their] == [("IRN", "GOV")]
    assert [(r.code, r.sector, r.resolved_by) for r in it] == [("IRN", "OPP", "coref")]


def test_coref_back_fills_antecedents_nobody_asked_about(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Albania warned Iranian leaders that their plots would fail.")
    context = resolver.new_context("2018-12-20")
    (their,) = resolver.resolve(_token(doc, "their"), context)
    assert (their.code, their.sector) == ("IRN", "GOV")
