"""Click options that several ``dotterel`` commands share, declared once.

An option that means the same thing in every command that takes it (the event store, the JSON
summary) lives here, so its name, help and default cannot drift apart between commands. Options
that only look alike (``--window-days`` of ``cluster`` and of ``export``, say) stay with their
command: their defaults or meanings differ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from dotterel.settings import DEFAULT_MODEL, MODEL_ENV_VAR

F = TypeVar("F", bound=Callable[..., Any])

#: Help of ``--store`` wherever it names the event store a command reads or writes.
STORE_HELP = "The event store (default ./dotterel.db or $DOTTEREL_STORE)."


def store_option(func: F) -> F:
    """Add ``--store`` (parameter ``store``; ``None`` when not given, which
    :func:`dotterel.store.store_path` resolves to ``$DOTTEREL_STORE`` or ``./dotterel.db``)."""
    return click.option("--store", default=None, help=STORE_HELP)(func)


def json_summary_option(func: F) -> F:
    """Add ``--json`` (parameter ``as_json``): print the command's summary as JSON."""
    return click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")(func)


#: Help of ``--model`` wherever it chooses the spaCy pipeline the coder runs on.
MODEL_HELP = f"spaCy pipeline name or path (default: ${MODEL_ENV_VAR} or {DEFAULT_MODEL})."


def model_option(func: F) -> F:
    """Add ``--model`` (parameter ``model``; ``None`` when not given, which
    :func:`dotterel.settings.model_name` resolves to ``$DOTTEREL_MODEL`` or the bundled one)."""
    return click.option("--model", default=None, help=MODEL_HELP)(func)


def progress_option(func: F) -> F:
    """Add ``--progress/--no-progress`` (parameter ``progress``; ``None`` when not given, which
    means: a progress bar when stderr is a terminal, none in pipes and CI)."""
    return click.option(
        "--progress/--no-progress",
        default=None,
        help="Show a progress bar (default: when stderr is a terminal).",
    )(func)
