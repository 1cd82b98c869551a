"""Response times promised to clients ("4h", "1d"), counted in working time.

Pure: the grammar of an SLA, its due time on the work calendar, and how close it is.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal, Protocol

__all__ = ["Risk", "due_at", "due_label", "parse_sla", "risk", "validate_sla"]

Risk = Literal["ok", "at-risk", "overdue"]

# Days, hours, minutes, each at most once and in that order: "1d4h" reads well, "30m1h"
# or "1h1h" is more likely a typo than an intention.
_SLA = re.compile(r"^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?$", re.IGNORECASE)
_HELP = 'working time like "30m", "4h", "1h30m", "1d" (one working day) or "2d"'
AT_RISK_SHARE = 0.25  # under this share of the working time left, a reply is at risk


class Calendar(Protocol):
    """What this module needs of `WorkCalendar`."""

    def working_minutes(self, start: datetime, end: datetime) -> int: ...
    def add_working(self, at: datetime, minutes: int) -> datetime: ...


def _parts(text: str) -> tuple[int, int, int]:
    m = _SLA.match(text.strip())
    if not text.strip() or m is None:
        raise ValueError(f"{text!r} is not a response time: {_HELP}")
    days, hours, minutes = (int(g or 0) for g in m.groups())
    if not (days or hours or minutes):
        raise ValueError(f"{text!r} promises a reply in no time: {_HELP}")
    return days, hours, minutes


def validate_sla(text: str) -> str:
    """The SLA as written (trimmed) when its grammar is right; ValueError otherwise.

    For the config: how long "1d" is depends on the work hours, checked apart.
    """
    _parts(text)
    return text.strip()


def parse_sla(text: str, day_minutes: int) -> int:
    """ "30m", "4h", "1h30m", "1d", "2d" in working minutes; a day is `day_minutes` long
    (WorkCalendar.day_minutes(): the average working day)."""
    days, hours, minutes = _parts(text)
    if days and day_minutes <= 0:
        raise ValueError(f"{text!r} counts in working days, but there are no work hours")
    return days * day_minutes + hours * 60 + minutes


def due_at(calendar: Calendar, received: datetime, sla_minutes: int) -> datetime:
    """When the reply is due: `sla_minutes` of working time after it arrived."""
    return calendar.add_working(received, sla_minutes)


def risk(calendar: Calendar, received: datetime, due: datetime, now: datetime) -> Risk:
    """ "overdue" from `due` on; "at-risk" when under 25% of the working time is left
    (or none is, the due time waiting for the next work start); "ok" otherwise."""
    # Epoch seconds: two aware datetimes sharing a zone compare by wall time, which the
    # repeated autumn hour would get wrong.
    if now.timestamp() >= due.timestamp():
        return "overdue"
    total = calendar.working_minutes(received, due)
    left = calendar.working_minutes(now, due)
    if left == 0 or left < total * AT_RISK_SHARE:
        return "at-risk"
    return "ok"


def due_label(due: datetime, now: datetime, level: str) -> str:
    """ "due 14:30", "due Mon 08:30", "overdue since 24 Nov 09:00": short enough for a
    timeline row, precise enough to act on. Both instants in the profile's zone."""
    if due.date() == now.date():
        when = f"{due:%H:%M}"
    elif abs((due.date() - now.date()).days) < 7:
        when = f"{due:%a %H:%M}"
    else:
        when = f"{due:%d %b %H:%M}"
    return f"overdue since {when}" if level == "overdue" else f"due {when}"
