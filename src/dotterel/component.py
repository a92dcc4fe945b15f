"""The spaCy pipeline component ``dotterel``: ``nlp.add_pipe("dotterel")`` gives ``doc._.events``.

The factory is registered here, once, through the ``spacy_factories`` entry point in
``pyproject.toml`` (not as an import side effect elsewhere), so ``spacy.blank("en")`` and any
pipeline can add it. This module must stay cheap to import: spaCy imports it whenever it builds
a ``Language``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from dotterel.coder import Coder

#: The ``Doc`` extension attributes the component sets.
EVENTS_ATTR = "events"
ARTICLE_ATTR = "dotterel_article"
# Events are kept as plain dicts: spaCy serialises ``doc.user_data`` with msgpack when
# ``nlp.pipe(n_process=...)`` sends docs between processes, and records are not msgpack types.
_DATA_ATTR = "dotterel_events_data"


def _events_getter(doc: Doc) -> list[Any] | None:
    from dotterel.records import Event

    data = doc._.get(_DATA_ATTR)
    return None if data is None else [Event.from_dict(d) for d in data]


def _ensure_extensions() -> None:
    if not Doc.has_extension(_DATA_ATTR):
        Doc.set_extension(_DATA_ATTR, default=None)
    if not Doc.has_extension(EVENTS_ATTR):
        Doc.set_extension(EVENTS_ATTR, getter=_events_getter)
    if not Doc.has_extension(ARTICLE_ATTR):
        # Optional metadata (publication date, outlet, url) for the article a Doc holds.
        Doc.set_extension(ARTICLE_ATTR, default=None)


class DotterelComponent:
    """Codes each ``Doc`` into :class:`~dotterel.records.Event` records in ``doc._.events``.

    Needs a parser and NER earlier in the pipeline (as in ``en_core_web_sm``). Publication
    date and outlet can be given per document by setting ``doc._.dotterel_article`` to a dict
    (``{"date": "2018-10-25", "source": "The Outlet"}``) before the component runs, e.g. with
    ``nlp.pipe(..., as_tuples=True)`` and a small wrapper.
    """

    def __init__(self, nlp: Language, name: str, patterns: Iterable[str] = ()) -> None:
        from dotterel.coder import Coder

        _ensure_extensions()
        self.name = name
        self.coder: Coder = Coder(nlp=nlp, pattern_files=tuple(patterns))

    def __call__(self, doc: Doc) -> Doc:
        from dotterel.api import make_article

        meta = doc._.get(ARTICLE_ATTR) or {}
        article = make_article(doc.text, **meta)
        doc._.set(_DATA_ATTR, [e.to_dict() for e in self.coder.code_doc(doc, article)])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Code a stream of docs (spaCy calls this from ``nlp.pipe``)."""
        for doc in docs:
            yield self(doc)


def make_dotterel(nlp: Language, name: str, patterns: list[str] | None = None) -> Any:
    """Factory behind ``nlp.add_pipe("dotterel", config={"patterns": [...]})``."""
    return DotterelComponent(nlp, name, patterns or ())


# Registering through Language.factory keeps the config schema spaCy validates; the entry point
# makes spaCy import this module before it looks the name up.
if not Language.has_factory("dotterel"):
    Language.factory("dotterel", default_config={"patterns": []})(make_dotterel)
