"""The readable text form of an evaluation report."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from dotterel.evaluate.scorer import EventScores

if TYPE_CHECKING:
    from dotterel.evaluate.runner import EvalReport

#: Error kinds listed under "errors", in this order.
ERROR_KINDS = ("miss", "false-alarm", "confused", "actor", "recipient")


def render(report: EvalReport, *, show_errors: int = 20) -> str:
    """Header, scores and (for event sets) the first ``show_errors`` errors of each kind."""
    lines = [
        f"dotterel {report.version} - {report.format} gold {report.gold!r} "
        f"({report.documents} documents, {report.seconds:.1f} s"
        + (f", model {report.model}" if report.model else "")
        + ")",
    ]
    lines += [f"  note: {note}" for note in report.notes]
    lines.append("")
    if isinstance(report.scores, EventScores):
        lines += _events(report.scores, show_errors)
    else:
        lines += _nested(report.scores.to_dict())
    return "\n".join(lines).rstrip() + "\n"


def _events(s: EventScores, show_errors: int) -> list[str]:
    micro = s.micro
    out = [
        f"events: {s.gold_events} gold, {s.coded_events} coded, {s.rejected} documents rejected",
        f"micro  P {_pct(micro.precision)}  R {_pct(micro.recall)}  F1 {_pct(micro.f1)}"
        f"   macro F1 {_pct(s.macro_f1)}   type accuracy {_pct(s.type_accuracy.value)}"
        f" ({s.type_accuracy.correct}/{s.type_accuracy.total})",
        "matches: " + ", ".join(f"{k} {v}" for k, v in sorted(s.kinds.items())),
        "",
        f"{'type':<11}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'tp':>5}{'fp':>5}{'fn':>5}",
    ]
    for name, t in sorted(s.per_type.items()):
        out.append(
            f"{name:<11}{_pct(t.precision):>7}{_pct(t.recall):>7}{_pct(t.f1):>7}"
            f"{t.support:>6}{t.tp:>5}{t.fp:>5}{t.fn:>5}"
        )
    out += ["", "on matched events:"]
    for name, ratio in s.attributes.items():
        if ratio.total:
            out.append(f"  {name:<21}{_pct(ratio.value):>7}  ({ratio.correct}/{ratio.total})")
    for name, role in s.roles.items():
        if role.recall_hits.total:
            out.append(
                f"  {name + ' role':<21}P {_pct(role.precision_hits.value)}  "
                f"R {_pct(role.recall_hits.value)}  F1 {_pct(role.f1)}"
            )
    out += ["", "confusion (rows gold, columns coded, - = none):"]
    out += _table(s.confusion.to_dict())
    if s.status_confusion.table:
        out += ["", "status (rows gold, columns coded):"] + _table(s.status_confusion.to_dict())
    if s.certainty_confusion.table:
        out += ["", "certainty (rows gold, columns coded):"]
        out += _table(s.certainty_confusion.to_dict())
    if show_errors > 0:
        by_kind: defaultdict[str, list[Any]] = defaultdict(list)
        for error in s.errors:
            by_kind[error.kind].append(error)
        for kind in ERROR_KINDS:
            items = by_kind.get(kind, [])
            if not items:
                continue
            out += ["", f"{kind} ({len(items)}, first {min(len(items), show_errors)}):"]
            for e in items[:show_errors]:
                types = " -> ".join(t for t in (e.gold_type, e.coded_type) if t)
                detail = f" [{e.detail}]" if e.detail else ""
                out.append(f"  {e.doc_id}: {types} {e.trigger or ''!r}{detail}")
                out.append(f"      {e.sentence[:220]}")
    return out


def _table(table: dict[str, dict[str, int]]) -> list[str]:
    cols = sorted({c for row in table.values() for c in row} - {"-"})
    cols += ["-"] if any("-" in row for row in table.values()) else []
    width = max([4] + [len(c) for c in cols])
    head = " " * 12 + "".join(f"{c[:width]:>{width + 1}}" for c in cols)
    rows = [head]
    for g, row in table.items():
        rows.append(f"{g[:11]:<12}" + "".join(f"{row.get(c, 0) or '.':>{width + 1}}" for c in cols))
    return rows


def _nested(data: dict[str, Any], indent: str = "") -> list[str]:
    out = []
    for key, value in data.items():
        if isinstance(value, dict) and {"value", "correct", "total"} <= set(value):
            out.append(
                f"{indent}{key}: {_pct(value['value'])} ({value['correct']}/{value['total']})"
            )
        elif isinstance(value, dict) and {"precision", "recall", "f1"} <= set(value):
            out.append(
                f"{indent}{key}: P {_pct(value['precision'])}  R {_pct(value['recall'])}  "
                f"F1 {_pct(value['f1'])}"
            )
        elif isinstance(value, dict) and key == "confusion":
            out.append(f"{indent}{key}:")
            out += [indent + "  " + line for line in _table(value)]
        elif isinstance(value, dict):
            out.append(f"{indent}{key}:")
            out += _nested(value, indent + "  ")
        else:
            shown = _pct(value) if isinstance(value, float) and key.endswith("f1") else value
            out.append(f"{indent}{key}: {shown}")
    return out


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{100 * value:.1f}"
