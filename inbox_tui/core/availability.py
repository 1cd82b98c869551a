"""Availability: working, quiet (outside work hours) or do-not-disturb (switched on by hand).

Pure: the work calendar (core/work_hours.py), the manual state and "now" come in, answers
go out. Every `now` is aware and in the profile's timezone: local times ("08:30",
"tomorrow") and the status text are read on its clock. Instants are compared as epoch
seconds, because two aware datetimes sharing a ZoneInfo compare by wall time and would
confuse the two 02:30s of the autumn DST change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal, Protocol

from inbox_tui.core.work_hours import NoWorkHours

State = Literal["working", "quiet", "dnd"]
_MINUTE = timedelta(minutes=1)


class Calendar(Protocol):
    """What this module needs of `WorkCalendar`; tests may pass anything shaped like it."""

    def is_working(self, at: datetime) -> bool: ...
    def next_start(self, at: datetime) -> datetime: ...
    def slot_end(self, at: datetime) -> datetime | None: ...


@dataclass(frozen=True)
class ManualDnd:
    """Do-not-disturb switched on by hand; `until` None means until it is switched off."""

    until: datetime | None = None

    def __post_init__(self) -> None:
        # A naive `until` would be read in whatever zone the reader runs in.
        if self.until is not None and self.until.utcoffset() is None:
            raise ValueError("ManualDnd.until must be timezone-aware")

    def active(self, now: datetime) -> bool:
        return self.until is None or _ts(self.until) > _ts(now)

    def to_json(self) -> str:
        return json.dumps({"until": None if self.until is None else int(_ts(self.until))})

    @classmethod
    def from_json(cls, text: str) -> ManualDnd:
        """The stored form back (until in UTC); ValueError when it is not ours."""
        try:
            data = json.loads(text)
            until = data["until"]
            if until is None:
                return cls(None)
            if isinstance(until, bool) or not isinstance(until, (int, float)):
                raise TypeError(until)
            return cls(datetime.fromtimestamp(until, timezone.utc))
        except (ValueError, TypeError, KeyError, OverflowError, OSError) as exc:
            raise ValueError(f"not a stored do-not-disturb state: {text!r}") from exc


@dataclass(frozen=True)
class Availability:
    state: State
    until: datetime | None  # when the state changes next, as far as is known now
    manual: bool


def availability(calendar: Calendar, now: datetime, manual: ManualDnd | None) -> Availability:
    """The state now. Manual DND wins while it lasts; when it ends in quiet hours the
    state is simply quiet (automatic) again."""
    if manual is not None and manual.active(now):
        return Availability("dnd", manual.until, True)
    if calendar.is_working(now):
        return Availability("working", calendar.slot_end(now), False)
    try:
        return Availability("quiet", calendar.next_start(now), False)
    except NoWorkHours:
        # A week without any hours: quiet with no end in sight, but the status bar and
        # `dnd status` still answer.
        return Availability("quiet", None, False)


def is_quiet(calendar: Calendar, now: datetime, manual: ManualDnd | None) -> bool:
    return availability(calendar, now, manual).state != "working"


def release_at(calendar: Calendar, now: datetime, manual: ManualDnd | None) -> datetime | None:
    """When something written now may leave; None means now.

    Always a working instant strictly after `now` otherwise. With manual DND that has no
    end the answer is provisional: the start of the next work span after now (after the
    current one when working). The sender re-checks at that time and holds again while
    DND stays on; returning `now` there would let a held message slip out at once.
    Raises NoWorkHours (a ValueError) when the calendar has no working time ahead: there
    is no honest answer, and "now" would break the user's own rule.
    """
    if manual is not None and manual.active(now):
        if manual.until is not None:
            return calendar.next_start(_later(now, manual.until).astimezone(_zone(now)))
        end = calendar.slot_end(now) if calendar.is_working(now) else None
        return calendar.next_start(end if end is not None else now)
    if calendar.is_working(now):
        return None
    return calendar.next_start(now)


_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DURATION = re.compile(r"^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$")
_UNTIL_HELP = (
    'use a time ("08:30"), "tomorrow", a duration ("2h", "30m", "1h30m", "1d") '
    'or a date and time ("2026-11-24T10:00")'
)


def parse_until(text: str, now: datetime, calendar: Calendar) -> datetime:
    """The end of a manual DND as the user writes it, always after `now`.

    "08:30": the next time the clock shows it (today if still ahead, else tomorrow);
    "tomorrow": the first work start from tomorrow 00:00; "2h", "30m", "1h30m", "1d":
    from now, days on the wall clock (same time tomorrow even across a DST change),
    hours and minutes as elapsed time; an ISO date and time, naive meaning local; a bare
    ISO date: the first work start on or after that day.
    """
    tz = _zone(now)
    raw = text.strip().lower()
    if not raw:
        raise ValueError(f"empty --until: {_UNTIL_HELP}")
    m = _CLOCK.match(raw)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour > 23 or minute > 59:
            raise ValueError(f"{text!r} is not a time of day (00:00–23:59)")
        at = local_time(now.date(), hour, minute, tz)
        if _ts(at) <= _ts(now):
            at = local_time(now.date() + timedelta(days=1), hour, minute, tz)
        return at
    if raw in ("tomorrow", "domani"):
        return calendar.next_start(local_time(now.date() + timedelta(days=1), 0, 0, tz))
    m = _DURATION.match(raw)
    if m and any(m.groups()):
        days, hours, minutes = (int(g or 0) for g in m.groups())
        if not days and not hours and not minutes:
            raise ValueError(f"{text!r} is no time at all: {_UNTIL_HELP}")
        try:
            start = now
            if days:
                wall = now.replace(tzinfo=None) + timedelta(days=days)
                start = local_time(wall.date(), wall.hour, wall.minute, tz)
                start = start.replace(second=now.second, microsecond=now.microsecond)
            return (
                start.astimezone(timezone.utc) + timedelta(hours=hours, minutes=minutes)
            ).astimezone(tz)
        except OverflowError:
            raise ValueError(f"{text!r} is too far away") from None
    return _parse_iso(text.strip(), now, calendar, tz)


def _parse_iso(text: str, now: datetime, calendar: Calendar, tz: tzinfo) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        at = calendar.next_start(local_time(day, 0, 0, tz))
    else:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"cannot read {text!r} as an end time: {_UNTIL_HELP}") from None
        if parsed.utcoffset() is None:
            parsed = local_time(parsed.date(), parsed.hour, parsed.minute, tz)
        at = parsed.astimezone(tz)
    if _ts(at) <= _ts(now):
        raise ValueError(f"{text!r} is already past")
    return at


def local_time(day: date, hour: int, minute: int, tz: tzinfo) -> datetime:
    """A wall-clock time on `day`. The first of two autumn ones wins; one that the spring
    change skips is the jump itself (02:30 → 03:00), the first moment the clock reads
    past it, as core/work_hours.py reads span times, so "--until 02:30" agrees with it."""
    wall = datetime.combine(day, time(hour, minute))
    first = wall.replace(tzinfo=tz)  # fold=0: the earlier reading of a repeated time
    if first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) == wall:
        return first.astimezone(tz)
    # fold=1 reads the wall time with the offset after the change (an instant before the
    # jump), fold=0 with the one before (after it): bisect to the minute in between.
    lo = first.replace(fold=1).astimezone(timezone.utc)
    hi = first.astimezone(timezone.utc)
    while hi - lo > _MINUTE:
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid.astimezone(tz).replace(tzinfo=None) > wall:
            hi = mid
        else:
            lo = mid
    return hi.astimezone(tz)


_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "it": ("lun", "mar", "mer", "gio", "ven", "sab", "dom"),
}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "it": ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
}
_LABELS = {
    "en": {"working": "Working", "quiet": "Quiet", "dnd": "DND (manual)", "held": "held"},
    "it": {
        "working": "Al lavoro",
        "quiet": "Fuori orario",
        "dnd": "Non disturbare",
        "held": "in attesa",
    },
}


def _lang(language: str) -> str:
    return "it" if language.lower().startswith("it") else "en"


def format_until(until: datetime, now: datetime, language: str = "en") -> str:
    """ "until 18:00" today, "until Mon 08:30" within the week, "until Thu 7 Jan 08:30"
    further away (a weekday alone would point at the wrong week after a long holiday)."""
    lang = _lang(language)
    local = until.astimezone(_zone(now))
    clock = f"{local:%H:%M}"
    days = (local.date() - now.date()).days
    if days == 0:
        if lang == "it":
            # "all'una", "alle due": the article elides before 1 o'clock only.
            return f"fino all'{clock}" if local.hour == 1 else f"fino alle {clock}"
        return f"until {clock}"
    when = _WEEKDAYS[lang][local.weekday()]
    if not 0 < days < 7:
        when += f" {local.day} {_MONTHS[lang][local.month - 1]}"
    return f"fino a {when} {clock}" if lang == "it" else f"until {when} {clock}"


def status_text(av: Availability, now: datetime, held: int, language: str = "en") -> str:
    """The status-bar line: "Working · until 18:00", "Quiet · until Mon 08:30 · 3 held"."""
    labels = _LABELS[_lang(language)]
    label = labels[av.state]
    if av.state == "dnd" and not av.manual:
        label = "DND"  # not produced by availability(); kept readable all the same
    parts = [label]
    if av.until is not None:
        parts.append(format_until(av.until, now, language))
    if held > 0:
        parts.append(f"{held} {labels['held']}")
    return " · ".join(parts)


def _zone(now: datetime) -> tzinfo:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("`now` must be timezone-aware (the profile's timezone)")
    return now.tzinfo


def _ts(at: datetime) -> float:
    return at.timestamp()


def _later(a: datetime, b: datetime) -> datetime:
    return b if _ts(b) > _ts(a) else a
