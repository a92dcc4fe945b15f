"""Tests for dotterel.export.plover: PLOVER field names, dotterel extensions, both styles."""

from __future__ import annotations

import io
import json

import pytest

from dotterel.dedup import Clusterer
from dotterel.errors import ValidationError
from dotterel.export.plover import EXTENSION_KEY, event_to_plover, write_plover
from dotterel.records import Article, Event

#: Top-level keys the PLOVER 0.8 manual defines (its JSON table), plus our one extension key.
PLOVER_KEYS = {
    "id", "has_event", "date", "time", "enddate", "endtime", "source", "recipient", "event",
    "event_loc", "event_text", "quad_code", "event_scale", "mode", "context", "link", "text",
    "text_info", "cite_info", "coder", "coded_date", "coded_time", "comment", EXTENSION_KEY,
}  # fmt: skip
#: Keys of the PLOVER gold-standard file (PLOVER 0.5), plus our extension key.
GSR_KEYS = {
    "id", "date", "source", "target", "event", "mode", "context", "eventText", "eventLoc",
    "text", "textInfo", "language", "publication", "coder", "version", "dateCoded", "comment",
    EXTENSION_KEY,
}  # fmt: skip


@pytest.mark.parametrize(("style", "allowed"), [("plover", PLOVER_KEYS), ("gsr", GSR_KEYS)])
def test_event_to_plover_uses_only_spec_keys(
    events: list[Event], articles: dict[str, Article], style: str, allowed: set[str]
) -> None:
    for event in events:
        record = event_to_plover(event, article=articles.get(event.article_id), style=style)
        assert set(record) <= allowed
        assert record["id"] == event.id


@pytest.mark.parametrize("index", [0])
def test_event_to_plover_fills_actors_place_and_citation(
    events: list[Event], articles: dict[str, Article], index: int
) -> None:
    event = events[index]
    record = event_to_plover(event, article=articles[event.article_id])
    assert record["date"] == "2024-03-12" and "enddate" not in record
    assert record["source"] == [
        {"actor_text": "Estonia", "code": "EST", "sector": "COP"},
        {"actor_text": "Latvia", "code": "LVA", "sector": "COP"},
    ]
    assert record["recipient"] == [{"actor_text": "two smugglers", "code": "UNK", "sector": "CRM"}]
    assert record["event"] == ["COERCE"] and record["mode"] == ["arrest"]
    assert record["event_loc"] == {
        "name": "Narva",
        "country code": "EE",
        "cc3": "EST",
        "geonameid": 590031,
        "latitude": 59.38,
        "longitude": 28.19,
        "admin1 code": "14",
    }
    assert record["cite_info"]["url"] == "https://news.example/smugglers"
    assert record["cite_info"]["publication"] == "Baltic Ledger"
    assert record["text_info"] == {"sequence": 0, "start": 0, "end": len(event.evidence.sentence)}
    assert record["quad_code"] == 4 and record["event_scale"] == -5.0


@pytest.mark.parametrize(("adm1", "has_code"), [("14", True), ("Ida-Viru", False)])
def test_event_to_plover_admin1_code_only_for_codes(
    events: list[Event], adm1: str, has_code: bool
) -> None:
    loc = events[0].location
    assert loc is not None
    event = events[0].replace(location=type(loc)(**{**loc.to_dict(), "adm1": adm1}))
    assert ("admin1 code" in event_to_plover(event)["event_loc"]) is has_code


@pytest.mark.parametrize(
    ("index", "date", "enddate"), [(1, "2024-02-01", "2024-02-29"), (2, "2024-03-20", None)]
)
def test_event_to_plover_coarse_dates_get_an_end_date(
    events: list[Event], index: int, date: str, enddate: str | None
) -> None:
    record = event_to_plover(events[index])
    assert record["date"] == date
    assert record.get("enddate") == enddate


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, ["crime"]),
        (2, ["humanitarian", "future", "x-alleged", "historical"]),
    ],
)
def test_event_to_plover_modality_appears_as_plover_contexts(
    events: list[Event], index: int, expected: list[str]
) -> None:
    assert event_to_plover(events[index])["context"] == expected


@pytest.mark.parametrize("index", [0, 1, 2])
def test_event_to_plover_extension_keeps_what_plover_lacks(events: list[Event], index: int) -> None:
    event = events[index]
    ext = event_to_plover(event)[EXTENSION_KEY]
    assert ext["status"] == event.status and ext["certainty"] == event.certainty
    assert ext["evidence"]["pattern_id"] == event.evidence.pattern_id
    assert ext["evidence"]["trigger_start"] == event.evidence.trigger_start
    assert ext["attribution"] == [a.to_dict() for a in event.attribution]
    assert ext["location"] == (event.location.to_dict() if event.location else None)
    assert ext["date_precision"] == event.date_precision
    assert len(ext["source_detail"]) == len(event.actor)


@pytest.mark.parametrize("include_text", [True, False])
def test_event_to_plover_text_is_optional(events: list[Event], include_text: bool) -> None:
    record = event_to_plover(events[0], include_text=include_text)
    assert ("text" in record) is include_text


@pytest.mark.parametrize("index", [0])
def test_event_to_plover_gsr_style_matches_gold_file_shapes(
    events: list[Event], articles: dict[str, Article], index: int
) -> None:
    record = event_to_plover(events[index], article=articles["art-1"], style="gsr")
    assert record["target"][0] == {"actorText": "two smugglers", "code": "UNK", "sector": "CRM"}
    assert record["event"] == "COERCE" and record["mode"] == "arrest"
    assert record["eventText"] == "detained"
    assert record["eventLoc"] == {"name": "Narva", "country code": "EE"}
    assert record["publication"] == "Baltic Ledger" and record["language"] == "en"


@pytest.mark.parametrize("style", ["plover", "gsr"])
def test_write_plover_writes_one_json_object_per_line(
    events: list[Event], articles: dict[str, Article], style: str
) -> None:
    out = io.StringIO()
    assert write_plover(events, out, articles=articles, style=style) == len(events)
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e.id for e in events]


@pytest.mark.parametrize("copies", [3])
def test_write_plover_with_clusterer_links_reports_of_one_event(
    events: list[Event], copies: int
) -> None:
    reports = [events[0].replace(id=f"{events[0].id}-{n}") for n in range(copies)]
    out = io.StringIO()
    write_plover(reports, out, clusters=Clusterer())
    links = {json.loads(line)["link"] for line in out.getvalue().splitlines()}
    assert len(links) == 1


@pytest.mark.parametrize("style", ["camel", ""])
def test_write_plover_rejects_unknown_style(events: list[Event], style: str) -> None:
    with pytest.raises(ValidationError):
        write_plover(events, io.StringIO(), style=style)
