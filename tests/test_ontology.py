"""Tests for the PLOVER ontology data and its loader (dotterel.ontology)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from statistics import mean

import pytest

from dotterel.errors import DataFileError, ValidationError
from dotterel.ontology import DEFAULT_PATH, Ontology, load_ontology
from dotterel.records import CERTAINTIES, STATUSES

REPO = Path(__file__).resolve().parents[1]
PLOVER_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST "
    "ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


def _all_keys(onto: Ontology) -> list[tuple[str, str | None]]:
    return [(t.name, m) for t in onto.event_types.values() for m in (None, *t.mode_names)]


def test_event_types_are_the_16_plover_types(onto: Ontology) -> None:
    assert sorted(onto.event_types) == sorted(PLOVER_TYPES)
    assert onto.version


@pytest.mark.parametrize(
    ("event_type", "quad"),
    [("AGREE", 1), ("CONSULT", 1), ("AID", 2), ("RETREAT", 2), ("REQUEST", 3), ("ACCUSE", 3),
     ("THREATEN", 3), ("SANCTION", 4), ("PROTEST", 4), ("ASSAULT", 4)],
)  # fmt: skip
def test_quad_code_follows_the_manual(onto: Ontology, event_type: str, quad: int) -> None:
    assert onto.quad_code(event_type) == quad
    assert onto.quad_code(event_type, None) == onto.event_types[event_type].quad_code


@pytest.mark.parametrize(("code", "name"), [(1, "verbal cooperation"), (4, "material conflict")])
def test_quad_name_names_the_class(onto: Ontology, code: int, name: str) -> None:
    assert onto.quad_name(code) == name


@pytest.mark.parametrize("code", [0, 5, "1"])
def test_quad_name_rejects_unknown_classes(onto: Ontology, code: object) -> None:
    with pytest.raises(ValidationError):
        onto.quad_name(code)  # type: ignore[arg-type]


def test_score_sign_matches_quad_class_and_stays_in_range(onto: Ontology) -> None:
    for event_type, mode in _all_keys(onto):
        score = onto.score(event_type, mode)
        assert -10 <= score <= 10
        if event_type != "SANCTION" or mode != "convict":
            cooperative = onto.quad_code(event_type) <= 2
            assert (score > 0) == cooperative, (event_type, mode, score)


@pytest.mark.parametrize(
    ("event_type", "score"),
    [("ASSAULT", -9.3), ("COERCE", -7.2), ("MOBILIZE", -5.3), ("ACCUSE", -2.0), ("CONSULT", 2.1),
     ("RETREAT", 7.6)],
)  # fmt: skip
def test_type_score_is_the_published_plover_score(
    onto: Ontology, event_type: str, score: float
) -> None:
    assert onto.score(event_type) == score


def test_mode_scores_follow_the_documented_derivation(onto: Ontology) -> None:
    # mode = clamp(type + mean(G of the mode's exact CAMEO rows) - mean(G of the type's exact
    # 3-digit rows)), rounded to one decimal; modes without CAMEO rows take the type's score.
    exact = [r for r in onto.crosswalk if r.exact and r.goldstein is not None]
    for t in onto.event_types.values():
        base = [r.goldstein for r in exact if r.event_type == t.name and len(r.cameo) == 3]
        for m in t.modes:
            own = [r.goldstein for r in exact if r.event_type == t.name and r.mode == m.name]
            want = t.score
            if own:
                want = round(max(-10.0, min(10.0, t.score + mean(own) - mean(base))), 1)  # type: ignore[arg-type]
            assert m.score == pytest.approx(want, abs=0.051), (t.name, m.name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("DEMAND", ("REQUEST", None)), ("DISAPPROVE", ("ACCUSE", "disapprove")),
     ("INVESTIGATE", ("ACCUSE", "investigate")), ("FIGHT", ("ASSAULT", None)),
     ("COOPERATION", ("COOPERATE", None)), ("assault", ("ASSAULT", None)),
     (" AID ", ("AID", None))],
)  # fmt: skip
def test_canonical_type_resolves_aliases(
    onto: Ontology, name: str, expected: tuple[str, str | None]
) -> None:
    assert onto.canonical_type(name) == expected


@pytest.mark.parametrize(
    ("event_type", "mode", "expected"),
    [("FIGHT", "heavy-weapons", ("ASSAULT", "heavy-weapons")),
     ("FIGHT", "other", ("ASSAULT", None)),
     ("COERCE", "destroy", ("ASSAULT", "destroy")), ("COERCE", "detain", ("COERCE", "arrest")),
     ("PROTEST", "strike-hun", ("PROTEST", "hunger")), ("CONSULT", "host", ("CONSULT", "visit")),
     ("DISAPPROVE", "", ("ACCUSE", "disapprove")), ("ASSAULT", "SIDEAB", ("ASSAULT", "sideAB")),
     ("RETREAT", None, ("RETREAT", None))],
)  # fmt: skip
def test_canonical_resolves_older_mode_names(
    onto: Ontology, event_type: str, mode: str | None, expected: tuple[str, str | None]
) -> None:
    assert onto.canonical(event_type, mode) == expected


@pytest.mark.parametrize(("event_type", "mode"), [("CRIME", None), ("PROTEST", "picnic")])
def test_canonical_rejects_unknown_names(onto: Ontology, event_type: str, mode: str | None) -> None:
    with pytest.raises(DataFileError):
        onto.canonical(event_type, mode)


@pytest.mark.parametrize("root", [f"{n:02d}" for n in range(1, 21)])
def test_every_cameo_root_maps_and_round_trips(onto: Ontology, root: str) -> None:
    event_type, mode = onto.from_cameo(root)
    assert event_type in onto.event_types
    assert onto.from_cameo(onto.cameo_code(event_type, mode)) == (event_type, mode)


def test_crosswalk_rows_marked_both_round_trip(onto: Ontology) -> None:
    both = [r for r in onto.crosswalk if r.direction == "both"]
    assert len(both) > 40
    for row in both:
        assert onto.from_cameo(row.cameo) == (row.event_type, row.mode)
        assert onto.cameo_code(row.event_type, row.mode) == row.cameo


def test_every_type_exports_its_cameo_root_and_modes_stay_under_known_roots(
    onto: Ontology,
) -> None:
    for event_type, mode in _all_keys(onto):
        code = onto.cameo_code(event_type, mode)
        assert 2 <= len(code) <= 4 and 1 <= int(code[:2]) <= 20
    assert onto.cameo_code("ACCUSE", "investigate") == "09"
    assert onto.cameo_code("CONSULT", "multilateral") == "04"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("0841", ("RETREAT", "release")), ("1832", ("ASSAULT", "explosives")),
     ("173", ("COERCE", "arrest")), ("116", ("SANCTION", "convict")), ("112", ("ACCUSE", "allege")),
     ("1712", ("ASSAULT", "destroy")), ("0813", ("CONCEDE", None)), ("190", ("ASSAULT", None)),
     ("2041", ("ASSAULT", "unconventional")), (" 042 ", ("CONSULT", "visit"))],
)  # fmt: skip
def test_from_cameo_uses_the_longest_prefix(
    onto: Ontology, code: str, expected: tuple[str, str | None]
) -> None:
    assert onto.from_cameo(code) == expected


@pytest.mark.parametrize("code", ["01", "016", "0214", "028"])
def test_from_cameo_strict_refuses_codes_plover_drops(onto: Ontology, code: str) -> None:
    assert onto.from_cameo(code)[0] in onto.event_types
    with pytest.raises(ValidationError, match="no PLOVER equivalent"):
        onto.from_cameo(code, strict=True)


@pytest.mark.parametrize("code", ["", "7", "21", "00", "abc", "12345", "1a"])
def test_from_cameo_rejects_malformed_codes(onto: Ontology, code: str) -> None:
    with pytest.raises(ValidationError):
        onto.from_cameo(code)


@pytest.mark.parametrize(
    ("lemmas", "expected"),
    [("troop mass near the border".split(), ("military",)),
     ("the group condemn the human right abuse".split(), ("human_rights",)),
     ("parliament vote on the bill before the election".split(), ("election", "legislative")),
     ("police seize cocaine from a cartel".split(), ("crime", "illegal_drugs")),
     ("Refugee flee the Earthquake".split(), ("enviro_disaster", "migration")),
     ("activist oppose the same - sex marriage ban".split(), ("lgbt",)),
     ("the minister meet the farmer".split(), ()),
     ([], ())],
)  # fmt: skip
def test_contexts_for_finds_contexts_from_keywords(
    onto: Ontology, lemmas: list[str], expected: tuple[str, ...]
) -> None:
    assert onto.contexts_for(lemmas) == expected


def test_contexts_for_follows_file_order_without_duplicates(onto: Ontology) -> None:
    found = onto.contexts_for(iter("nuclear uranium army soldier nuclear".split()))
    assert found == ("military", "cbrn")


def test_check_accepts_canonical_names(onto: Ontology) -> None:
    for event_type, mode in _all_keys(onto):
        onto.check(event_type, mode, ())
    onto.check("ASSAULT", "firearms", ["military", "terrorism", "future"])


@pytest.mark.parametrize(
    ("event_type", "mode", "contexts", "message"),
    [("CRIME", None, (), "use one of AGREE"),
     ("DEMAND", None, (), "older PLOVER name: use REQUEST"),
     ("ASSAULT", "nerve-gas", (), "the modes of ASSAULT are"),
     ("AGREE", "visit", (), "AGREE has no modes"),
     ("COERCE", "detain", (), "use COERCE (mode arrest)"),
     ("AID", None, ("refugees",), "use 'migration'"),
     ("AID", None, ("weather",), "docs/ontology.md")],
)  # fmt: skip
def test_check_says_what_is_wrong_and_what_to_do(
    onto: Ontology, event_type: str, mode: str | None, contexts: tuple[str, ...], message: str
) -> None:
    with pytest.raises(DataFileError, match=re.escape(message)):
        onto.check(event_type, mode, contexts)


@pytest.mark.parametrize("method", ["quad_code", "score", "cameo_code"])
def test_lookups_raise_data_file_error_for_unknown_names(onto: Ontology, method: str) -> None:
    with pytest.raises(DataFileError, match="unknown"):
        getattr(onto, method)("CRIME")
    with pytest.raises(DataFileError, match="unknown mode"):
        getattr(onto, method)("ASSAULT", "nerve-gas")


@pytest.mark.parametrize(
    ("status", "certainty", "historical", "expected"),
    [("occurred", "asserted", False, ()), ("planned", "reported", False, ("future",)),
     ("negated", "asserted", False, ("negation",)),
     ("threatened", "alleged", False, ("hypothetical", "x-threatened", "x-alleged")),
     ("occurred", "disputed", True, ("x-disputed", "historical"))],
)  # fmt: skip
def test_modality_contexts_use_plover_special_contexts(
    onto: Ontology, status: str, certainty: str, historical: bool, expected: tuple[str, ...]
) -> None:
    assert onto.modality_contexts(status, certainty, historical=historical) == expected


def test_modality_contexts_cover_every_status_and_certainty(onto: Ontology) -> None:
    for status in STATUSES:
        for certainty in CERTAINTIES:
            for tag in onto.modality_contexts(status, certainty):
                assert tag.startswith("x-") or onto.contexts[tag].special
    assert onto.droppable_contexts == ("negation",)
    with pytest.raises(ValidationError):
        onto.modality_contexts("rumoured", "asserted")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("GOV", "GOV"), ("CVLkur", "CVL"), ("HLH", "MED"), ("ELI", "CVL"), ("XYZ", None)],
)
def test_canonical_sector_resolves_cameo_era_codes(
    onto: Ontology, code: str, expected: str | None
) -> None:
    assert onto.canonical_sector(code) == expected


def test_sectors_and_non_state_codes_cover_the_manual(onto: Ontology) -> None:
    manual = (
        "GOV JUD LEG MIL COP OPP PTY REB PRM SPY UAF CVL BUS EDU MED LAB AGR JRN REF REL SOC CRM"
    )
    for code in manual.split():
        assert onto.sectors[code].description
    assert set(onto.non_state_codes) == {"IGO", "NGO", "ISM", "IMG", "MNC"}


@pytest.mark.parametrize(
    ("name", "expected"), [("Refugees", "migration"), ("cbrn", "cbrn"), ("x", None)]
)
def test_canonical_context_resolves_aliases(
    onto: Ontology, name: str, expected: str | None
) -> None:
    assert onto.canonical_context(name) == expected


def test_load_ontology_is_cached_and_reloads_changed_user_files(tmp_path: Path) -> None:
    assert load_ontology() is load_ontology()
    path = _copy_bundle(tmp_path)
    first = load_ontology(path)
    assert load_ontology(str(path)) is first
    path.write_text(path.read_text().replace('version: "1.0"', 'version: "1.0-local"'))
    assert load_ontology(path).version == "1.0-local"


def _copy_bundle(tmp_path: Path) -> Path:
    for name in ("plover.yaml", "cameo_crosswalk.csv"):
        shutil.copy(DEFAULT_PATH.parent / name, tmp_path / name)
    return tmp_path / "plover.yaml"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [("plover.yaml", "version: \"1.0\"", "version: 1.0", "version"),
     ("plover.yaml", "event_types:\n  AGREE:", "event_types:\n  AGREE: [", "not valid YAML"),
     ("plover.yaml", "    quad: 1\n    score: 4.2\n", "    score: 4.2\n",
      "event_types.AGREE: missing 'quad'"),
     ("plover.yaml", "score: -9.3\n", "score: -19.3\n", "event_types.ASSAULT.score"),
     ("plover.yaml", "DEMAND: {type: REQUEST}", "DEMAND: {type: PLEAD}", "aliases.DEMAND"),
     ("plover.yaml", "    host: visit", "    host: dinner", "mode_aliases.CONSULT.host"),
     ("plover.yaml", "  refugee: migration", "  refugee: exodus", "context_aliases.refugee"),
     ("plover.yaml", "    negated: [negation]", "    negated: [gone]", "modality.status.negated"),
     ("cameo_crosswalk.csv", "0841,7.0,RETREAT,release", "0841,7.0,RETREAT,freed",
      "unknown mode 'freed'"),
     ("cameo_crosswalk.csv", "07,7.0,AID,,both", "77,7.0,AID,,both", "bad CAMEO code '77'"),
     ("cameo_crosswalk.csv", "15,-7.2,MOBILIZE,,both", "15,-7.2,MOBILISE,,both",
      "unknown event type"),
     ("cameo_crosswalk.csv", "172,-5.0,COERCE,restrict,to_plover", "172,-5.0,COERCE,restrict,both",
      "written twice"),
     ("cameo_crosswalk.csv", "# dotterel CAMEO <-> PLOVER crosswalk, version: 1.0", "# crosswalk",
      "no version")],
)  # fmt: skip
def test_malformed_files_raise_data_file_error_naming_file_and_entry(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    path = _copy_bundle(tmp_path)
    target = tmp_path / file
    text = target.read_text()
    assert old in text
    target.write_text(text.replace(old, new, 1))
    with pytest.raises(DataFileError, match=re.escape(message)) as info:
        load_ontology(path)
    assert file in str(info.value)


def test_crosswalk_missing_a_root_is_reported(tmp_path: Path) -> None:
    path = _copy_bundle(tmp_path)
    csv_path = tmp_path / "cameo_crosswalk.csv"
    kept = [ln for ln in csv_path.read_text().splitlines() if not ln.startswith("07")]
    csv_path.write_text("\n".join(kept) + "\n")
    with pytest.raises(DataFileError, match="CAMEO roots 07 do not map"):
        load_ontology(path)


def test_missing_ontology_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read ontology file"):
        load_ontology(tmp_path / "nope.yaml")


def test_docs_table_lists_every_type_with_its_facts(onto: Ontology) -> None:
    doc = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in onto.event_types:
            rows[cells[0]] = cells
    assert sorted(rows) == sorted(onto.event_types)
    for name, (_, quad, score, cameo, modes) in rows.items():
        t = onto.event_types[name]
        assert quad.startswith(str(t.quad_code)), name
        assert float(score) == t.score, name
        assert cameo == t.cameo, name
        listed = [m.strip(" `") for m in modes.split(",")] if modes != "—" else []
        assert listed == list(t.mode_names), name


@pytest.mark.shared
def test_plover_gold_file_names_all_resolve(onto: Ontology, shared: Path) -> None:
    path = shared / "gold" / "plover_gsr_cameo" / "PLOVER_GSR_CAMEO.txt"
    records = json.loads(path.read_text(encoding="utf-8"), strict=False)
    resolved = 0
    for rec in records:
        if rec.get("event") == "DOCUMENT":
            continue
        event_type, mode = onto.canonical(rec["event"], rec.get("mode"))
        onto.check(event_type, mode, ())
        for ctx in (rec.get("context") or "").split(","):
            if ctx.strip() and ctx.strip() != "unknown":
                assert onto.canonical_context(ctx) is not None, ctx
        resolved += 1
    assert resolved > 300
