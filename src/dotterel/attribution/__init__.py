"""Who says so: attribution chains for event triggers, found in one pass over a parsed article.

:meth:`AttributionFinder.scan` finds every attribution frame of a document: a reporting verb
and its content ("X said the talks collapsed", "“…,” X told The Independent"), "according to X",
reporting nouns ("Iran's claim that …") and quotations with their speakers. Each frame covers a
range of tokens. :meth:`ArticleAttributions.for_token` returns the chain of a trigger, innermost
source first and the article's own outlet last: for "According to reporting by The Independent,
a source … said the expulsions were connected to …" an event in the complement gets the source
(cue "said") and then The Independent (cue "according to reporting by"). A reporting event is
not attributed by its own frame. Cue lists live in ``data/modality/attribution.yaml`` and
``outlets.yaml``.

The package follows the finder's steps: ``lexicon`` reads the cue lists, ``syntax`` holds the
parse helpers, ``finder`` scans a document for frames, and ``frames`` holds the frame record,
the quotation helpers and :class:`ArticleAttributions`, which answers per trigger.
"""

from __future__ import annotations

from dotterel.attribution.finder import AttributionFinder
from dotterel.attribution.frames import PUBLISHED_BY as PUBLISHED_BY
from dotterel.attribution.frames import ArticleAttributions
from dotterel.attribution.lexicon import AttributionLexicon as AttributionLexicon
from dotterel.attribution.lexicon import load_attribution_lexicon as load_attribution_lexicon
from dotterel.attribution.syntax import speaker_ref

__all__ = ["ArticleAttributions", "AttributionFinder", "speaker_ref"]
