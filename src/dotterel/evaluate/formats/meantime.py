"""MEANTIME factuality (cltl factuality experimental environment, English ``conll_gold``).

One ``*.conll`` file per document, one token a line: index, token, event tag (``B-E-3``),
certainty (``CERTAIN``/``PROBABLE``/``POSSIBLE``/``UNDERSPECIFIED``), polarity (``POS``/``NEG``),
time (``FUTURE``/``NON_FUTURE``), with BIO prefixes and the event id; blank lines end sentences.
The first sentence is the headline and the second the publication date ("January 12, 2007").
The text is rebuilt with light detokenisation so the parser sees ordinary prose.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from dotterel.errors import InputError
from dotterel.evaluate.gold import GoldDocument, GoldFactuality, GoldSet, Span

TASK = "factuality"
DEFAULT_PATH = "gold/meantime_factuality"

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'", "''"})
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "``"})
_LABEL = re.compile(r"^([BI])-([A-Z_]+)-(\d+)$")


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read a folder of MEANTIME CoNLL files (or one file)."""
    files = sorted(path.glob("*.conll")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"no *.conll files in {str(path)!r}", hint="point --gold at conll_gold")
    docs = []
    for file in files:
        docs.append(_document(file))
        if limit is not None and len(docs) >= limit:
            break
    return GoldSet(
        name=path.name,
        format="meantime",
        task=TASK,
        documents=tuple(docs),
        notes=("event mentions with CERTAINTY, POLARITY and TIME labels",),
    )


def _document(file: Path) -> GoldDocument:
    sentences: list[list[list[str]]] = [[]]
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append(line.split("\t"))
    sentences = [s for s in sentences if s]
    text_parts: list[str] = []
    spans: dict[str, list[int]] = {}
    labels: dict[str, tuple[str, str, str]] = {}
    offset = 0
    for sentence in sentences:
        line_text = ""
        for n, cols in enumerate(sentence):
            token = cols[1] if len(cols) > 1 else ""
            if n and token not in _NO_SPACE_BEFORE and sentence[n - 1][1] not in _NO_SPACE_AFTER:
                line_text += " "
            start = offset + len(line_text)
            line_text += token
            match = _LABEL.match(cols[2]) if len(cols) >= 6 else None
            if match:
                key = match.group(3)
                span = spans.setdefault(key, [start, start + len(token)])
                span[1] = start + len(token)
                labels.setdefault(key, tuple(_LABEL.sub(r"\2", c) for c in cols[3:6]))  # type: ignore[arg-type]
        text_parts.append(line_text)
        offset += len(line_text) + 1
    text = "\n".join(text_parts)
    facts = tuple(
        GoldFactuality(Span(s, e, text[s:e]), *labels[key])
        for key, (s, e) in sorted(spans.items(), key=lambda kv: kv[1][0])
    )
    return GoldDocument(
        id=file.name.removesuffix(".xml.conll").removesuffix(".conll"),
        text=text,
        date=_date(text_parts[1] if len(text_parts) > 1 else ""),
        title=text_parts[0] if text_parts else None,
        factuality=facts,
    )


def _date(line: str) -> str | None:
    for fmt in ("%B %d , %Y", "%B %d, %Y"):
        try:
            return dt.datetime.strptime(line.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None
