"""dotterel: auditable political event data (PLOVER) from news text.

The public API is re-exported here; everything else is internal and may change.
"""

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

__all__ = [
    "CERTAINTIES",
    "STATUSES",
    "ActorRef",
    "Article",
    "Attribution",
    "AuthError",
    "DataFileError",
    "DotterelError",
    "Event",
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
    "make_article",
]
