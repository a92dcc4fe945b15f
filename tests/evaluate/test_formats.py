"""Tests for the gold adapters in dotterel.evaluate.formats, on tiny files written here."""

from __future__ import annotations

import json

import pytest

from dotterel.errors import DataFileError, InputError, ValidationError
from dotterel.evaluate.formats import FORMATS, load_gold

ARTICLE = "Ruritania expelled two envoys on Monday. Borduria condemned the move."


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def own_record(**event):
    base = {"event_type": "SANCTION", "trigger": "expelled", "actor": [{"text": "Ruritania"}]}
    base.update(event)
    return {"id": "a1", "date": "2024-03-14", "text": ARTICLE, "events": [base]}


def test_load_own_reads_events_and_finds_offsets(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [{"dotterel_gold": "1.0"}, own_record(mode="expel")])
    gold = load_gold(path, "dotterel")
    (doc,) = gold.documents
    (event,) = doc.events
    assert (doc.id, doc.date, gold.task) == ("a1", "2024-03-14", "events")
    assert (event.trigger.start, event.trigger.end) == (10, 18)
    assert event.mode == "expel" and event.actor[0].code == "UNK"
    assert event.attribution == () and event.location is None


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"event_type": "HUG"}, "HUG"),
        ({"status": "finished"}, "finished"),
        ({"certainty": "sure"}, "sure"),
        ({"trigger": "kicked out"}, "not in the text"),
        ({"trigger_start": 0, "trigger_end": 8}, "not the trigger"),
    ],
)
def test_load_own_rejects_bad_events(tmp_path, event, message):
    path = write_jsonl(tmp_path / "g.jsonl", [own_record(**event)])
    with pytest.raises(DataFileError, match=message):
        load_gold(path, "dotterel")


def test_load_own_maps_older_type_names(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [own_record(event_type="DISAPPROVE")])
    (event,) = load_gold(path, "dotterel").documents[0].events
    assert (event.event_type, event.mode) == ("ACCUSE", "disapprove")


def test_load_own_rejects_newer_format_version(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [{"dotterel_gold": "2.0"}, own_record()])
    with pytest.raises(DataFileError, match="version 2"):
        load_gold(path, "dotterel")


@pytest.mark.parametrize(("gold", "fmt", "error"), [
    ("missing.jsonl", "dotterel", InputError),
    ("x", "nonsense", ValidationError),
    ("builtin", "plover-gsr", ValidationError),
])  # fmt: skip
def test_load_gold_bad_arguments(gold, fmt, error):
    with pytest.raises(error):
        load_gold(gold, fmt)


def test_load_plover_gsr_maps_old_names_and_actors(tmp_path):
    records = [
        {"id": "H", "event": "DOCUMENT"},
        {
            "id": "P1",
            "event": "DISAPPROVE",
            "source": [{"actorText": "Ruritania", "code": "RUR", "sector": "CVLkur"}],
            "target": "",
            "text": ARTICLE,
            "textInfo": {"markup": "(SRC: Ruritania) (EVT: expelled) two envoys"},
            "eventLoc": {"name": "Lisbon", "country code": "PT"},
        },
        {"id": "P2", "event": "FIGHT", "mode": "heavy-weapons", "source": [], "text": ARTICLE,
         "eventText": "condemned the"},
    ]  # fmt: skip
    path = tmp_path / "gsr.txt"
    path.write_text(json.dumps(records), encoding="utf-8")
    gold = load_gold(path, "plover-gsr")
    first, second = (d.events[0] for d in gold.documents)
    assert (first.event_type, first.mode, first.trigger.text) == (
        "ACCUSE",
        "disapprove",
        "expelled",
    )
    assert first.actor[0].sector == "CVL" and first.recipient == ()
    assert first.location.country_code == "PRT"
    assert (second.event_type, second.mode, second.trigger.text) == (
        "ASSAULT",
        "heavy-weapons",
        "condemned",
    )
    assert not gold.documents[0].exhaustive


def test_load_wikievents_rebuilds_text_and_roles(tmp_path):
    sentences = [
        [[["Rebels", 0, 6], ["attacked", 7, 15], ["Lorn", 16, 20], [".", 20, 21]],
         "Rebels attacked Lorn."],
        [[["They", 30, 34], ["fled", 35, 39], [".", 39, 40]], "They fled."],
    ]  # fmt: skip
    record = {
        "doc_id": "w1",
        "sentences": sentences,
        "entity_mentions": [
            {"id": "w1-T1", "start": 0, "end": 1, "text": "Rebels"},
            {"id": "w1-T2", "start": 2, "end": 3, "text": "Lorn"},
            {"id": "w1-T3", "start": 4, "end": 5, "text": "They"},
        ],
        "event_mentions": [
            {"event_type": "Conflict.Attack.Unspecified", "trigger": {"start": 1, "end": 2},
             "arguments": [{"entity_id": "w1-T1", "role": "Attacker"},
                           {"entity_id": "w1-T2", "role": "Place"}]},
            {"event_type": "Movement.Transportation.Unspecified", "trigger": {"start": 5, "end": 6},
             "arguments": []},
        ],
    }  # fmt: skip
    write_jsonl(tmp_path / "dev.jsonl", [record])
    write_jsonl(
        tmp_path / "coref_dev.jsonlines", [{"doc_key": "w1", "clusters": [["w1-T1", "w1-T3"]]}]
    )
    (doc,) = load_gold(tmp_path, "wikievents").documents
    assert doc.text == "Rebels attacked Lorn.\nThey fled."
    (event,) = doc.events
    assert (event.event_type, event.trigger.text, event.actor[0].text) == (
        "ASSAULT",
        "attacked",
        "Rebels",
    )
    assert event.location.text == "Lorn" and event.recipient == ()
    assert [m.text for m in doc.clusters[0]] == ["Rebels", "They"]
    assert "ACCUSE" not in doc.annotated_types


def test_load_meantime_detokenises_and_reads_labels(tmp_path):
    rows = [
        "1\tRuritania\t_\t_\t_\t_", "2\twill\t_\t_\t_\t_",
        "3\texpel\tB-E-1\tB-PROBABLE-1\tB-POS-1\tB-FUTURE-1", "4\tenvoys\t_\t_\t_\t_",
        "", "5\tMarch\t_\t_\t_\t_", "6\t14\t_\t_\t_\t_", "7\t,\t_\t_\t_\t_", "8\t2024\t_\t_\t_\t_",
        "", "9\tIt\t_\t_\t_\t_", "10\tdid\t_\t_\t_\t_", "11\tnot\t_\t_\t_\t_",
        "12\tsay\tB-E-2\tB-CERTAIN-2\tB-NEG-2\tB-NON_FUTURE-2", "13\t.\t_\t_\t_\t_",
    ]  # fmt: skip
    (tmp_path / "1_doc.xml.conll").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (doc,) = load_gold(tmp_path, "meantime").documents
    assert doc.text == "Ruritania will expel envoys\nMarch 14, 2024\nIt did not say."
    assert doc.date == "2024-03-14"
    first, second = doc.factuality
    assert (first.span.text, first.certainty, first.time) == ("expel", "PROBABLE", "FUTURE")
    assert (second.span.text, second.polarity) == ("say", "NEG")


def test_load_polnear_links_source_cue_content(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "Officials said the talks failed."
    (tmp_path / "text" / "outlet_2016-09-12_talks.txt").write_text(text, encoding="utf-8")
    ann = "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 31\tthe talks failed\n"
    ann += "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    (tmp_path / "attributions" / "outlet_2016-09-12_talks_ab12.ann").write_text(
        ann, encoding="utf-8"
    )
    (doc,) = load_gold(tmp_path, "polnear").documents
    (attribution,) = doc.attributions
    assert (attribution.source.text, attribution.cue.text) == ("Officials", "said")
    assert attribution.content.text == "the talks failed" and doc.date == "2016-09-12"


LGL = """<?xml version="1.0"?><articles><article docid="7"><dltime>2009-03-20 12:00</dltime>
<text>Floods hit Lorn and Dover.</text><toponyms>
<toponym><start>11</start><end>15</end><phrase>Lorn</phrase></toponym>
<toponym><start>21</start><end>26</end><phrase>Dover</phrase><gaztag geonameid="2651048">
<name>Dover</name><lat>51.12</lat><lon>1.31</lon><country>United Kingdom</country></gaztag>
</toponym>
</toponyms></article></articles>"""
GEOVIRUS = """<articles><article><source>x</source><text>Cases rose in Lorn.</text><locations>
<location><name>Lorn</name><start>15</start><end>19</end><lat>1.0</lat><lon>2.0</lon></location>
</locations></article></articles>"""


def test_load_geoparsing_both_layouts(tmp_path):
    (tmp_path / "lgl.xml").write_text(LGL, encoding="utf-8")
    (tmp_path / "GeoVirus.xml").write_text(GEOVIRUS, encoding="utf-8")
    docs = {d.source: d for d in load_gold(tmp_path, "geoparsing").documents}
    lorn, dover = docs["lgl"].toponyms
    assert lorn.lat is None and (dover.geonames_id, dover.lat) == (2651048, 51.12)
    assert docs["lgl"].date == "2009-03-20"
    (virus,) = docs["GeoVirus"].toponyms
    assert (virus.span.start, virus.span.text) == (14, "Lorn")  # 1-based in the file


def test_load_event_location_uses_token_indices(tmp_path):
    tokens = [{"text": t, "start": s, "end": s + len(t)} for t, s in
              (("Troops", 0), ("massed", 7), ("near", 14), ("Lorn", 19))]  # fmt: skip
    record = {"text": "Troops massed near Lorn", "tokens": tokens, "answer": "accept", "spans": [
        {"label": "VERB", "start": 0, "end": 1, "token_start": 1, "token_end": 1},
        {"label": "LOCATION", "start": 99, "end": 120, "token_start": 3, "token_end": 3},
    ]}  # fmt: skip
    write_jsonl(tmp_path / "event_location_dev.jsonl", [record])
    (doc,) = load_gold(tmp_path, "event-location").documents
    (link,) = doc.event_locations
    assert link.verb.text == "massed" and [s.text for s in link.locations] == ["Lorn"]


def test_load_conflibert_maps_penta_to_quad(tmp_path):
    path = tmp_path / "cameo_class_train.tsv"
    path.write_text(
        'Troops shelled Lorn.\t4\n"A ""quoted"" appeal."\t0\nbad line\n', encoding="utf-8"
    )
    docs = load_gold(path, "conflibert").documents
    assert [(d.text, d.label) for d in docs] == [
        ("Troops shelled Lorn.", "4"),
        ('A "quoted" appeal.', "1"),
    ]


PETRARCH = """<Validation><Environment><Actorfile>Phoenix.actors.txt</Actorfile></Environment>
<!-- <Sentence id="COMMENTED"> -->
<Sentence date = "20080801" id ="T-1" category="TEST">
<EventCoding sourcecode="USAGOV" targetcode="CHN" eventcode="042"></EventCoding>
<EventCoding sourcecode="RUS" targetcode='CHN' eventcode="042"></EventCoding>
<Text>US and Russian officials visited Beijing & talked.</Text></Sentence>
<Sentence date="20080802" id="T-2"/>
<EventCoding noevents="True" />
<Text>The weather was mild.</Text>
<Sentence date="20080803" id="T-3"><EventCoding eventcode="903"></EventCoding>
<Text>Odd.</Text></Sentence>
<Sentence date="20080804" id="T-4"><EventCoding eventcode="010"></EventCoding>
<Text>Ruritania said it was fine.</Text></Sentence>
</Validation>"""


def test_load_petrarch_tolerant_parse(tmp_path):
    (tmp_path / "records.xml").write_text(PETRARCH, encoding="utf-8")
    gold = load_gold(tmp_path, "petrarch")
    first, second = gold.documents
    assert first.text == "US and Russian officials visited Beijing & talked."
    (event,) = first.events  # two codings of one code merge into one event
    assert (event.event_type, event.mode) == ("CONSULT", "visit")
    assert [(a.code, a.sector) for a in event.actor] == [("USA", "GOV"), ("RUS", None)]
    assert second.events == () and second.date == "2008-08-02"
    assert "2 sentences left out" in " ".join(gold.notes)  # invented code 903, statement 010


def test_formats_registry_lists_every_adapter():
    assert sorted(FORMATS) == [
        "conflibert", "dotterel", "event-location", "geoparsing", "meantime", "petrarch",
        "plover-gsr", "polnear", "wikievents",
    ]  # fmt: skip
