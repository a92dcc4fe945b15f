"""dotterel: auditable political event data (PLOVER) from news text.

The public API is re-exported here; everything else is internal and may change.
"""

from typing import TYPE_CHECKING, Any

from dotterel._version import __version__
from dotterel.api import code_articles, code_text, make_article
from dotterel.errors import (
    AuthError,
    DataFileError,
    DotterelError,
    InputError,
    ModelNotFoundError,
    NotFoundError,
    StoreError,
    ValidationError,
)
from dotterel.records import (
    CERTAINTIES,
    STATUSES,
    ActorRef,
    Article,
    Attribution,
    Event,
    Evidence,
    Location,
    Reject,
)

if TYPE_CHECKING:
    from dotterel.coder import CodedArticle, Coder
    from dotterel.export import export_events
    from dotterel.store import EventFilter, EventStore

# Names whose modules load spaCy or SQLite machinery are imported on first use, so that
# `import dotterel` stays cheap (spaCy imports dotterel.component whenever it builds a pipeline).
_LAZY = {
    "Coder": "dotterel.coder",
    "CodedArticle": "dotterel.coder",
    "EventFilter": "dotterel.store",
    "EventStore": "dotterel.store",
    "export_events": "dotterel.export",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dotterel' has no attribute {name!r}")


__all__ = [
    "CERTAINTIES",
    "STATUSES",
    "ActorRef",
    "Article",
    "Attribution",
    "AuthError",
    "CodedArticle",
    "Coder",
    "DataFileError",
    "DotterelError",
    "Event",
    "EventFilter",
    "EventStore",
    "Evidence",
    "InputError",
    "Location",
    "ModelNotFoundError",
    "NotFoundError",
    "Reject",
    "StoreError",
    "ValidationError",
    "__version__",
    "code_articles",
    "code_text",
    "export_events",
    "make_article",
]
