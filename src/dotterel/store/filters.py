"""Event filters shared by the CLI, the HTTP API and the dashboard, and the SQL they become.

An :class:`EventFilter` is validated when it is built, so a bad value fails with a
:class:`~dotterel.errors.ValidationError` that names the field, never with a SQL error. The SQL it
becomes is always parameterised: values never enter the statement text.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from dotterel.errors import ValidationError
from dotterel.records import CERTAINTIES, STATUSES
from dotterel.store.rows import date_span

_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
_SECTOR = re.compile(r"^[A-Z0-9]{2,12}$")
_TYPE = re.compile(r"^[A-Z_]{2,32}$")
_MODE = re.compile(r"^[a-z_\-]{1,40}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MAX_TEXT = 500

Multi = str | tuple[str, ...] | None


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "" or value == ():
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def _actor_term(field: str, value: str) -> tuple[str, str | None]:
    """``"USA"`` or ``"USA:GOV"`` → (code, sector)."""
    code, _, sector = value.upper().partition(":")
    if not _CODE.match(code):
        raise ValidationError(
            f"{field}: {value!r} is not an actor code",
            hint="use a country or organisation code such as USA, or code:sector as in USA:GOV",
        )
    if sector and not _SECTOR.match(sector):
        raise ValidationError(f"{field}: {value!r} has an invalid sector after ':'")
    return code, sector or None


@dataclass(frozen=True)
class EventFilter:
    """Which events to select. Every field is optional; set fields are combined with AND.

    Multi-valued fields take a tuple or a comma-separated string and match any of the values.
    ``actor``/``recipient`` take codes (``USA``) or code and sector (``USA:GOV``) and match any
    participant in that role; ``dyad`` is ``ACTOR-RECIPIENT`` (``USA-IRN``). ``date_from`` and
    ``date_to`` are ISO dates of any precision (``2018``, ``2018-03``, ``2018-03-04``); an event
    is selected only when its whole date span lies inside the range, so a year-precision event
    never shows up in a one-month window. ``text`` is full-text search over evidence sentences
    (words, all required; ``"quoted phrases"``).
    """

    actor: Multi = None
    recipient: Multi = None
    dyad: str | tuple[str, str] | None = None
    event_type: Multi = None
    mode: Multi = None
    status: Multi = None
    certainty: Multi = None
    quad_code: int | tuple[int, ...] | None = None
    country: Multi = None
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None
    article_id: str | None = None

    def __post_init__(self) -> None:
        norm = {
            "actor": tuple(f"{c}:{s}" if s else c for c, s in self.actor_terms("actor")),
            "recipient": tuple(f"{c}:{s}" if s else c for c, s in self.actor_terms("recipient")),
            "event_type": self._checked("event_type", _TYPE, upper=True),
            "mode": self._checked("mode", _MODE, upper=False),
            "status": self._enum("status", STATUSES),
            "certainty": self._enum("certainty", CERTAINTIES),
            "country": self._checked("country", _CODE, upper=True),
            "quad_code": self._quads(),
            "dyad": self._dyad(),
        }
        for name in ("place", "text", "article_id"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or len(value) > _MAX_TEXT):
                raise ValidationError(f"{name}: expected text of at most {_MAX_TEXT} characters")
            norm[name] = value.strip() or None if isinstance(value, str) else None
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and (
                not isinstance(value, str) or not _DATE.match(value) or not date_span(value)
            ):
                raise ValidationError(
                    f"{name}: {value!r} is not a date", hint="use YYYY, YYYY-MM or YYYY-MM-DD"
                )
        for key, value in norm.items():
            object.__setattr__(self, key, value or None)

    def actor_terms(self, field: str) -> list[tuple[str, str | None]]:
        """The (code, sector) pairs of the ``actor`` or ``recipient`` field."""
        return [_actor_term(field, v) for v in _as_tuple(getattr(self, field))]

    def _checked(self, field: str, pattern: re.Pattern[str], *, upper: bool) -> tuple[str, ...]:
        values = tuple(v.upper() if upper else v.lower() for v in _as_tuple(getattr(self, field)))
        for v in values:
            if not pattern.match(v):
                raise ValidationError(f"{field}: {v!r} is not a valid value")
        return values

    def _enum(self, field: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = tuple(v.lower() for v in _as_tuple(getattr(self, field)))
        for v in values:
            if v not in allowed:
                raise ValidationError(
                    f"{field}: {v!r} is not one of {', '.join(allowed)}",
                )
        return values

    def _quads(self) -> tuple[int, ...]:
        raw = self.quad_code
        if raw is None or raw == ():
            return ()
        values = (
            raw if isinstance(raw, tuple) else _as_tuple(raw) if isinstance(raw, str) else (raw,)
        )
        try:
            quads = tuple(int(v) for v in values)
        except (TypeError, ValueError):
            raise ValidationError(f"quad_code: {raw!r} is not a number from 1 to 4") from None
        if any(q not in (1, 2, 3, 4) for q in quads):
            raise ValidationError(f"quad_code: {raw!r} is not a number from 1 to 4")
        return quads

    def _dyad(self) -> str | None:
        if not self.dyad:
            return None
        if isinstance(self.dyad, tuple):
            if len(self.dyad) != 2:
                raise ValidationError("dyad: expected (actor, recipient)")
            left, right = self.dyad
        else:
            left, sep, right = self.dyad.partition("-")
            if not sep:
                raise ValidationError(
                    f"dyad: {self.dyad!r} is not ACTOR-RECIPIENT", hint="for example USA-IRN"
                )
        terms = [_actor_term("dyad", left.strip()), _actor_term("dyad", right.strip())]
        return "-".join(f"{c}:{s}" if s else c for c, s in terms)

    def is_empty(self) -> bool:
        """True when no field is set (every event matches)."""
        return all(getattr(self, f.name) in (None, ()) for f in dataclasses.fields(self))

    def to_dict(self) -> dict[str, Any]:
        """The set fields, JSON-ready (tuples become lists)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value not in (None, ()):
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word (or ``"quoted phrase"``) required, operators neutralised."""
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        chunk = phrase if phrase else word
        tokens = re.findall(r"\w+", chunk)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"')
    if not parts:
        raise ValidationError(f"text: {text!r} has no words to search for")
    return " AND ".join(parts)


def _in(column: str, values: tuple[Any, ...], params: list[Any]) -> str:
    params.extend(values)
    if len(values) == 1:
        return f"{column} = ?"
    return f"{column} IN ({', '.join('?' * len(values))})"


def _pk_range(column: str, after: int, until: int | None, params: list[Any]) -> str:
    """`` AND`` conditions keeping ``after < column <= until`` ('' when unbounded)."""
    sql = ""
    if after:
        sql += f" AND {column} > ?"
        params.append(after)
    if until is not None:
        sql += f" AND {column} <= ?"
        params.append(until)
    return sql


def role_terms_sql(
    role: str, terms: list[tuple[str, str | None]], params: list[Any], alias: str = ""
) -> str:
    """``event_actors`` rows with any of these (code, sector) terms in ``role``, as SQL (OR-ed)."""
    a = f"{alias}." if alias else ""
    alternatives = []
    for code, sector in terms:
        params.extend((code, role))
        if sector:
            params.append(sector)
            alternatives.append(f"({a}code = ? AND {a}role = ? AND {a}sector = ?)")
        else:
            alternatives.append(f"({a}code = ? AND {a}role = ?)")
    return "(" + " OR ".join(alternatives) + ")"


def _role_clause(
    role: str,
    terms: list[tuple[str, str | None]],
    params: list[Any],
    after: int = 0,
    until: int | None = None,
) -> str:
    sql = "e.pk IN (SELECT a.event_pk FROM event_actors a WHERE " + role_terms_sql(
        role, terms, params, "a"
    )
    return sql + _pk_range("a.event_pk", after, until, params) + ")"


def where_clause(
    f: EventFilter,
    params: list[Any],
    *,
    after: int = 0,
    until: int | None = None,
    set_tables: dict[str, str] | None = None,
) -> str:
    """The SQL condition (over ``events e``) that selects the filter's events; fills ``params``.

    ``after``/``until`` bound the event pks that the sub-selects of actors and text list (the
    caller bounds ``e.pk`` itself), so counting recent events does not list every match.
    ``set_tables`` names tables that already hold the matches of the set conditions (keys
    ``actor``, ``recipient``, ``dyad_actor``, ``dyad_recipient``, ``text``; see
    :mod:`dotterel.store.plans`); those conditions then test membership in them, and a
    condition mapped to ``""`` is left to the caller.
    """
    tables = set_tables or {}
    conds: list[str] = []

    def role(name: str, terms: list[tuple[str, str | None]]) -> None:
        if name in tables:
            if tables[name]:
                conds.append(f"e.pk IN {tables[name]}")
        else:
            conds.append(_role_clause(name.removeprefix("dyad_"), terms, params, after, until))

    if f.actor:
        role("actor", f.actor_terms("actor"))
    if f.recipient:
        role("recipient", f.actor_terms("recipient"))
    if f.dyad:
        left, right = str(f.dyad).split("-")
        role("dyad_actor", [_actor_term("dyad", left)])
        role("dyad_recipient", [_actor_term("dyad", right)])
    for column in ("event_type", "mode", "status", "certainty", "quad_code", "country"):
        values = getattr(f, column)
        if values:
            conds.append(_in(f"e.{column}", values, params))
    if f.place:
        conds.append("e.place = ?")
        params.append(f.place)
    if f.date_from:
        span = date_span(f.date_from)
        assert span is not None  # validated in EventFilter
        # date_sort is date_start ('' when undated) and is indexed.
        conds.append("e.date_sort >= ?")
        params.append(span[0])
    if f.date_to:
        span = date_span(f.date_to)
        assert span is not None
        conds.append("e.date_sort <= ? AND e.date_sort != '' AND e.date_end <= ?")
        params.extend((span[1], span[1]))
    if f.article_id:
        # The article's events are the pk range that starts at its first_event_pk.
        conds.append(
            "e.pk BETWEEN (SELECT first_event_pk FROM articles WHERE id = ?) AND "
            "(SELECT first_event_pk + n_events - 1 FROM articles WHERE id = ?) "
            "AND e.article_id = ?"
        )
        params.extend((f.article_id, f.article_id, f.article_id))
    if f.text and "text" in tables:
        if tables["text"]:
            conds.append(f"e.pk IN {tables['text']}")
    elif f.text:
        params.append(fts_query(f.text))
        bounds = _pk_range("rowid", after, until, params)
        conds.append(f"e.pk IN (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?{bounds})")
    return " AND ".join(conds) if conds else "1"


def encode_cursor(date_sort: str, pk: int) -> str:
    """An opaque keyset cursor for the event after which the next page starts."""
    raw = json.dumps([date_sort, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    """The (date_sort, pk) position of a cursor made by :func:`encode_cursor`."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
        date_sort, pk = value
        if not isinstance(date_sort, str) or not isinstance(pk, int):
            raise ValueError(value)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValidationError(
            "cursor: not a cursor this store issued", hint="start again without a cursor"
        ) from None
    return date_sort, pk
