"""ConfliBERT's CAMEO class data (eventdata/ConfliBERT, ``cameo_class/train.tsv``).

One sentence and one class a line, tab-separated. The five classes are ConfliBERT's "penta"
CAMEO groups; reading the file shows 0 = public statements and appeals (CAMEO 01-02),
1 = verbal cooperation (03-05), 2 = material cooperation (06-08), 3 = verbal conflict (09-13),
4 = material conflict (14-20). They are mapped to the four quad classes dotterel's events carry
(:data:`PENTA_TO_QUAD`): statements and appeals belong to verbal cooperation in the CAMEO quad
scheme. Boundaries differ slightly (CAMEO quads put 09 investigate with material cooperation and
14 protest with verbal conflict; PLOVER puts ACCUSE in verbal and PROTEST in material conflict),
which the report notes.
"""

from __future__ import annotations

import csv
from pathlib import Path

from dotterel.errors import InputError
from dotterel.evaluate.gold import GoldDocument, GoldSet

TASK = "quad"
DEFAULT_PATH = "gold/conflibert_cameo/cameo_class_train.tsv"
#: ConfliBERT penta class -> quad class (1 verbal coop, 2 material coop, 3 verbal conflict,
#: 4 material conflict).
PENTA_TO_QUAD = {"0": "1", "1": "1", "2": "2", "3": "3", "4": "4"}


def load(path: Path, *, limit: int | None = None) -> GoldSet:
    """Read the tab-separated sentence/class file."""
    if path.is_dir():
        path = path / Path(DEFAULT_PATH).name
    docs = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.reader(handle, delimiter="\t"), 1):
                if len(row) < 2 or row[-1].strip() not in PENTA_TO_QUAD:
                    continue
                text = "\t".join(row[:-1]).strip()
                penta = row[-1].strip()
                docs.append(
                    GoldDocument(id=f"conflibert:{n}", text=text, label=PENTA_TO_QUAD[penta])
                )
                if limit is not None and len(docs) >= limit:
                    break
    except OSError as exc:
        raise InputError(f"cannot read ConfliBERT file {str(path)!r}: {exc}") from None
    return GoldSet(
        name=path.name,
        format="conflibert",
        task=TASK,
        convention="plover",
        documents=tuple(docs),
        notes=("penta classes mapped to quad classes: 0,1->1 2->2 3->3 4->4",),
    )
