"""A corpus of bad (and some good) inputs, written into a test's temporary folder.

Every file is generated here, from sentences written for these tests, so nothing large or
third-party is committed. :func:`write_corpus` returns what ``dotterel ingest`` must make of
each input: the articles it must code, and the reject (origin, line, stage, reason) each
unusable input or record must leave in the store.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from pathlib import Path

#: English articles with events both the real coder and the fake coder find.
GOOD_TEXTS = (
    "Police in Nairobi arrested dozens of protesters on Tuesday after a march against rising "
    "fuel prices, officials said. Later, the demonstrators protested outside parliament.",
    "Russian forces attacked a power station in the Kharkiv region overnight, the Ukrainian "
    "military said on Wednesday. Ukraine accused Moscow of targeting civilian infrastructure.",
    "The foreign minister of Japan met her Australian counterpart in Canberra on Friday to "
    "discuss trade and security. The two governments agreed to hold talks again next year.",
)
#: Text in other languages and scripts (the real coder refuses them as not English).
FOREIGN_TEXTS = {
    "german.txt": "Die Regierung hat am Dienstag in Berlin neue Sanktionen gegen das Land "
    "beschlossen, wie ein Sprecher des Ministeriums mitteilte. Die Opposition kritisierte die "
    "Entscheidung und forderte eine Debatte im Bundestag, die noch in dieser Woche stattfinden "
    "soll, nachdem die Proteste in mehreren Städten weitergingen.",
    "russian.txt": "Во вторник в столице прошли массовые акции протеста против нового закона, "
    "сообщили местные власти. Полиция задержала нескольких участников.",
    "chinese.txt": "星期二，数千名学生在首都举行抗议活动，反对新的教育法。警方表示，有数人被拘留。",
    "arabic.txt": "تظاهر آلاف الأشخاص يوم الثلاثاء في العاصمة احتجاجا على ارتفاع الأسعار، وقالت "
    "الشرطة إنها اعتقلت عددا من المحتجين.",
}
#: Marker that must never reach the store (the file behind an external-entity attack).
SECRET_MARKER = "SECRET-MARKER-4711"


@dataclass(frozen=True)
class Expected:
    """A reject the store must hold: where (file name, line) and why (a reason fragment)."""

    name: str
    line: int | None
    stage: str
    reason: str


@dataclass
class Corpus:
    """What ingesting the corpus folder must give."""

    folder: Path
    secret: Path
    #: Rejects at stage ``read`` (and notes at stage ``date``) the readers must record.
    rejects: list[Expected] = field(default_factory=list)
    #: Origins (file name, ``name:line`` for records and feed items) that must be coded.
    good_origins: list[str] = field(default_factory=list)
    #: Files the real coder refuses as not English (the fake coder codes them).
    foreign: list[str] = field(default_factory=list)
    #: Every article the readers yield (coded or refused by the coder).
    n_articles: int = 0


def _feed(items: str, title: str = "Wire") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title>{items}</channel></rss>"
    )


def _item(title: str, text: str, date: str = "Tue, 05 Mar 2024 10:00:00 GMT") -> str:
    return (
        f"<item><title>{title}</title><pubDate>{date}</pubDate>"
        f"<description>{text}</description></item>"
    )


def _story(index: int, number: int) -> str:
    """A good text made unique (articles without URL or id are identified by their text)."""
    return f"{GOOD_TEXTS[index]} This is report number {number}."


def long_sentence(n_tokens: int = 10_000) -> str:
    """One run-on 'sentence' of ``n_tokens`` words (and a final full stop)."""
    words = "the envoy from Arland attacked and the troops of Brevia protested while officials met"
    parts = words.split()
    return " ".join(parts[i % len(parts)] for i in range(n_tokens)) + "."


def write_corpus(folder: Path, secret_dir: Path) -> Corpus:
    """Write the corpus into ``folder`` (created); the XXE target goes into ``secret_dir``."""
    folder.mkdir(parents=True, exist_ok=True)
    secret_dir.mkdir(parents=True, exist_ok=True)
    secret = secret_dir / "secret.txt"
    secret.write_text(f"{SECRET_MARKER} Arland attacked Brevia.\n")
    c = Corpus(folder=folder, secret=secret)

    def bad(name: str, data: bytes | str, reason: str, *, line: int | None = None) -> None:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        c.rejects.append(Expected(name, line, "read", reason))

    def good(name: str, data: bytes | str, items: int = 0) -> None:
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
        origins = [f"{name}:{i}" for i in range(1, items + 1)] if items else [name]
        c.good_origins.extend(origins)
        c.n_articles += len(origins)

    # Good articles, in every format and in the encodings dotterel reads.
    good("good-1.txt", _story(0, 1))
    good("good-2-utf8-bom.txt", codecs.BOM_UTF8 + _story(1, 2).encode())
    good("good-3-utf16.txt", _story(2, 3).encode("utf-16"))  # BOM-marked UTF-16
    good(
        "good-page.html",
        "<!doctype html><html><head><title>Fuel protests</title>"
        "<script>var hidden = 'Arland attacked Brevia in the script';</script></head><body>"
        "<nav>Home | World</nav><article><h1>Fuel protests</h1><p>"
        + _story(0, 4)
        + "</p></article><footer>Footer text</footer></body></html>",
    )
    deep = 3000
    good(
        "good-deeply-nested.html",
        "<html><head><title>Deep</title><script>document.write('Corvin attacked Dalmar')"
        "</script><style>p {color: red}</style></head><body>"
        + "<div><span>" * deep
        + f"<p>{_story(1, 5)}</p>"
        + "</span></div>" * deep
        + "<script>var x = 'Esken attacked Farrow';</script></body></html>",
    )
    good("good-feed.xml", _feed(_item("One", _story(2, 6)) + _item("Two", _story(0, 7))), items=2)
    good("long-sentence.txt", long_sentence())

    # Other languages and scripts: readable, so they reach the coder.
    for name, text in FOREIGN_TEXTS.items():
        (folder / name).write_text(text)
        c.foreign.append(name)
        c.n_articles += 1

    # Unreadable files.
    bad("empty.txt", b"", "is empty")
    bad("whitespace.txt", " \n\t \r\n  \n", "is empty")
    bad("binary.dat", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary")
    bad("latin1.txt", "Le café était fermé.".encode("latin-1"), r"not valid UTF-8 \(byte 6\)")
    bad(
        "utf16-broken.txt",
        codecs.BOM_UTF16_LE + "Arland".encode("utf-16-le") + b"\x00\xd8x",
        "byte-order mark but is not valid utf-16",
    )
    bad(
        "scripts-only.html",
        "<html><body><script>var a = 'Arland attacked Brevia';</script></body></html>",
        "no main text",
    )
    bad(
        "billion-laughs.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + "]>\n"
        + _feed(_item("Bomb", "&lol9;")).split("\n", 1)[1],
        "declares entities",
    )
    bad(
        "xxe.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        + _feed(_item("Leak", "Report: &xxe;")).split("\n", 1)[1],
        "declares entities",
    )
    bad(
        "xxe-parameter.rss",
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>\n'
        + _feed(_item("Leak", "Report on the talks.")).split("\n", 1)[1],
        "declares entities",
    )
    bad(
        "truncated-feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Cut',
        "not a readable RSS/Atom feed",
    )
    # A malformed feed whose first item is intact: that item is kept, the broken one refused.
    (folder / "malformed.rss").write_text(
        _feed(_item("Intact", _story(1, 8)) + "<item><title>Broken</titl").replace(
            "</channel></rss>", ""
        )
    )
    c.good_origins.append("malformed.rss:1")
    c.n_articles += 1
    c.rejects.append(Expected("malformed.rss", 2, "read", "the item has no text"))

    # JSON Lines with missing, extra and broken fields, and bad dates.
    records: list[tuple[str, str | None, str | None]] = [
        (json.dumps({"id": "j-good", "text": GOOD_TEXTS[0], "date": "2024-03-01"}), None, None),
        (json.dumps({"id": "j-notext", "body": "no text field"}), "read", "no 'text' field"),
        (
            json.dumps({"id": "j-extra", "text": GOOD_TEXTS[1], "x": [1], "y": {"z": 2}}),
            None,
            None,
        ),
        ('{"id": "j-broken", "text": "unterminated', "read", "invalid JSON"),
        (json.dumps({"id": "j-number", "text": 12345}), "read", "is not text"),
        (json.dumps({"id": "j-blank", "text": "   "}), "read", "is empty"),
        (json.dumps([1, 2, 3]), "read", "expected a JSON object, got list"),
        (
            json.dumps({"id": "j-future", "text": GOOD_TEXTS[2], "date": "2999-01-01"}),
            "date",
            "lies in the future",
        ),
        (
            json.dumps({"id": "j-nodate", "text": GOOD_TEXTS[0] + " Again.", "date": "never ever"}),
            "date",
            "unreadable date 'never ever'",
        ),
        (
            json.dumps(
                {"id": "j-month13", "text": GOOD_TEXTS[1] + " Again.", "date": "2024-13-45"}
            ),
            "date",
            "unreadable date '2024-13-45'",
        ),
    ]
    lines = [r[0].encode() for r in records]
    lines.insert(6, b'{"id": "j-latin1", "text": "caf\xe9"}')
    records.insert(6, ("", "read", "not valid UTF-8"))
    (folder / "corpus.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    for number, (_raw, stage, reason) in enumerate(records, start=1):
        if stage is not None and reason is not None:
            c.rejects.append(Expected("corpus.jsonl", number, stage, reason))
        if stage in (None, "date"):
            c.good_origins.append(f"corpus.jsonl:{number}")
            c.n_articles += 1

    # CSV with missing, extra and broken fields, bad quoting and bad dates.
    rows = [
        ("id,text,date", None, None),
        (f'c-good,"{GOOD_TEXTS[2]}",2024-04-01', None, None),
        ('c-missing,"Corvin protested"', "read", "the row has 2 fields, the header has 3"),
        ('c-extra,"Dalmar met Esken.",2024-04-02,surplus', "read", "the row has 4 fields"),
        (f'c-future,"{GOOD_TEXTS[0]} Once more.",2100-05-05', "date", "lies in the future"),
        (f'c-baddate,"{GOOD_TEXTS[1]} Once more.",sometime soon', "date", "unreadable date"),
        ("c-empty,,2024-04-03", "read", "is empty"),
        ('c-quote,"Jorvik agreed to talks." with a stray quote,2024-04-04', "read", "quoting"),
        (f'c-after,"{GOOD_TEXTS[2]} After the break.",2024-04-05', None, None),
    ]
    (folder / "corpus.csv").write_text("\n".join(r[0] for r in rows) + "\n")
    for number, (_raw, stage, reason) in enumerate(rows, start=1):
        if stage is not None and reason is not None:
            c.rejects.append(Expected("corpus.csv", number, stage, reason))
        if number > 1 and stage in (None, "date"):
            c.good_origins.append(f"corpus.csv:{number}")
            c.n_articles += 1
    return c
