from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.errors import DataFileError
from dotterel.patterns import build_pattern_set, load_patterns, parse_pattern_file

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}
PATTERNS = load_patterns()


def test_bundled_patterns_cover_all_sixteen_types() -> None:
    assert {p.event_type for p in PATTERNS.patterns} == PLOVER_TYPES


@pytest.mark.parametrize("pattern", PATTERNS.patterns, ids=lambda p: p.id)
def test_pattern_type_and_mode_are_in_the_ontology(pattern) -> None:
    from dotterel.ontology import load_ontology

    load_ontology().check(pattern.event_type, pattern.mode, pattern.contexts)


@pytest.mark.parametrize("pattern", PATTERNS.patterns, ids=lambda p: p.id)
def test_every_pattern_has_an_example(pattern) -> None:
    assert pattern.examples, f"{pattern.id} has no examples"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": 1}, "needs `version`, `event_type` and `patterns`"),
        ({"event_type": "AID", "patterns": [{"verbs": ["give"]}]}, "needs an `id`"),
        ({"event_type": "AID", "patterns": [{"id": "x"}]}, "needs `verbs` or `nouns`"),
        (
            {"event_type": "AID", "patterns": [{"id": "x", "verbs": "give", "colour": 1}]},
            "unknown keys",
        ),
        ({"event_type": "AID", "patterns": [{"id": "x", "verbs": [True]}]}, "list of strings"),
        (
            {"event_type": "AID", "patterns": [{"id": "x", "nouns": "aid", "of_role": "both"}]},
            "of_role",
        ),
    ],
)
def test_parse_pattern_file_rejects_malformed(data: dict, message: str) -> None:
    with pytest.raises(DataFileError, match=message.replace("`", ".").replace("(", ".")):
        parse_pattern_file(data, "user.yaml")


@pytest.mark.parametrize("pattern_id", ["dup.one"])
def test_build_pattern_set_rejects_duplicate_ids(pattern_id: str) -> None:
    _, first = parse_pattern_file(
        {"event_type": "AID", "patterns": [{"id": pattern_id, "verbs": "give"}]}, "a"
    )
    with pytest.raises(DataFileError, match="used twice"):
        build_pattern_set(first + first, "1")


@pytest.mark.parametrize(("verb", "key"), [("kick out", "kick"), ("take into custody", "take")])
def test_multiword_verbs_are_indexed_by_their_verb(verb: str, key: str) -> None:
    _, pats = parse_pattern_file(
        {"event_type": "SANCTION", "patterns": [{"id": "p", "verbs": [verb]}]}, "a"
    )
    assert key in build_pattern_set(pats, "1").by_verb


@pytest.mark.parametrize(
    "body",
    [
        "version: 1\nevent_type: AID\npatterns:\n  - id: user.airdrop\n"
        '    verbs: [airdrop]\n    examples: ["Jordan airdropped food."]\n'
    ],
)
def test_load_patterns_merges_user_files(tmp_path: Path, body: str) -> None:
    path = tmp_path / "user.yaml"
    path.write_text(body)
    merged = load_patterns([path])
    assert merged.get("user.airdrop").event_type == "AID"
    assert len(merged.patterns) == len(PATTERNS.patterns) + 1


@pytest.mark.parametrize(
    ("raw", "things", "stops"),
    [
        ({"thing_subjects": ["Bomb", "device"], "not_with": "oprd"}, ("bomb", "device"), ("oprd",)),
        ({}, (), ()),
    ],
)
def test_parse_pattern_file_reads_thing_subjects_and_not_with(
    raw: dict, things: tuple[str, ...], stops: tuple[str, ...]
) -> None:
    data = {"event_type": "ASSAULT", "patterns": [{"id": "t.one", "verbs": ["explode"], **raw}]}
    _, (pattern,) = parse_pattern_file(data, "t.yaml")
    assert (pattern.thing_subjects, pattern.not_with) == (things, stops)


@pytest.mark.parametrize("body", ["event_type: [unclosed"])
def test_load_patterns_reports_bad_yaml(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_patterns([path])
