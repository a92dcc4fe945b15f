"""User actor dictionaries (YAML and CSV) merged over the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.actors import ActorResolver
from dotterel.errors import DataFileError

_YAML = """\
version: "1"
actors:
  - text: Aldo Brunetti
    aliases: [Brunetti]
    code: ITA
    type: person
    roles:
      - {sector: LEG, start: 2010-05-01, end: 2018-06-01}
      - {sector: GOV, start: 2018-06-01}
  - text: Free Valley Brigade
    aliases: [FVB]
    code: SYR
    sector: REB
  - text: Hamas
    code: XKX
    sector: SOC
"""

_CSV = """\
# version: 1
text,aliases,code,sector,start,end,type
Wanjiru Otieno,Otieno|Minister Otieno,KEN,LEG,2013,2017-08,person
Wanjiru Otieno,,KEN,GOV,2017-09,,person
Lakeside Traders Union,LTU,TZA,LAB,,,organisation
"""


@pytest.fixture(scope="module")
def resolver(tmp_path_factory: pytest.TempPathFactory) -> ActorResolver:
    folder = tmp_path_factory.mktemp("dicts")
    (folder / "mine.yaml").write_text(_YAML, "utf-8")
    (folder / "mine.csv").write_text(_CSV, "utf-8")
    return ActorResolver([folder / "mine.yaml", folder / "mine.csv"])


@pytest.mark.parametrize(
    ("text", "date", "code", "sector"),
    [
        ("Aldo Brunetti", "2015-01-01", "ITA", "LEG"),
        ("Brunetti", "2019-01-01", "ITA", "GOV"),
        ("Brunetti", "2005-01-01", "ITA", None),
        ("the FVB", None, "SYR", "REB"),
        ("Free Valley Brigade fighters", None, "SYR", "REB"),
        ("Otieno", "2015-03-01", "KEN", "LEG"),
        ("Minister Otieno", "2020-03-01", "KEN", "GOV"),
        ("Lakeside Traders Union", None, "TZA", "LAB"),
    ],
)
def test_user_dictionary_entries_and_date_ranges(
    resolver: ActorResolver, text: str, date: str | None, code: str, sector: str | None
) -> None:
    ref = resolver.resolve_text(text, date=date)
    assert (ref.code, ref.sector, ref.resolved_by) == (code, sector, "user")


def test_user_dictionary_replaces_a_bundled_name(resolver: ActorResolver) -> None:
    assert resolver.resolve_text("Hamas").code == "XKX"
    # The bundled data is untouched for resolvers without the user file.
    assert ActorResolver().resolve_text("Hamas").code == "PSE"


def test_user_dictionary_keeps_the_rest_of_the_bundle(resolver: ActorResolver) -> None:
    assert resolver.resolve_text("Iranian officials").code == "IRN"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.yaml", 'version: "1"\nactors:\n  - {text: X, code: Iran}\n', "three capital letters"),
        (
            "bad.yaml",
            'version: "1"\nactors:\n  - {text: X, code: IRN, sector: ARMY}\n',
            "unknown sector",
        ),
        ("bad.yaml", "actors: []\n", "version"),
        ("bad.yaml", 'version: "1"\npeople: []\n', "actors"),
        (
            "bad.yaml",
            'version: "1"\nactors:\n  - {text: X, code: IRN, type: robot}\n',
            "unknown type",
        ),
        ("bad.csv", "text,code\nX,IRN\n", "version"),
        ("bad.csv", "# version: 1\nname,code\nX,IRN\n", "text"),
        ("bad.csv", "# version: 1\ntext,code,start\nX,IRN,May 2019\n", "YYYY"),
        ("bad.json", "{}", "format"),
    ],
)
def test_user_dictionary_errors_say_what_to_fix(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(DataFileError, match=message):
        ActorResolver([path])


def test_user_dictionary_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        ActorResolver([tmp_path / "absent.yaml"])
