"""The `[work_hours]` section: weekly ranges, holidays and urgent keywords, validated.

Times are minutes after local midnight in the profile's timezone; "24:00" may end a range.
The policy that answers "is now quiet?" builds on this in a later module.
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

    def is_holiday(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.holidays)


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
    ck.only_keys(t, p, {*WEEKDAYS, "holidays", "urgent_keywords"})
    defaults = WorkHoursConfig()
    days = dict(defaults.days)
    for index, name in enumerate(WEEKDAYS):
        if name not in t:
            continue
        spans: list[Span] = []
        for j, text in enumerate(ck.string_list(t, p, name, [])):
            try:
                spans.append(parse_range(text))
            except ValueError as exc:
                ck.fail((*p, name, j), str(exc), 'write "HH:MM-HH:MM", e.g. "14:00-18:00"')
        spans.sort()
        for a, b in zip(spans, spans[1:], strict=False):
            if b[0] < a[1]:
                ck.fail((*p, name), f"ranges overlap: {_fmt(a)} and {_fmt(b)}", "merge them")
        days[index] = tuple(spans)
    holidays: list[tuple[date, date]] = []
    for j, text in enumerate(ck.string_list(t, p, "holidays", [])):
        try:
            holidays.append(_parse_holiday(text))
        except ValueError as exc:
            ck.fail(
                (*p, "holidays", j), str(exc), 'a date "2027-04-25" or "2026-12-24..2027-01-06"'
            )
    keywords = ck.string_list(t, p, "urgent_keywords", list(defaults.urgent_keywords))
    return WorkHoursConfig(days, tuple(holidays), tuple(k.lower() for k in keywords if k.strip()))


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


def _fmt(span: Span) -> str:
    return f"{span[0] // 60:02d}:{span[0] % 60:02d}-{span[1] // 60:02d}:{span[1] % 60:02d}"
