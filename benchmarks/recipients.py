"""Recipient ("to whom") failures on the event gold sets, grouped into rough classes.

For every event dotterel matched (same type, as ``dotterel eval`` pairs them) it compares the
gold recipients with the coded ones and counts the failures per class:

    missing       gold names a recipient, dotterel none
    spurious      dotterel names a recipient, gold none
    wrong code    a coded recipient shares words with the gold one, but the codes differ
                  (resolver: demonyms, capitals, organisations) - code-scored sets only
    wrong one     dotterel picked another phrase (a place, a date, a nested noun)

PLOVER records and the own gold set are scored on codes, WikiEvents on character spans.
``--show`` prints each failure: sentence, trigger, gold and coded recipients with codes.

    .venv/bin/python benchmarks/recipients.py [--sets plover,wikievents,own] [--show]

Sets in ../shared are skipped when that folder is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence

from dotterel.errors import DotterelError
from dotterel.evaluate.formats import load_gold
from dotterel.evaluate.matching import match_events
from dotterel.evaluate.runner import _plover_typed
from dotterel.evaluate.scorer import codes
from dotterel.evaluate.systems import code_documents, make_coder
from dotterel.records import ActorRef

#: name -> (gold, format)
SETS = {
    "plover": ("shared", "plover-gsr"),
    "wikievents": ("shared", "wikievents"),
    "own": ("builtin", "dotterel"),
}
_WORD = re.compile(r"[a-z]{3,}")


def failures(name: str, coder: object) -> list[tuple[str, str, str, str, str]]:
    """(class, sentence, trigger, gold, coded) for each recipient failure on set ``name``."""
    gold, fmt = SETS[name]
    gold_set = load_gold(gold, fmt)
    coded, _ = code_documents(gold_set.documents, coder)  # type: ignore[arg-type]
    if gold_set.convention == "plover":
        coded = [[_plover_typed(e) for e in events] for events in coded]
    out = []
    for doc, events in zip(gold_set.documents, coded, strict=True):
        for pair in match_events(doc, events):
            if not pair.matched or pair.gold is None or pair.gold.recipient is None:
                continue
            want, got = pair.gold.recipient, pair.coded.recipient  # type: ignore[union-attr]
            kind = _spans(want, got) if doc.role_spans else _codes(want, got)
            if kind:
                ev = pair.coded.evidence  # type: ignore[union-attr]
                out.append(
                    (kind, ev.sentence.replace("\n", " "), ev.trigger, _show(want), _show(got))
                )
    return out


def _codes(want: Sequence[ActorRef], got: Sequence[ActorRef]) -> str | None:
    generic = any(r.code == "IGO" for r in want)
    if codes(want, generic=generic) == codes(got, generic=generic):
        return None
    if not codes(want):
        return "spurious"
    if not got:
        return "missing"
    words = {w for r in want for w in _WORD.findall(r.text.lower())} - {"the"}
    if any(words & set(_WORD.findall(r.text.lower())) for r in got):
        return "wrong code"
    return "wrong one"


def _spans(want: Sequence[ActorRef], got: Sequence[ActorRef]) -> str | None:
    def hit(a: ActorRef, others: Sequence[ActorRef]) -> bool:
        return any(a.start < b.end and b.start < a.end for b in others)  # type: ignore[operator]

    missed = [r for r in want if not hit(r, got)]
    extra = [r for r in got if not hit(r, want)]
    if not missed and not extra:
        return None
    if not want or (extra and not missed):
        return "spurious"
    return "missing" if not got else "wrong one"


def _show(refs: Sequence[ActorRef]) -> str:
    return "; ".join(f"{r.text!r}:{r.code}" + (f"/{r.sector}" if r.sector else "") for r in refs)


def main(argv: list[str] | None = None) -> int:
    """Print the failure classes per set (and each failure with ``--show``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS)
    )
    parser.add_argument("--show", action="store_true", help="print every failure")
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path")
    args = parser.parse_args(argv)
    coder = make_coder(args.model)
    for name in args.sets.split(","):
        try:
            found = failures(name, coder)
        except DotterelError as exc:
            print(f"{name}: skipped ({exc})")
            continue
        counts = Counter(kind for kind, *_ in found)
        summary = ", ".join(f"{k} {n}" for k, n in counts.most_common()) or "none"
        print(f"{name}: {len(found)} recipient failures on matched events: {summary}")
        if args.show:
            for kind, sentence, trigger, want, got in found:
                print(f"  [{kind}] {trigger!r}: gold {want or '-'} | coded {got or '-'}")
                print(f"      {sentence[:240]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
