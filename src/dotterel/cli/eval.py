"""``dotterel eval``: score dotterel on a gold set and print a report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dotterel.cli.options import model_option
from dotterel.evaluate.formats import FORMATS
from dotterel.evaluate.runner import evaluate

#: Errors of each kind listed in the text report unless told otherwise.
DEFAULT_SHOW_ERRORS = 20


def register(group: click.Group) -> None:
    """Add the ``eval`` command to the CLI."""
    group.add_command(eval_command)


@click.command("eval")
@click.option(
    "--gold",
    "gold",
    required=True,
    metavar="FILE|DIR|builtin|shared",
    help="Gold file or folder; 'builtin' is dotterel's own gold set, 'shared' the team's "
    "copy of a public set ($DOTTEREL_SHARED or ../shared).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="dotterel",
    show_default=True,
    help="Format of the gold file.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the full report as JSON to this file ('-' for standard output only).",
)
@click.option(
    "--show-errors",
    type=click.IntRange(min=0),
    default=DEFAULT_SHOW_ERRORS,
    show_default=True,
    help="How many misses, false alarms and confusions of each kind to list.",
)
@model_option
def eval_command(
    gold: str,
    fmt: str,
    limit: int | None,
    json_out: Path | None,
    show_errors: int,
    model: str | None,
) -> None:
    """Code a gold set's texts and score them against the gold annotations.

    Event sets give precision, recall and F1 per PLOVER type (micro and macro), actor and
    recipient code and sector agreement, mode, status, certainty, location, date and
    attribution on matched events, a confusion matrix, and the misses and false alarms with
    their sentences. The factuality, attribution, geoparsing and event-location sets score the
    matching part of dotterel.

    \b
    Examples:
      dotterel eval --gold builtin
      dotterel eval --gold shared --format plover-gsr --json plover.json
      dotterel eval --gold my_gold.jsonl --show-errors 50
    """
    report = evaluate(gold, fmt, limit=limit, model=model)
    if json_out is not None and str(json_out) == "-":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(report.render(show_errors=show_errors), nl=False)
    if json_out is not None:
        json_out.write_text(
            json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        click.echo(f"JSON report written to {json_out}", err=True)
