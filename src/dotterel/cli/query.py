"""``dotterel events``, ``dyads``, ``timeline`` and ``show``: read the event store.

Each command parses options into an :class:`~dotterel.store.EventFilter`, calls one store method
and formats the result as a table, CSV, JSON or JSON Lines.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from dotterel.cli.options import store_option
from dotterel.records import ActorRef, Event
from dotterel.store import INTERVALS, TIMELINE_KEYS, EventFilter, EventStore

OUTPUT_FORMATS = ("table", "csv", "json", "jsonl")

#: Filter options shared by the query commands: (option, EventFilter field, help).
FILTERS: tuple[tuple[str, str, str], ...] = (
    ("--actor", "actor", "Actor code(s), comma-separated; CODE:SECTOR narrows (USA:GOV)."),
    ("--recipient", "recipient", "Recipient code(s), as --actor."),
    ("--dyad", "dyad", "ACTOR-RECIPIENT, e.g. USA-IRN."),
    ("--type", "event_type", "PLOVER event type(s), e.g. ASSAULT,PROTEST."),
    ("--mode", "mode", "PLOVER mode(s)."),
    ("--status", "status", "Status(es): occurred, planned, threatened …"),
    ("--certainty", "certainty", "Certainty(ies): asserted, reported, alleged …"),
    ("--quad", "quad_code", "Quad class(es) 1-4."),
    ("--country", "country", "Country code of the event's place."),
    ("--place", "place", "Place name of the event."),
    ("--from", "date_from", "Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ("--to", "date_to", "Latest event date; events must lie wholly inside the range."),
    ("--text", "text", "Words that must occur in the evidence sentence."),
    ("--article", "article_id", "Only this article's events."),
)


def event_filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the store's event filters as options named ``filter_<field>``."""
    for option, field, help_text in reversed(FILTERS):
        func = click.option(option, f"filter_{field}", default=None, help=help_text)(func)
    return func


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--store`` and the event filters (as ``filter_<field>`` parameters)."""
    return store_option(event_filter_options(func))


def build_filter(values: dict[str, Any]) -> EventFilter:
    """The :class:`EventFilter` of the given ``filter_*`` options."""
    prefix = "filter_"
    return EventFilter(**{k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)})


def _format_option(default: str = "table") -> Callable[..., Any]:
    return click.option(
        "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=default, show_default=True
    )


def _codes(refs: Sequence[ActorRef]) -> str:
    return "+".join(r.code + (f":{r.sector}" if r.sector else "") for r in refs) or "-"


def event_summary(e: Event) -> dict[str, Any]:
    """The flat, one-line view of an event used by the table and CSV outputs."""
    return {
        "id": e.id,
        "date": e.date or "",
        "type": e.event_type + (f"/{e.mode}" if e.mode else ""),
        "actor": _codes(e.actor),
        "recipient": _codes(e.recipient),
        "status": e.status,
        "certainty": e.certainty,
        "quad": e.quad_code,
        "place": (e.location.name or e.location.text) if e.location else "",
        "country": (e.location.country_code or "") if e.location else "",
        "trigger": e.evidence.trigger,
        "sentence": e.evidence.sentence,
        "article_id": e.article_id,
    }


def _emit(rows: list[dict[str, Any]], fmt: str, *, table_columns: Sequence[str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    else:
        click.echo(_table(rows, table_columns))


def _table(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "(nothing matches)"
    cells = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [min(max(len(c), *(len(r[i]) for r in cells)), 48) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True))]
    for r in cells:
        lines.append(
            "  ".join(
                (v if len(v) <= w else v[: w - 1] + "…").ljust(w)
                for v, w in zip(r, widths, strict=True)
            ).rstrip()
        )
    return "\n".join(lines)


@click.command("events")
@filter_options
@_format_option()
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--cursor", default=None, help="Continue after a previous page (printed at its end).")
def events_command(
    store: str | None, fmt: str, limit: int, cursor: str | None, **filters: Any
) -> None:
    """List events, newest first, that match the filters."""
    with EventStore(store, readonly=True) as db:
        page = db.query_events(build_filter(filters), limit=limit, cursor=cursor)
    if fmt in ("json", "jsonl"):
        full = [e.to_dict() for e in page.events]
        if fmt == "json":
            click.echo(
                json.dumps({"events": full, "next_cursor": page.next_cursor}, ensure_ascii=False)
            )
        else:
            _emit(full, fmt, table_columns=())
    else:
        rows = [event_summary(e) for e in page.events]
        columns = ("id", "date", "type", "actor", "recipient", "status", "certainty", "place")
        _emit(rows, fmt, table_columns=columns)
    if page.next_cursor and fmt in ("table", "jsonl", "csv"):
        click.echo(f"more: --cursor {page.next_cursor}", err=True)


@click.command("dyads")
@filter_options
@_format_option()
@click.option(
    "--interval", type=click.Choice(INTERVALS), default=None, help="Count per period too."
)
@click.option("--limit", type=click.IntRange(1, 10_000), default=None, help="Largest N only.")
def dyads_command(
    store: str | None, fmt: str, interval: str | None, limit: int | None, **filters: Any
) -> None:
    """Count events per actor → recipient pair (optionally per period), largest first."""
    with EventStore(store, readonly=True) as db:
        rows = db.dyads(build_filter(filters), interval=interval, limit=limit)
    out = [
        {
            "actor": d.actor,
            "recipient": d.recipient,
            **({"period": d.period} if interval else {}),
            "count": d.count,
        }
        for d in rows
    ]
    columns = (
        ("actor", "recipient", "period", "count") if interval else ("actor", "recipient", "count")
    )
    _emit(out, fmt, table_columns=columns)


@click.command("timeline")
@filter_options
@_format_option()
@click.option("--interval", type=click.Choice(INTERVALS), default="month", show_default=True)
@click.option(
    "--by",
    type=click.Choice((*TIMELINE_KEYS, "none")),
    default="event_type",
    show_default=True,
    help="Break each period down by this field.",
)
def timeline_command(store: str | None, fmt: str, interval: str, by: str, **filters: Any) -> None:
    """Count events per period. Events dated less precisely than the interval are left out."""
    key = None if by == "none" else by
    with EventStore(store, readonly=True) as db:
        rows = db.timeline(build_filter(filters), interval=interval, by=key)
    out = [{"period": t.period, **({by: t.key} if key else {}), "count": t.count} for t in rows]
    _emit(out, fmt, table_columns=("period", by, "count") if key else ("period", "count"))


@click.command("show")
@click.argument("event_id")
@store_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def show_command(event_id: str, store: str | None, fmt: str) -> None:
    """Show one event with its evidence sentence, attribution and article."""
    with EventStore(store, readonly=True) as db:
        event = db.get_event(event_id)
        article = db.get_article(event.article_id)
    if fmt == "json":
        click.echo(json.dumps({"event": event.to_dict(), "article": _article_meta(article)}))
        return
    click.echo(describe_event(event, _article_meta(article)))


def _article_meta(article: Any) -> dict[str, Any]:
    return {k: getattr(article, k) for k in ("id", "title", "date", "url", "source", "origin")}


def _actor_line(ref: ActorRef) -> str:
    extra = ", ".join(x for x in (ref.sector, ref.name, ref.resolved_by) if x)
    return f"{ref.text!r} → {ref.code}" + (f" ({extra})" if extra else "")


def describe_event(e: Event, article: dict[str, Any]) -> str:
    """A readable, multi-line account of one event."""
    ev = e.evidence
    rel = ev.trigger_start - ev.start
    marked = (
        ev.sentence[:rel]
        + "["
        + ev.sentence[rel : rel + len(ev.trigger)]
        + "]"
        + ev.sentence[rel + len(ev.trigger) :]
        if 0 <= rel <= len(ev.sentence)
        else ev.sentence
    )
    lines = [
        f"event      {e.id}",
        f"type       {e.event_type}"
        + (f" / {e.mode}" if e.mode else "")
        + f"   quad {e.quad_code}, score {e.score:+.1f}",
        f"status     {e.status}, certainty {e.certainty}"
        + (f"  (cues: {', '.join(e.modality_cues)})" if e.modality_cues else ""),
    ]
    lines += [f"actor      {_actor_line(a)}" for a in e.actor] or ["actor      -"]
    lines += [f"recipient  {_actor_line(r)}" for r in e.recipient] or ["recipient  -"]
    date = f"{e.date or 'unknown'} ({e.date_precision})"
    if e.date_text:
        date += f" from {e.date_text!r}"
    lines.append(f"date       {date}" + ("  historical" if e.historical else ""))
    if e.location:
        loc = e.location
        where = ", ".join(x for x in (loc.name or loc.text, loc.adm1, loc.country_code) if x)
        coords = (
            f" ({loc.lat:.3f}, {loc.lon:.3f})"
            if loc.lat is not None and loc.lon is not None
            else ""
        )
        lines.append(f"place      {where}{coords}")
    for link in e.attribution:
        who = _actor_line(link.speaker) if link.speaker else "-"
        outlet = f" in {link.outlet}" if link.outlet else ""
        lines.append(f"according  {who} ({link.cue}){outlet}")
    for denier in e.disputed_by:
        lines.append(f"disputed   by {_actor_line(denier)}")
    if e.refers_to:
        lines.append(f"refers to  {e.refers_to}")
    lines += [
        f"evidence   {marked}",
        f"           sentence {ev.sentence_index}, pattern {ev.pattern_id}",
        f"article    {article['id']}  {article.get('title') or ''}".rstrip(),
        "           "
        + " · ".join(
            str(article[k]) for k in ("source", "date", "url", "origin") if article.get(k)
        ),
        f"coder      {e.coder_version}",
    ]
    return "\n".join(line.rstrip() for line in lines)


def register(group: click.Group) -> None:
    """Add the query commands to the CLI."""
    for command in (events_command, dyads_command, timeline_command, show_command):
        group.add_command(command)
