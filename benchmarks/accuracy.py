"""Every accuracy figure on every development set, written to benchmarks/accuracy.md.

Runs ``dotterel.evaluate.evaluate`` on the own gold set (gold/dotterel_gold.jsonl) and on each
public set in ``../shared/gold`` (PLOVER records, WikiEvents, PETRARCH validation, ConfliBERT
CAMEO classes, MEANTIME, PolNeAR, the geoparsing corpora, event locations), and writes the key
scores next to the published anchors with the date, git commit and dotterel version.

    .venv/bin/python benchmarks/accuracy.py            # everything (about 20 minutes)
    .venv/bin/python benchmarks/accuracy.py --quick    # smaller samples of the large sets

Without ../shared only the own gold set is measured. A part of dotterel that is missing in this
version is reported as such instead of stopping the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from dotterel._version import __version__
from dotterel.errors import DotterelError
from dotterel.evaluate import evaluate
from dotterel.evaluate.gold import shared_dir
from dotterel.evaluate.metrics import macro_f1
from dotterel.evaluate.runner import EvalReport
from dotterel.settings import model_name

OUT = Path(__file__).with_name("accuracy.md")
REPO = Path(__file__).resolve().parents[1]

#: (title, format, gold, full limit, quick limit)
SETS: list[tuple[str, str, str, int | None, int | None]] = [
    ("Own gold set", "dotterel", "builtin", None, None),
    ("PLOVER gold-standard records", "plover-gsr", "shared", None, None),
    ("WikiEvents (dev)", "wikievents", "shared", None, None),
    (
        "PETRARCH GSR validation (real actors)",
        "petrarch",
        "shared:gold/petrarch_validation/universal_petrarch/PETR2_GSR_validation.xml",
        None,
        None,
    ),
    (
        "PETRARCH unit tests (toy dictionaries)",
        "petrarch",
        "shared:gold/petrarch_validation/petrarch2/PETR.UnitTest.records.xml",
        None,
        None,
    ),
    ("ConfliBERT CAMEO classes (train)", "conflibert", "shared", None, 400),
    ("MEANTIME factuality", "meantime", "shared", None, None),
    ("PolNeAR attribution (dev)", "polnear", "shared", None, 30),
    ("Geoparsing: LGL, TR-News, GeoVirus", "geoparsing", "shared", None, 80),
    ("Event locations", "event-location", "shared", None, 2000),
]
#: Published figures to put next to ours: (format, measure key) -> anchor text.
ANCHORS: dict[tuple[str, str], str] = {
    ("geoparsing", "lgl"): "mordecai3 82.7",
    ("geoparsing", "TR-News"): "mordecai3 87.3",
    ("polnear", "source_exact"): "CRF 0.64 / transformer 0.83 F1",
    ("polnear", "cue_exact"): "CRF 0.64 / transformer 0.83 F1",
    ("plover-gsr", "classification"): "ZSP zero-shot 0.82 macro-F1 (given actors)",
}


def run_all(quick: bool, model: str | None) -> list[tuple[str, str, EvalReport | str]]:
    """Evaluate every set; a failure becomes its message."""
    shared = shared_dir()
    results: list[tuple[str, str, EvalReport | str]] = []
    coder: Any = None
    for title, fmt, gold, full, small in SETS:
        if gold.startswith("shared") and shared is None:
            results.append((title, fmt, "skipped: ../shared is absent"))
            continue
        if gold.startswith("shared:") and shared is not None:
            gold = str(shared / gold.removeprefix("shared:"))
        started = time.perf_counter()
        report: EvalReport | str
        try:
            if fmt in ("dotterel", "plover-gsr", "wikievents", "petrarch", "conflibert"):
                coder = coder or _coder(model)
                report = evaluate(gold, fmt, limit=small if quick else full, coder=coder)
            else:
                report = evaluate(gold, fmt, limit=small if quick else full, model=model)
        except DotterelError as exc:
            report = f"not available: {exc}"
        except Exception:  # noqa: BLE001 - one broken set must not hide the others
            report = "failed: " + traceback.format_exc(limit=2).strip().splitlines()[-1]
        print(f"{title}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        results.append((title, fmt, report))
    return results


def summary_rows(fmt: str, report: EvalReport) -> list[tuple[str, str, str]]:
    """(measure, our score, anchor) rows for one report."""
    d = report.scores.to_dict()
    rows: list[tuple[str, str, str]] = []

    def add(measure: str, value: Any, anchor_key: str | None = None) -> None:
        rows.append((measure, _fmt(value), ANCHORS.get((fmt, anchor_key or measure), "")))

    if report.task == "events":
        micro = d["micro"]
        if fmt in ("dotterel", "petrarch"):
            add("event type P / R / F1", (micro["precision"], micro["recall"], micro["f1"]))
            add("macro F1 over types", d["macro_f1"])
        else:
            add("event recall", micro["recall"])
        add("type accuracy where an event was found", d["type_accuracy"]["value"])
        if fmt == "plover-gsr":
            per_class = report.scores.confusion.per_class()
            add("type classification macro F1", macro_f1(per_class.values()), "classification")
        for key in ("actor_code", "recipient_code", "actor_sector", "status", "certainty"):
            if key in d["attributes"]:
                add(key.replace("_", " "), d["attributes"][key]["value"])
        for key in ("location_country", "date", "attribution_speaker"):
            if key in d["attributes"]:
                add(key.replace("_", " "), d["attributes"][key]["value"])
        for role, score in d["roles"].items():
            add(f"{role} role P / R / F1", (score["precision"], score["recall"], score["f1"]))
    elif report.task == "quad":
        add("quad class of first event (accuracy)", d["accuracy_first_event"]["value"])
        add("quad class of any event (accuracy)", d["accuracy_any_event"]["value"])
        add("quad macro F1", d["macro_f1"])
    elif report.task == "factuality":
        for dim in ("certainty", "polarity", "time"):
            add(f"{dim}: accuracy / macro F1", (d[dim]["accuracy"]["value"], d[dim]["macro_f1"]))
    elif report.task == "attribution":
        for key in ("cue_exact", "cue_overlap", "source_exact", "source_overlap"):
            add(f"{key.replace('_', ' ')} F1", d[key]["f1"], key)
    elif report.task == "toponyms":
        for corpus, score in d.items():
            value = score["accuracy_161km"]["value"]
            rows.append(
                (
                    f"{corpus}: accuracy within 161 km",
                    _fmt(value if value is None else 100 * value, pct=False),
                    ANCHORS.get((fmt, corpus), ""),
                )
            )
    else:
        a = d["attachment"]
        add("attachment P / R / F1", (a["precision"], a["recall"], a["f1"]))
        add("accuracy (incl. correct 'no place')", d["accuracy"]["value"])
    return rows


def write_markdown(results: list[tuple[str, str, EvalReport | str]], quick: bool) -> str:
    """The report text."""
    lines = [
        "# dotterel accuracy",
        "",
        f"- generated {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} by "
        f"`.venv/bin/python benchmarks/accuracy.py{' --quick' if quick else ''}`",
        f"- dotterel {__version__}, git commit {_commit()}, spaCy pipeline `{model_name()}`",
        "- scores are fractions (1.0 = perfect) except geocoding accuracy (percent);"
        " per-set details: `dotterel eval --gold builtin|shared --format FORMAT`",
        "",
        "| set | measure | dotterel | published anchor |",
        "|---|---|---|---|",
    ]
    for title, fmt, report in results:
        if isinstance(report, str):
            lines.append(f"| {title} | - | {report} | |")
            continue
        size = f"{title} ({report.documents} docs)"
        for n, (measure, value, anchor) in enumerate(summary_rows(fmt, report)):
            lines.append(f"| {size if n == 0 else ''} | {measure} | {value} | {anchor} |")
    lines += ["", "## Notes", ""]
    lines += [
        "- Event sets are matched as documented in `src/dotterel/evaluate/matching.py`;"
        " the PLOVER and PETRARCH files annotate one event per sentence or use invented actors,"
        " see each adapter's notes below.",
        "- The PETRARCH unit tests check PETRARCH's own mechanics with invented actors and toy"
        " verb dictionaries (e.g. 'restore diplomatic ties' coded 064); agreement with them is"
        " a regression signal, not accuracy.",
        "- The ZSP anchor classifies PLOVER types given the sentence and its actors; dotterel"
        " finds the event, its type and its actors itself.",
        "- mordecai3 and the PolNeAR models are trained systems; dotterel runs offline rules,"
        " dictionaries and spaCy's small English model.",
    ]
    for title, _fmt_name, report in results:
        if isinstance(report, EvalReport) and report.notes:
            lines.append(f"- {title}: " + "; ".join(report.notes))
    return "\n".join(lines) + "\n"


def _coder(model: str | None) -> Any:
    from dotterel.evaluate.systems import make_coder

    return make_coder(model)


def _commit() -> str:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (sha or "unknown") + (" (with uncommitted changes)" if dirty else "")


def _fmt(value: Any, pct: bool = True) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return " / ".join(_fmt(v, pct) for v in value)
    if isinstance(value, float):
        return f"{value:.3f}" if pct else f"{value:.1f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    """Measure and write benchmarks/accuracy.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples of large sets")
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the Markdown")
    args = parser.parse_args(argv)
    results = run_all(args.quick, args.model)
    text = write_markdown(results, args.quick)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
