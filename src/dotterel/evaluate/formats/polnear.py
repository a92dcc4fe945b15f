"""PolNeAR attribution (networkdynamics/PolNeAR, brat standoff).

A split folder holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``. ``T`` lines are
spans (``T4<TAB>Cue 203 220<TAB>are being debated``; discontinuous spans use ``;``), ``E`` lines
tie an attribution's ``Source``, ``Cue`` and ``Content`` together. When several annotators
coded the same text, the first annotation file in name order is used.
"""

from __future__ import annotations

from pathlib import Path

from dotterel.errors import InputError
from dotterel.evaluate.gold import GoldAttribution, GoldDocument, GoldSet, Span

TASK = "attribution"
DEFAULT_PATH = "gold/polnear/dev"


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read a PolNeAR split folder (``dev`` by default when given the PolNeAR root)."""
    if (path / "dev").is_dir() and not (path / "text").is_dir():
        path = path / "dev"
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            f"{str(path)!r} is not a PolNeAR split", hint="expected text/ and attributions/"
        )
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    docs = []
    for stem, ann in sorted(chosen.items()):
        text_file = text_dir / f"{stem}.txt"
        if not text_file.is_file():
            continue
        text = text_file.read_text(encoding="utf-8")
        docs.append(
            GoldDocument(id=stem, text=text, date=_date(stem), attributions=parse_ann(ann, text))
        )
        if limit is not None and len(docs) >= limit:
            break
    return GoldSet(
        name=path.name,
        format="polnear",
        task=TASK,
        documents=tuple(docs),
        notes=("one annotator per text (the first .ann file in name order)",),
    )


def parse_ann(ann: Path, text: str) -> tuple[GoldAttribution, ...]:
    """The attributions of one brat ``.ann`` file over ``text``."""
    spans: dict[str, Span] = {}
    links: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind_and_offsets = parts[1].split(" ", 1)
            if len(kind_and_offsets) == 2:
                spans[parts[0]] = _span(kind_and_offsets[1], text)
        elif line.startswith("E") and len(parts) >= 2:
            roles = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles[role.rstrip("0123456789")] = ref
            links.append(roles)
    out = []
    for roles in links:
        cue = spans.get(roles.get("Cue", ""))
        if cue is None:
            continue
        out.append(
            GoldAttribution(
                cue=cue,
                source=spans.get(roles.get("Source", "")),
                content=spans.get(roles.get("Content", "")),
            )
        )
    return tuple(sorted(out, key=lambda a: a.cue.start))


def _span(offsets: str, text: str) -> Span:
    # A discontinuous span is kept as its outer bounds.
    numbers = [int(n) for chunk in offsets.split(";") for n in chunk.split()]
    start, end = min(numbers), max(numbers)
    return Span(start, end, text[start:end])


def _date(stem: str) -> str | None:
    parts = stem.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 10 else None
