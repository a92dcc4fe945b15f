"""Actor resolution: who acts and who is acted on, as country / IGO codes and PLOVER sectors.

>>> from dotterel.actors import ActorResolver
>>> ActorResolver().resolve_text("Iranian intelligence agents").code
'IRN'

Everything runs offline from the data files in ``dotterel/data/actors``: countries (ISO-3166
names, demonyms, capitals, seats of power), IGOs and NGOs, organisations and armed groups,
office holders with date ranges, agent nouns and titles mapped to sectors, and the definite
descriptions used for coreference. User dictionaries (YAML or CSV) are merged over them.
"""

from __future__ import annotations

from .coref import ArticleActors, Mention
from .resolver import ActorResolver, StaticActorResolver

__all__ = ["ActorResolver", "ArticleActors", "Mention", "StaticActorResolver"]
