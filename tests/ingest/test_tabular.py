"""JSONL and CSV corpora: configurable fields, streaming, per-line rejects."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from dotterel.ingest import FieldMap
from dotterel.ingest.tabular import read_csv, read_jsonl
from dotterel.records import Article, Reject

LIMIT = 1_000_000


def _jsonl(lines: list[str], fieldmap: FieldMap | None = None) -> list[Article | Reject]:
    data = ("\n".join(lines) + "\n").encode()
    stream = io.BufferedReader(io.BytesIO(data))
    return list(
        read_jsonl(stream, origin="c.jsonl", fieldmap=fieldmap or FieldMap(), max_bytes=LIMIT)
    )


def _csv(text: str | bytes, fieldmap: FieldMap | None = None, delimiter: str = ","):
    data = text.encode() if isinstance(text, str) else text
    stream = io.BufferedReader(io.BytesIO(data))
    return list(
        read_csv(
            stream,
            origin="c.csv",
            fieldmap=fieldmap or FieldMap(),
            max_bytes=LIMIT,
            delimiter=delimiter,
        )
    )


@pytest.mark.parametrize(
    ("record", "fieldmap", "expected"),
    [
        (
            {"id": "d1", "text": "Miners marched.", "date": "2024-01-05", "source": "Post"},
            FieldMap(),
            ("d1", "Miners marched.", "2024-01-05", "Post"),
        ),
        (
            {"doc": 7, "body": "Miners marched.", "published": "2024-01-05", "outlet": "Post"},
            FieldMap.from_options(id="doc", text="body", date="published", source="outlet"),
            ("7", "Miners marched.", "2024-01-05", "Post"),
        ),
    ],
)
def test_read_jsonl_maps_fields(record, fieldmap, expected):
    (article,) = _jsonl([json.dumps(record)], fieldmap)
    assert (article.id, article.text, article.date, article.source) == expected
    assert article.origin == "c.jsonl:1"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "ok", ', "invalid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"body": "no text field"}', "no 'text' field (fields: body)"),
        ('{"text": 42}', "not text"),
        ('{"text": "   "}', "empty"),
    ],
)
def test_read_jsonl_bad_line_rejected_with_line_number(line, reason):
    items = _jsonl(['{"text": "First line is fine."}', "", line])
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Reject)
    assert (items[1].line, items[1].origin) == (3, "c.jsonl")
    assert reason in items[1].reason


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_read_jsonl_invalid_utf8_line_and_bom(bom):
    data = bom + b'{"text": "Fine."}\n{"text": "caf\xe9"}\n'
    items = list(
        read_jsonl(
            io.BufferedReader(io.BytesIO(data)), origin="c", fieldmap=FieldMap(), max_bytes=LIMIT
        )
    )
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Reject) and "UTF-8" in items[1].reason and items[1].line == 2


@pytest.mark.parametrize("n", [2])
def test_read_jsonl_reads_a_json_array(n):
    data = json.dumps([{"text": f"Article {i}."} for i in range(n)]).encode()
    items = list(
        read_jsonl(
            io.BufferedReader(io.BytesIO(data)),
            origin="a.json",
            fieldmap=FieldMap(),
            max_bytes=LIMIT,
        )
    )
    assert [a.text for a in items] == ["Article 0.", "Article 1."]


CSV = (
    'id,text,date\nr1,"Farmers blocked the road, again.",2024-03-01\n'
    'r2,"A cell\nthat spans lines.",\n'
)


@pytest.mark.parametrize("data", [CSV, codecs.BOM_UTF8 + CSV.encode(), CSV.encode("utf-16")])
def test_read_csv_rows_become_articles(data):
    items = _csv(data)
    assert [(a.id, a.text, a.date) for a in items] == [
        ("r1", "Farmers blocked the road, again.", "2024-03-01"),
        ("r2", "A cell\nthat spans lines.", None),
    ]
    assert [a.origin for a in items] == ["c.csv:2", "c.csv:3"]


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("id,text\nr1,ok\nr2,too,many\n", "the row has 3 fields, the header has 2", 3),
        ("id,text\nr1,ok\nr2\n", "the row has 1 fields", 3),
        ("id,text\nr1,ok\nr2,\n", "empty", 3),
        ("id,body\nr1,ok\n", "no 'text' column (columns: id, body)", 1),
    ],
)
def test_read_csv_bad_rows_rejected_with_line(text, reason, line):
    rejects = [i for i in _csv(text) if isinstance(i, Reject)]
    assert len(rejects) == 1
    assert reason in rejects[0].reason and rejects[0].line == line


@pytest.mark.parametrize("data", [b"id,text\nr1,fine\nr2,caf\xe9\n"])
def test_read_csv_invalid_utf8_stops_file_with_reject(data):
    items = _csv(data)
    assert isinstance(items[-1], Reject) and "UTF-8" in items[-1].reason


@pytest.mark.parametrize("delimiter", ["\t"])
def test_read_csv_tsv_and_custom_text_field(delimiter):
    items = _csv(
        "key\tbody\nk1\tShips left port.\n", FieldMap.from_options(id="key", text="body"), delimiter
    )
    assert [(a.id, a.text) for a in items] == [("k1", "Ships left port.")]
