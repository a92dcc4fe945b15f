"""When events happened: :class:`DateResolver` and :class:`ArticleDates`.

Date expressions are the NER's ``DATE`` and ``TIME`` spans plus what a few patterns find that
the NER misses (weekdays, "yesterday", "last month", "March 2018"). Each is resolved relative
to the publication date:

- weekdays: the most recent such day on or before publication ("on Wednesday"), strictly
  before for "last Wednesday", the next one after publication in a future clause ("will meet
  next Tuesday");
- "today", "yesterday", "tomorrow", "last night"; "(earlier|later) this week/month/year",
  "last/next week/month/year"; "N days/weeks/months/years ago"; "in the past year" or "in recent
  months" (the period that ends at publication, at the unit's precision);
- month names with or without a year, bare years, and full dates through ``dateparser`` (with
  ``RELATIVE_BASE`` = publication, ``PREFER_DATES_FROM`` past or future by the clause, and
  ``languages=['en']`` to skip its language detection). Results are cached by (text,
  publication date, tense) so ``dateparser`` runs once per distinct expression.

Precision is ``day``, ``week`` (the date is that week's Monday), ``month`` or ``year``, and the
ISO date string is cut to it ("2018-07-04", "2018-07-02", "2018-03", "2018"). Durations
("annual", "three years", "the 1990s") are not points in time and are ignored.

:meth:`ArticleDates.for_trigger` takes the expression syntactically nearest to the trigger,
those in its own clause first; without one the event gets the publication date with precision
``publication``, and without a publication date precision ``unknown``. An event is
``historical`` when its period ended more than :data:`HISTORICAL_DAYS` days before publication.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from spacy.tokens import Doc, Span, Token

#: Events whose date lies more than this many days before publication are historical.
HISTORICAL_DAYS = 30
#: NER labels whose spans are date expressions.
DATE_LABELS = frozenset({"DATE", "TIME"})

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3,
    "few": 3, "couple of": 2, "a couple of": 2,
}  # fmt: skip
_UNIT = r"(?P<unit>day|week|month|year)s?"
_LEADING = re.compile(
    r"^(?:(?:on|in|at|during|by|since|from|until|over|for|of|as of|around|about|"
    r"earlier|later|late|early|mid|the)\s+|mid-)+"
)
_NOISE = re.compile(r"(?<!last )\b(?:morning|afternoon|evening|night|overnight)\b")
_AGO = re.compile(rf"^(?P<n>\d+|[a-z]+(?: of| few)?)\s+{_UNIT}\s+ago$")
_PAST_PERIOD = re.compile(
    rf"^(?:(?:the )?(?:past|last|recent|previous)\s+)(?P<n>\d+|[a-z]+ )?{_UNIT}$"
)
_RECENT = re.compile(rf"^recent\s+{_UNIT}$")
_RELATIVE = re.compile(rf"^(?P<which>this|last|next|previous|coming)\s+{_UNIT}$")
_MONTH_YEAR = re.compile(r"^(?P<month>[a-z]+)\.?,?\s*(?:of\s+)?(?P<year>\d{4})?$")
_YEAR = re.compile(r"^(?P<year>1[89]\d\d|20\d\d)$")
_DURATION = re.compile(
    r"^(?:annual|annually|daily|weekly|monthly|yearly|decades?|years|months|weeks|days|"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
    r"few|many|some)[- ](?:year|month|week|day)s?(?:[- ]old|[- ]long)?|"
    r"the (?:\d{4}|[a-z]+)s|\d{4}s|(?:the )?(?:past|last) (?:\d+|[a-z]+) (?:decades|centuries))$"
)
_PATTERNS = re.compile(
    r"\b(?:(?:last|next|this|on|earlier|late|early)\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|tomorrow|tonight|last night|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{4}|(?:last|this|next) (?:week|month|year))\b",
    re.IGNORECASE,
)
# Dependencies that open another clause: a date beyond one belongs to another event.
_CLAUSE_BREAKS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "acl"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_GOVERNORS = frozenset({"plan", "intend", "expect", "schedule", "due", "set", "aim"})


@dataclass(frozen=True, slots=True)
class EventDate:
    """The date of one event: ISO date cut to its precision, and where it came from."""

    date: str | None
    #: One of :data:`dotterel.records.DATE_PRECISIONS`.
    precision: str
    #: The date expression as written, or ``None`` for the publication-date fallback.
    text: str | None
    historical: bool = False


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression found in the doc: its span and, when resolvable, its past and future
    readings (they differ only for weekdays and bare month names)."""

    span: Span
    past: EventDate | None
    future: EventDate | None


class DateResolver:
    """Finds and resolves the date expressions of a parsed article."""

    def scan(self, doc: Doc, publication_date: str | None) -> ArticleDates:
        """All date expressions of ``doc``, resolved against ``publication_date`` (ISO)."""
        published = parse_publication_date(publication_date)
        spans = [e for e in doc.ents if e.label_ in DATE_LABELS]
        covered = {i for s in spans for i in range(s.start, s.end)}
        text = doc.text
        for match in _PATTERNS.finditer(text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and not any(t.i in covered for t in span):
                spans.append(span)
                covered.update(range(span.start, span.end))
        expressions = []
        for span in sorted(spans, key=lambda s: s.start):
            past = resolve(span.text, published, future=False)
            future = resolve(span.text, published, future=True)
            if past is not None or future is not None:
                expressions.append(DateExpression(span, past, future))
        return ArticleDates(expressions, published)


class ArticleDates:
    """The date expressions of one article and the rule that dates its events."""

    def __init__(self, expressions: list[DateExpression], published: date | None) -> None:
        self.expressions = tuple(expressions)
        self.published = published
        self._by_sentence: dict[int, list[DateExpression]] = {}
        for expression in expressions:
            self._by_sentence.setdefault(expression.span.sent.start, []).append(expression)

    def for_trigger(self, trigger: Token) -> EventDate:
        """The date of the event ``trigger`` names (see the module docstring)."""
        candidates = self._by_sentence.get(trigger.sent.start, [])
        if candidates:
            chain = _ancestors(trigger)
            best = min(candidates, key=lambda e: _distance(trigger, chain, e.span))
            future = _is_future(trigger)
            found = (best.future or best.past) if future else (best.past or best.future)
            if found is not None:
                return found
        if self.published is None:
            return EventDate(None, "unknown", None, False)
        return EventDate(self.published.isoformat(), "publication", None, False)


def parse_publication_date(value: str | None) -> date | None:
    """The publication date from an ISO date or date-time string, or ``None``."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def resolve(text: str, published: date | None, *, future: bool = False) -> EventDate | None:
    """Resolve one date expression against the publication date; ``None`` when it names no
    point in time (or is relative and there is no publication date)."""
    return _resolve(_normalise(text), text.strip(), published, future)


def _normalise(text: str) -> str:
    key = text.lower().replace("\u2019", "'").strip(" .,;:")
    key = _NOISE.sub("", key)
    key = re.sub(r"\s+", " ", key).strip()
    key = _LEADING.sub("", key).replace("this past ", "past ")
    return key.strip()


@functools.lru_cache(maxsize=4096)
def _resolve(key: str, text: str, published: date | None, future: bool) -> EventDate | None:
    if not key or _DURATION.match(key):
        return None
    found = _by_rule(key, published, future)
    if found is None and re.search(r"\d", key):
        found = _by_dateparser(key, published, future)
    if found is None:
        return None
    day, precision = found
    return _event_date(day, precision, text, published)


def _by_rule(key: str, pub: date | None, future: bool) -> tuple[date, str] | None:
    year_only = _YEAR.match(key)
    if year_only:
        return date(int(year_only["year"]), 1, 1), "year"
    month = _MONTH_YEAR.match(key)
    if month and month["month"] in _MONTHS:
        number = _MONTHS[month["month"]]
        if month["year"]:
            return date(int(month["year"]), number, 1), "month"
        if pub is None:
            return None
        year = pub.year
        if future and number < pub.month:
            year += 1
        elif not future and number > pub.month:
            year -= 1
        return date(year, number, 1), "month"
    if pub is None:
        return None
    return _relative(key, pub, future)


def _relative(key: str, pub: date, future: bool) -> tuple[date, str] | None:
    words = key.split()
    if key in ("today", "tonight", "now"):
        return pub, "day"
    if key in ("yesterday", "last night"):
        return pub - timedelta(days=1), "day"
    if key == "tomorrow":
        return pub + timedelta(days=1), "day"
    if words and words[-1] in _WEEKDAYS and len(words) <= 2:
        return _weekday(words, pub, future), "day"
    relative = _RELATIVE.match(key)
    if relative:
        step = {"this": 0, "coming": 1, "next": 1}.get(relative["which"], -1)
        if relative["which"] == "this" and future:
            step = 0
        return _shift(pub, relative["unit"], step), relative["unit"]
    ago = _AGO.match(key)
    if ago:
        n = _number(ago["n"])
        return (_shift(pub, ago["unit"], -n), ago["unit"]) if n else None
    period = _PAST_PERIOD.match(key) or _RECENT.match(key)
    if period:
        return _shift(pub, period["unit"], 0), period["unit"]
    return None


def _weekday(words: list[str], pub: date, future: bool) -> date:
    target = _WEEKDAYS.index(words[-1])
    which = words[0] if len(words) == 2 else ""
    if which == "next" or (future and which != "last"):
        ahead = (target - pub.weekday()) % 7 or 7
        return pub + timedelta(days=ahead)
    back = (pub.weekday() - target) % 7
    if which == "last" and back == 0:
        back = 7
    return pub - timedelta(days=back)


def _shift(pub: date, unit: str, step: int) -> date:
    """The start of the unit (day, Monday, 1st, 1 January) ``step`` units from publication."""
    if unit == "day":
        return pub + timedelta(days=step)
    if unit == "week":
        return pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
    if unit == "month":
        months = pub.year * 12 + pub.month - 1 + step
        return date(months // 12, months % 12 + 1, 1)
    return date(pub.year + step, 1, 1)


def _number(word: str) -> int:
    word = word.strip()
    return int(word) if word.isdigit() else _NUMBERS.get(word, 0)


def _by_dateparser(key: str, pub: date | None, future: bool) -> tuple[date, str] | None:
    parser = _parser(pub, future)
    data = parser.get_date_data(key)
    if data.date_obj is None or data.period not in ("day", "week", "month", "year"):
        return None
    if pub is None and not re.search(r"\b\d{4}\b", key):
        return None  # dateparser fills a missing year from today, which means nothing here
    return data.date_obj.date(), str(data.period)


@functools.lru_cache(maxsize=64)
def _parser(pub: date | None, future: bool) -> Any:
    """A ``dateparser`` parser for one publication date and tense (built once, cached)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    return DateDataParser(languages=["en"], settings=settings)


def _event_date(day: date, precision: str, text: str, pub: date | None) -> EventDate:
    if precision == "week":
        day = day - timedelta(days=day.weekday())
        stamp = day.isoformat()
        end = day + timedelta(days=6)
    elif precision == "month":
        stamp = day.isoformat()[:7]
        end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    elif precision == "year":
        stamp, end = str(day.year), date(day.year, 12, 31)
    else:
        stamp, end = day.isoformat(), day
    historical = pub is not None and (pub - end).days > HISTORICAL_DAYS
    return EventDate(stamp, precision, text, historical)


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head is not chain[-1] and len(chain) < 50:
        chain.append(chain[-1].head)
    return chain


def _distance(trigger: Token, chain: list[Token], span: Span) -> tuple[int, int, int]:
    """Sort key: in the trigger's clause first, then tree distance, then word distance."""
    positions = {t.i: n for n, t in enumerate(chain)}
    node, up, crossed = span.root, 0, False
    while node.i not in positions and node.head is not node and up < 50:
        crossed = crossed or node.dep_ in _CLAUSE_BREAKS
        node, up = node.head, up + 1
    down = positions.get(node.i, 50)
    crossed = crossed or any(t.dep_ in _CLAUSE_BREAKS for t in chain[:down])
    return (int(crossed), up + down, abs(span.root.i - trigger.i))


def _is_future(trigger: Token) -> bool:
    """True when the trigger's clause speaks of the future ("will meet", "plans to visit")."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children):
            return True
        if verb.dep_ != "xcomp":
            break
        verb = verb.head
        if verb.lemma_ in _FUTURE_GOVERNORS:
            return True
    return False
