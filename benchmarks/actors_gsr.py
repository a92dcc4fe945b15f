"""Actor code and sector accuracy of ``ActorResolver.resolve_text`` on the PLOVER GSR.

    .venv/bin/python benchmarks/actors_gsr.py [--show-misses] [--misses PATH] [--speed]

Reads ``../shared/gold/plover_gsr_cameo/PLOVER_GSR_CAMEO.txt`` (or ``$DOTTEREL_SHARED/gold/...``):
a JSON list whose record 0 is a DOCUMENT header; ``source`` / ``target`` are lists of
``{actorText, code, sector}`` (or "" when absent). Each gold actor text is resolved alone (no
sentence, no date: the file's dates carry no information).

Scoring, stated so the figures can be read honestly:

* code, strict: predicted code == gold code.
* code, by family: the gold file writes every IGO as "IGO"; dotterel writes the organisation's
  own code (UNO, EUR, NAT ...). A gold IGO counts as right when the prediction is any IGO code;
  NGO and IMG likewise. Country codes must match exactly (the gold's non-ISO codes such as JAP,
  ITL, VTN therefore count as misses: they are not special-cased).
* sector: over gold actors whose sector begins with a PLOVER sector code (CVLalb -> CVL),
  after the ontology's aliases for CAMEO-era codes (ELI -> CVL, CIV -> CVL, HLH -> MED);
  "***" and other values (MOS ...) are left out and counted.
* per family: country (gold code is a country), IGO, other (NGO, IMG, ISM ...).

``--speed`` also parses the records' sentences with spaCy (``nlp.pipe``) and times
``ActorResolver.resolve`` on every noun or pronoun subject, object and prepositional object in
them, in the same run, and prints the ratio to the bare parse time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dotterel.actors import ActorResolver  # noqa: E402
from dotterel.actors.entries import SECTOR_ALIASES, SECTORS  # noqa: E402
from dotterel.records import UNKNOWN_CODE  # noqa: E402

GOLD = Path("gold") / "plover_gsr_cameo" / "PLOVER_GSR_CAMEO.txt"
_GOLD_FAMILIES = {"IGO": "igo", "NGO": "ngo", "IMG": "img"}


def shared_dir() -> Path:
    """``$DOTTEREL_SHARED`` or ``../shared`` next to the repository."""
    env = os.environ.get("DOTTEREL_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def gold_actors(path: Path) -> list[tuple[str, str, str, str | None]]:
    """(record id, actor text, gold code, gold sector) for every listed actor."""
    records = json.loads(path.read_text("utf-8"))
    out = []
    for rec in records:
        if rec.get("event") == "DOCUMENT":
            continue
        for role in ("source", "target"):
            for actor in rec.get(role) or ():
                if isinstance(actor, dict) and actor.get("actorText"):
                    out.append(
                        (
                            rec["id"],
                            actor["actorText"].strip(),
                            actor.get("code") or "",
                            actor.get("sector"),
                        )
                    )
    return out


def gold_family(code: str, resolver: ActorResolver) -> str:
    if code in _GOLD_FAMILIES:
        return "igo" if code == "IGO" else "other"
    return "country" if len(code) == 3 and code.isupper() and code not in ("ISM",) else "other"


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Actor accuracy on the PLOVER gold standard records."
    )
    parser.add_argument("--show-misses", action="store_true", help="print every miss")
    parser.add_argument(
        "--misses", default="/tmp/actors_gsr_misses.txt", help="file for the misses"
    )
    parser.add_argument("--speed", action="store_true", help="time resolve() against parsing")
    args = parser.parse_args()
    path = shared_dir() / GOLD
    if not path.exists():
        print(
            f"gold file not found: {path} (needs ../shared or $DOTTEREL_SHARED); nothing to measure"
        )
        return 0

    t0 = time.perf_counter()
    resolver = ActorResolver()
    load_s = time.perf_counter() - t0
    actors = gold_actors(path)
    code_ok = Counter[str]()
    strict_ok = Counter[str]()
    total = Counter[str]()
    sec_ok = Counter[str]()
    sec_total = Counter[str]()
    sec_skipped = 0
    sec_extra = 0
    no_sector_gold = 0
    unk = 0
    misses: list[str] = []
    t1 = time.perf_counter()
    for rid, text, gold_code, gold_sector in actors:
        ref = resolver.resolve_text(text)
        fam = gold_family(gold_code, resolver)
        total[fam] += 1
        total["all"] += 1
        strict = ref.code == gold_code
        if gold_code in _GOLD_FAMILIES:
            right = resolver.family(ref.code) == _GOLD_FAMILIES[gold_code]
        else:
            right = strict
        code_ok[fam] += right
        code_ok["all"] += right
        strict_ok["all"] += strict
        unk += ref.code == UNKNOWN_CODE
        g3 = (gold_sector or "")[:3].upper()
        g3 = SECTOR_ALIASES.get(g3, g3)
        sector_note = ""
        if gold_sector and g3 in SECTORS:
            sec_total[fam] += 1
            sec_total["all"] += 1
            good = ref.sector == g3
            sec_ok[fam] += good
            sec_ok["all"] += good
            if not good:
                sector_note = f" sector {ref.sector} != {gold_sector}"
        elif gold_sector:
            sec_skipped += 1
        else:
            no_sector_gold += 1
            sec_extra += ref.sector is not None
        if not right or sector_note:
            code_note = "" if right else f" code {ref.code} != {gold_code}"
            misses.append(
                f"{rid}\t{text!r}\t{code_note.strip()}\t{sector_note.strip()}\t[{ref.resolved_by}]"
            )
    per_call_us = (time.perf_counter() - t1) / max(1, len(actors)) * 1e6

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "   n/a"

    print(f"PLOVER GSR actors: {len(actors)} gold actor texts from {path}")
    print(f"  resolver load {load_s:.2f}s, resolve_text {per_call_us:.0f} us/call")
    print(f"  code accuracy (IGO/NGO/IMG by family): {pct(code_ok['all'], total['all'])}")
    print(f"  code accuracy (strict string match):   {pct(strict_ok['all'], total['all'])}")
    for fam in ("country", "igo", "other"):
        code_f, sector_f = pct(code_ok[fam], total[fam]), pct(sec_ok[fam], sec_total[fam])
        print(f"    {fam:8} code {code_f}   sector {sector_f}")
    print(f"  sector accuracy (gold sector is PLOVER): {pct(sec_ok['all'], sec_total['all'])}")
    print(f"    gold sectors left out (*** or non-PLOVER): {sec_skipped}")
    print(f"    gold without sector: {no_sector_gold}, of which dotterel gave one: {sec_extra}")
    print(f"  resolved UNK: {unk}")
    Path(args.misses).write_text("\n".join(misses) + "\n", "utf-8")
    print(f"  {len(misses)} misses written to {args.misses}")
    if args.show_misses:
        print("\n".join(misses))
    if args.speed:
        speed(resolver, path)
    return 0


def speed(resolver: ActorResolver, path: Path) -> None:
    """Parse time against resolve() time on the same sentences, in one run."""
    import spacy

    from dotterel.settings import model_name

    nlp = spacy.load(model_name())
    texts = [r["text"] for r in json.loads(path.read_text("utf-8")) if r.get("text")]
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse_s = time.perf_counter() - t0
    deps = {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "conj"}
    heads = [[t for t in d if t.dep_ in deps and t.pos_ in ("NOUN", "PROPN", "PRON")] for d in docs]
    for hs in heads:  # warm the caches once
        ctx = resolver.new_context()
        for h in hs:
            resolver.resolve(h, ctx)
    t0 = time.perf_counter()
    for hs in heads:
        ctx = resolver.new_context()
        for h in hs:
            resolver.resolve(h, ctx)
    resolve_s = time.perf_counter() - t0
    n = sum(map(len, heads))
    print(f"speed: parse {parse_s:.2f}s for {len(docs)} sentences (nlp.pipe)")
    print(f"  resolve {resolve_s:.2f}s for {n} heads")
    print(f"  {resolve_s / n * 1e6:.0f} us per head, {n / len(docs):.1f} heads per sentence")
    print(f"  resolve / parse = {resolve_s / parse_s:.1%} (every noun argument resolved)")


if __name__ == "__main__":
    sys.exit(main())
