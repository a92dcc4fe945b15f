"""PlaceFinder and ArticlePlaces.for_trigger on sentences written for these tests."""

from __future__ import annotations

import pytest

from dotterel.places import PlaceFinder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def finder() -> PlaceFinder:
    return PlaceFinder()


def _trigger(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "trigger", "name", "adm1", "resolution", "source"),
    [
        (
            "Angry dock workers in the port city of Bandar Abbas in Hormozgan province, "
            "southern Iran, went on strike on Monday.",
            "strike",
            "Bandar Abbas",
            "Hormozgan",
            "city",
            "gazetteer",
        ),
        (
            "Farmers in the town of Izeh blocked a highway on Tuesday.",
            "blocked",
            "Izeh",
            "Khuzestan",
            "city",
            "gazetteer",
        ),
        (
            "Truck drivers in the city of Bukan stopped work.",
            "stopped",
            "Bukan",
            "Azarbayjan-e Gharbi",
            "city",
            "gazetteer",
        ),
        (
            "Hungary closed its embassy in Kabul on Friday.",
            "closed",
            "Kabul",
            "Kabul",
            "city",
            "sentence",
        ),
        (
            "In France, a rally of exiles was held outside Paris on Saturday.",
            "held",
            "Paris",
            "Ile-de-France",
            "city",
            "sentence",
        ),
        (
            "French officials met Iranian envoys in Geneva.",
            "met",
            "Geneva",
            "Geneve",
            "city",
            "sentence",
        ),
        (
            "Three soldiers died, officials in Mosul said.",
            "died",
            "Mosul",
            "Ninawa",
            "city",
            "sentence",
        ),
    ],
)
def test_for_trigger_finds_where_the_event_happened(
    nlp, finder, text, trigger, name, adm1, resolution, source
):
    doc = nlp(text)
    loc = finder.scan(doc).for_trigger(_trigger(doc, trigger))
    assert loc is not None
    assert (loc.name, loc.adm1, loc.resolution, loc.source) == (name, adm1, resolution, source)
    assert doc.text[loc.start : loc.end] == loc.text


@pytest.mark.parametrize(
    ("text", "trigger", "name", "source"),
    [
        (
            "Hundreds of teachers rallied in the city of Marivan on Sunday. "
            "Police detained several of them.",
            "detained",
            "Marivan",
            "carried",
        ),
        (
            "Nurses rallied in the city of Marivan on Sunday.\nOn Monday, police detained "
            "several of them. But the nurses returned.",
            "returned",
            "Marivan",
            "carried",
        ),
        (
            "Hundreds of teachers rallied in Shiraz on Sunday. "
            "In Tabriz, bus drivers stopped work.",
            "stopped",
            "Tabriz",
            "gazetteer",
        ),
        (
            "TEHRAN, Iran (AP) -- Police arrested two men on Sunday.",
            "arrested",
            "Tehran",
            "dateline",
        ),
        ("Hungary expelled two diplomats.", "expelled", "Hungary", "sentence"),
    ],
)
def test_for_trigger_carries_datelines_and_falls_back(nlp, finder, text, trigger, name, source):
    doc = nlp(text)
    loc = finder.scan(doc).for_trigger(_trigger(doc, trigger))
    assert loc is not None
    assert (loc.name, loc.source) == (name, source)


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of teachers rallied in Shiraz on Sunday.\n\nThe minister praised the budget "
        "on Monday.\n\nAnalysts welcomed the decision.",
        "Teachers rallied in Shiraz on Sunday. Iran and Iraq signed a deal. "
        "Analysts welcomed the decision.",
        "The minister praised the budget on Monday.",
    ],
)
def test_for_trigger_does_not_carry_past_a_paragraph_or_invent_places(nlp, finder, text):
    doc = nlp(text)
    assert finder.scan(doc).for_trigger(doc[-2]) is None


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "Iranian police raided homes in Tehran. Iran blamed Albania, and Iraqi officials "
            "in Baghdad said Iran had sent agents to Tirana.",
            "IRN",
        ),
    ],
)
def test_scan_ranks_the_article_countries_by_salience(nlp, finder, text, first):
    places = finder.scan(nlp(text))
    assert places.countries[0] == first
    assert {"ALB", "IRQ"} <= set(places.countries)
    assert all(m.start is not None for m in places.mentions)


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        # The country compounded with the subject says who acted, not where.
        ("U.S. marines raided a warehouse in Basra on Friday.", "raided", "Basrah"),
        ("Kenyan police stormed a warehouse in Mombasa.", "stormed", "Mombasa"),
        # The place a settlement noun names lies inside the one qualifying it.
        ("Soldiers shot two men in the West Bank city of Hebron.", "shot", "Hebron"),
        # With no place of its own, a state that is the subject acts at home.
        ("Kenya said the deal was fair.", "said", "Kenya"),
        ("Jordan's parliament dissolved the cabinet on Monday.", "dissolved", "Jordan"),
    ],
)
def test_for_trigger_reads_participants_as_actors_not_places(nlp, finder, text, trigger, name):
    doc = nlp(text)
    loc = finder.scan(doc).for_trigger(_trigger(doc, trigger))
    assert loc is not None and loc.name == name


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # A place that is only another participant says nothing of where the event was.
        ("The envoy accused the government of siding with Ankara.", "accused"),
        ("The minister praised the deal with Moscow.", "praised"),
        # The object of a verb of addressing or judging is a recipient, not ground.
        ("The rights group urged Iran to free the students.", "urged"),
        ("The union accused Madrid of breaking the agreement.", "accused"),
    ],
)
def test_for_trigger_takes_no_place_from_a_non_subject_participant(nlp, finder, text, trigger):
    doc = nlp(text)
    assert finder.scan(doc).for_trigger(_trigger(doc, trigger)) is None
