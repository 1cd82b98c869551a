"""The `[work_hours]` section: weekly ranges, holidays, one-off exceptions and urgent keywords.

Times are minutes after local midnight in the profile's timezone; "24:00" may end a range.
One-off `exceptions` replace a single day's hours (an empty list makes it a day off, and an
exception on a holiday makes that day a working one). The calendar that answers "is now
quiet?" is core/work_hours.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inbox_tui.core.config_checks import Checker, KeyPath

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Span = tuple[int, int]  # [start, end) in minutes after midnight


def _default_days() -> dict[int, tuple[Span, ...]]:
    office = ((8 * 60 + 30, 12 * 60 + 30), (14 * 60, 18 * 60))
    return {d: office if d < 5 else () for d in range(7)}


@dataclass(frozen=True, slots=True)
class WorkHoursConfig:
    days: dict[int, tuple[Span, ...]] = field(default_factory=_default_days)  # 0 = Monday
    holidays: tuple[tuple[date, date], ...] = ()  # inclusive ranges
    urgent_keywords: tuple[str, ...] = ("urgente", "emergenza", "urgent", "emergency")
    exceptions: dict[date, tuple[Span, ...]] = field(default_factory=dict)  # replace a day

    def is_holiday(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.holidays)

    def spans_on(self, day: date) -> tuple[Span, ...]:
        """The day's hours: a one-off exception wins over a holiday, a holiday over the week."""
        if day in self.exceptions:
            return self.exceptions[day]
        if self.is_holiday(day):
            return ()
        return self.days.get(day.weekday(), ())


def parse_range(text: str) -> Span:
    """ "08:30-12:30" → (510, 750); raises ValueError with a readable reason."""
    m = _RANGE.match(text)
    if not m:
        raise ValueError(f'{text!r} is not a range like "08:30-12:30"')
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    for h, mi in ((h1, m1), (h2, m2)):
        if h > 24 or mi > 59 or (h == 24 and mi):
            raise ValueError(f"{h:02d}:{mi:02d} is not a time of day (00:00–24:00)")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start >= end:
        raise ValueError(f"{text!r} ends before it starts (ranges cannot cross midnight)")
    return start, end


def parse_work_hours(ck: Checker, t: dict[str, Any]) -> WorkHoursConfig:
    p: KeyPath = ("work_hours",)
    ck.only_keys(t, p, {*WEEKDAYS, "holidays", "urgent_keywords", "exceptions"})
    defaults = WorkHoursConfig()
    days = dict(defaults.days)
    for index, name in enumerate(WEEKDAYS):
        if name in t:
            days[index] = _spans(ck, t, p, name)
    if not any(days.values()):
        # Every reply written while quiet would be held with no release time.
        ck.fail(
            p,
            "no working hours on any day of the week: held replies could never leave",
            'give at least one weekday its hours, e.g. mon = ["09:00-18:00"]',
        )
    holidays: list[tuple[date, date]] = []
    for j, text in enumerate(ck.string_list(t, p, "holidays", [])):
        try:
            holidays.append(_parse_holiday(text))
        except ValueError as exc:
            ck.fail(
                (*p, "holidays", j), str(exc), 'a date "2027-04-25" or "2026-12-24..2027-01-06"'
            )
    keywords = ck.string_list(t, p, "urgent_keywords", list(defaults.urgent_keywords))
    return WorkHoursConfig(
        days,
        tuple(holidays),
        tuple(k.lower() for k in keywords if k.strip()),
        _parse_exceptions(ck, t, p),
    )


def _spans(ck: Checker, t: dict[str, Any], p: KeyPath, key: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    for j, text in enumerate(ck.string_list(t, p, key, [])):
        try:
            spans.append(parse_range(text))
        except ValueError as exc:
            ck.fail((*p, key, j), str(exc), 'write "HH:MM-HH:MM", e.g. "14:00-18:00"')
    spans.sort()
    for a, b in zip(spans, spans[1:], strict=False):
        if b[0] < a[1]:
            ck.fail((*p, key), f"ranges overlap: {_fmt(a)} and {_fmt(b)}", "merge them")
    return tuple(spans)


def _parse_exceptions(ck: Checker, t: dict[str, Any], p: KeyPath) -> dict[date, tuple[Span, ...]]:
    path: KeyPath = (*p, "exceptions")
    table = t.get("exceptions", {})
    if not isinstance(table, dict):
        ck.fail(path, "must be a table of dates", _EXCEPTION_EXAMPLE)
        return {}
    out: dict[date, tuple[Span, ...]] = {}
    for key in table:
        try:
            day = date.fromisoformat(key.strip())
        except ValueError:
            ck.fail((*path, key), f"{key!r} is not a date", _EXCEPTION_EXAMPLE)
            continue
        if day in out:
            # Two spellings of one date ("2026-12-07", "20261207"): which should win?
            ck.fail((*path, key), f"{day} has hours twice", "keep one entry per date")
            continue
        out[day] = _spans(ck, table, path, key)
    return out


def _parse_holiday(text: str) -> tuple[date, date]:
    first, sep, last = text.partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if sep else start
    except ValueError:
        raise ValueError(f"{text!r} is not a date or a date range") from None
    if end < start:
        raise ValueError(f"{text!r} ends before it starts")
    return start, end


_EXCEPTION_EXAMPLE = 'e.g. exceptions = { "2026-12-07" = ["09:00-12:00"], "2026-12-09" = [] }'


def _fmt(span: Span) -> str:
    return f"{span[0] // 60:02d}:{span[0] % 60:02d}-{span[1] // 60:02d}:{span[1] % 60:02d}"
