"""How sure, and did it happen: the status and certainty of one event trigger, and denials.

:func:`assess` walks up the dependency parse from an event's trigger token through the chain
that governs it (``xcomp``, ``ccomp``, ``acl``, ``conj``, prepositions, objects of cue verbs)
and reads the cue words met on the way from the lexicons in ``data/modality/cues.yaml``.
Statuses nest: the outermost cue wins ("will continue their efforts to attack" is future,
"foiled a plot to attack" aborted), except that ``ongoing`` never overrides an unrealised inner
status. Certainty takes the weakest cue met. docs/modality.md defines every value.

:func:`apply_denials` links denial events ("officials denied any plot") to the events of the
article that they deny and marks those ``disputed``.

The package is split by stage: :mod:`~dotterel.modality.lexicon` reads the cue lists,
:mod:`~dotterel.modality.syntax` holds the small parse helpers, :mod:`~dotterel.modality.status`
is the walk behind :func:`assess`, and :mod:`~dotterel.modality.denials` links denials.
"""

from __future__ import annotations

from dotterel.modality.denials import apply_denials
from dotterel.modality.lexicon import DenialLexicon as DenialLexicon
from dotterel.modality.lexicon import Lexicon as Lexicon
from dotterel.modality.lexicon import _put as _put
from dotterel.modality.lexicon import load_lexicon as load_lexicon
from dotterel.modality.status import Modality, assess

__all__ = ["Modality", "apply_denials", "assess"]
