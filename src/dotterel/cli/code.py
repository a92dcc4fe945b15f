"""``dotterel code`` and ``dotterel demo``: code texts and print their events."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import click

from dotterel.api import get_coder, make_article, normalise_date
from dotterel.cli.options import model_option
from dotterel.errors import DotterelError, InputError
from dotterel.records import ActorRef, Article, Attribution, Event
from dotterel.settings import DEFAULT_MAX_BYTES
from dotterel.textio import decode_bytes

FORMATS = ("jsonl", "json", "table")


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a file path, or of standard input for ``-``."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return decode_bytes(data, origin="<stdin>", max_bytes=max_bytes)
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", source=path, hint="check the path")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
            source=path,
            hint="split it into articles, or raise --max-bytes",
        )
    return decode_bytes(p.read_bytes(), origin=path, max_bytes=max_bytes)


def format_table(events: Sequence[Event]) -> str:
    """A readable, fixed-width summary of events (one line each, evidence below)."""
    lines = []
    for e in events:
        actor = _parties(e.actor)
        recipient = _parties(e.recipient)
        mode = f"/{e.mode}" if e.mode else ""
        where = e.location.name or e.location.text if e.location else "-"
        lines.append(
            f"{e.event_type + mode:<22} {actor:>24} -> {recipient:<24} "
            f"{e.status}/{e.certainty:<10} {e.date or '-':<10} {where}"
        )
        said = "; ".join(_who(a) for a in e.attribution)
        lines.append(f"    \u201c{e.evidence.trigger}\u201d  {e.evidence.pattern_id}  {said}")
    return "\n".join(lines)


def _parties(refs: Iterable[ActorRef]) -> str:
    return ",".join(r.code + (f"/{r.sector}" if r.sector else "") for r in refs) or "-"


def _who(a: Attribution) -> str:
    name = a.speaker.text if a.speaker is not None else ""
    return " via ".join(x for x in (name, a.outlet) if x) or a.cue


def emit(events: Sequence[Event], fmt: str) -> None:
    """Write events to stdout in one of :data:`FORMATS`."""
    if fmt == "jsonl":
        for e in events:
            click.echo(e.to_json())
    elif fmt == "json":
        click.echo(json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2))
    else:
        if events:
            click.echo(format_table(events))


@click.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", help="Publication date (YYYY-MM-DD) that relative dates resolve against.")
@click.option("--source", help="The outlet that published the text.")
@click.option("--url", help="The article's URL.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@model_option
@click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True)
def code_command(
    paths: tuple[str, ...],
    date: str | None,
    source: str | None,
    url: str | None,
    fmt: str,
    model: str | None,
    max_bytes: int,
) -> None:
    """Code text files (or - for standard input) into PLOVER events.

    Each PATH is one article. Events are printed as JSON lines (default), a JSON list or a
    table. An input that cannot be coded is reported on stderr and the others go on; the exit
    status is then 1.
    """
    date = normalise_date(date, field="--date")  # a bad date fails before any work
    coder = get_coder(model)
    failures = 0
    collected: list[Event] = []
    for path in paths:
        try:
            article = make_article(
                read_input(path, max_bytes=max_bytes),
                date=date,
                source=source,
                url=url,
                origin=path,
            )
        except DotterelError as exc:
            failures += 1
            click.echo(f"error: {exc}", err=True)
            continue
        coded = coder.code_article(article)
        if coded.reject is not None:
            failures += 1
            click.echo(f"error: {coded.reject.reason}", err=True)
            continue
        if fmt == "json":
            collected.extend(coded.events)
        else:
            emit(coded.events, fmt)
    if fmt == "json":
        emit(collected, fmt)
    if failures:
        raise click.exceptions.Exit(1)


def sample_articles() -> list[Article]:
    """The bundled, team-written sample articles."""
    text = (resources.files("dotterel") / "data" / "samples" / "samples.jsonl").read_text("utf-8")
    return [make_article(json.loads(line)) for line in text.splitlines() if line.strip()]


def summarise(events: Sequence[Event]) -> str:
    """Counts by type, status and certainty, for the end of a run."""
    by_type = Counter(e.event_type for e in events)
    by_status = Counter(e.status for e in events)
    by_certainty = Counter(e.certainty for e in events)

    def row(counter: Counter[str]) -> str:
        return ", ".join(f"{k} {v}" for k, v in counter.most_common())

    return (
        f"{len(events)} events\n  by type: {row(by_type)}\n  by status: {row(by_status)}\n"
        f"  by certainty: {row(by_certainty)}"
    )


#: Where ``dotterel demo`` keeps the store of the bundled samples.
DEFAULT_DEMO_STORE = "demo/dotterel.db"


def run_demo(store: str | Path = DEFAULT_DEMO_STORE, *, model: str | None = None) -> list[Event]:
    """Code the bundled samples into ``store`` (created if needed) and print them.

    Running it again changes nothing: articles already in the store are not stored twice.
    """
    from dotterel.store import EventStore

    coder = get_coder(model)
    articles = sample_articles()
    everything: list[Event] = []
    Path(store).parent.mkdir(parents=True, exist_ok=True)
    coded_all = list(coder.code_articles(articles))
    with EventStore(store) as db:
        run_id = db.start_run({"command": "demo", "articles": len(articles)})
        counts = db.add_coded(coded_all, run_id)
        db.finish_run(run_id, dataclasses.asdict(counts))
    for coded in coded_all:
        title = f"{coded.article.title} ({coded.article.date}, {coded.article.source})"
        click.echo(click.style(f"\n== {title}", bold=True))
        if coded.reject:
            click.echo(f"   rejected: {coded.reject.reason}")
            continue
        click.echo(format_table(coded.events))
        everything.extend(coded.events)
    click.echo("\n" + summarise(everything))
    click.echo(f"stored in {store}")
    return everything


@click.command("demo")
@model_option
@click.option("--store", default=DEFAULT_DEMO_STORE, show_default=True, help="Demo store file.")
@click.option("--serve", "then_serve", is_flag=True, help="Then serve the dashboard over it.")
@click.option("--port", default=None, type=int, help="Port for --serve (default: 8765).")
def demo_command(model: str | None, store: str, then_serve: bool, port: int | None) -> None:
    """Code the bundled sample articles into a demo store and print their events.

    With --serve, then start the dashboard and API over that store (Ctrl-C stops it).
    """
    run_demo(store, model=model)
    if then_serve:
        from dotterel.server import create_app, serve
        from dotterel.server.settings import DEFAULT_PORT, ServerSettings

        settings = ServerSettings(store=str(store), port=port or DEFAULT_PORT)
        app = create_app(settings)
        click.echo(f"\ndotterel dashboard: {settings.url()}  (Ctrl-C to stop)", err=True)
        serve(settings, log_level="warning", app=app)


def register(group: click.Group) -> None:
    """Add this module's commands to the ``dotterel`` group."""
    group.add_command(code_command)
    group.add_command(demo_command)
