"""The ``dotterel`` command line: a click group whose commands live one module per area.

Commands are thin adapters over library functions. :func:`main` is the only place that turns a
:class:`~dotterel.errors.DotterelError` into a message and an exit code.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from dotterel._version import __version__
from dotterel.errors import DotterelError

#: Modules under ``dotterel.cli`` that each define ``register(group)``.
COMMAND_MODULES = ("code", "export", "eval", "serve", "ingest", "query", "cluster")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dotterel")
def cli() -> None:
    """dotterel: auditable political event data (PLOVER) from news text."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"dotterel.cli.{_name}").register(cli)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; domain errors become a one-line message and their exit code."""
    try:
        result = cli.main(args=argv, prog_name="dotterel", standalone_mode=False)
        # A command's `click.exceptions.Exit(n)` comes back as its return value here.
        if isinstance(result, int) and result:
            return result
    except DotterelError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except BrokenPipeError:
        # A closed pipe (`dotterel events | head`) is not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no raw tracebacks
        if os.environ.get("DOTTEREL_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (this is a bug in dotterel: please "
            "report it; set DOTTEREL_DEBUG=1 for the traceback)",
            err=True,
        )
        return 70
    return 0
