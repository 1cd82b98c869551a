"""The work-hours calendar: is this instant working time, when does work start next, and
how much working time lies between two instants (for response-time promises).

Pure: the validated `[work_hours]` section and the profile's timezone come in; every
instant goes in and out as an aware datetime. Two choices shape the answers:

- Spans are wall-clock times in `tz`, so DST changes the real length of a span that covers
  the changed hour. A local time that the spring change skips resolves forward to the
  instant the clocks jumped (02:30 in Rome on 2026-03-29 means 03:00 CEST): a span keeps
  exactly the wall times that exist that day, and spans can never be pushed onto each other
  (Python's own fold=0 reading, 02:30 → 03:30, would put "02:00-03:00" on top of
  "03:00-04:00"). A local time that the autumn change repeats is its first occurrence
  (fold=0), so a span across the repeated hour is an hour longer in real time.
- Time is counted in whole minutes of real elapsed time: instants are truncated to their
  minute. That keeps `working_minutes` exactly additive and `add_working` its inverse,
  which the due times of the SLAs rely on; seconds mean nothing for a reply promised in "4h".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from inbox_tui.core.work_hours_config import WorkHoursConfig

__all__ = ["HORIZON_DAYS", "NoWorkHours", "WorkCalendar"]

HORIZON_DAYS = 400  # how far ahead a search for working time goes before giving up

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)
_CACHE_DAYS = 4096  # a long-running daemon asks about a moving window; keep it bounded

Interval = tuple[int, int]  # [start, end) in minutes since the Unix epoch


class NoWorkHours(ValueError):
    """The calendar has no working time where the answer needs some."""


class WorkCalendar:
    def __init__(self, hours: WorkHoursConfig, tz: tzinfo) -> None:
        self.hours = hours
        self.tz = tz
        self._days: dict[date, tuple[Interval, ...]] = {}

    def is_working(self, at: datetime) -> bool:
        """Inside a span of its local day (a one-off exception replaces the day's hours,
        a holiday empties them)."""
        x = _floor(at)
        day = self._local_day(at)
        return any(s <= x < e for d in (day - _DAY, day, day + _DAY) for s, e in self._spans(d))

    def next_start(self, at: datetime) -> datetime:
        """`at` itself when working, else the start of the next span; in `self.tz`."""
        x = _floor(at)
        for s, e in self._walk(self._local_day(at) - _DAY):
            if e > x:
                return at.astimezone(self.tz) if s <= x else self._datetime(s)
        raise NoWorkHours(f"no work hours in the {HORIZON_DAYS} days after {at:%Y-%m-%d}")

    def slot_end(self, at: datetime) -> datetime | None:
        """When the working time around `at` ends; None outside work hours.

        Spans that touch ("20:00-24:00" then "00:00-02:00" the next day) are one stretch
        of work, so the answer is when work really stops, looked for up to HORIZON_DAYS.
        """
        x = _floor(at)
        spans = self._walk(self._local_day(at) - _DAY)
        current = next((span for span in spans if span[1] > x), None)
        if current is None or current[0] > x:
            return None
        end = current[1]
        for s, e in spans:
            if s != end or end - x > HORIZON_DAYS * 1440:
                break
            end = e
        return self._datetime(end)

    def working_minutes(self, start: datetime, end: datetime) -> int:
        """Working minutes in [start, end); 0 when end <= start."""
        a, b = _floor(start), _floor(end)
        if b <= a:
            return 0
        total = 0
        # A day at a time: a year is a few hundred steps, however the minutes add up.
        day, last = self._local_day(start) - _DAY, self._local_day(end) + _DAY
        while day <= last:
            total += sum(max(0, min(e, b) - max(s, a)) for s, e in self._spans(day))
            day += _DAY
        return total

    def add_working(self, at: datetime, minutes: int) -> datetime:
        """The instant when `minutes` working minutes have elapsed since `at`.

        The earliest such instant, so work that fits before a span ends is due at that
        end (18:00), not at the next start; minutes=0 means next_start(at).
        """
        if minutes < 0:
            raise ValueError(f"cannot add {minutes} working minutes")
        if minutes == 0:
            return self.next_start(at)
        x, left = _floor(at), minutes
        for s, e in self._walk(self._local_day(at) - _DAY):
            if e <= x:
                continue
            lo = max(s, x)
            if e - lo >= left:
                return self._datetime(lo + left)
            left -= e - lo
        raise NoWorkHours(f"{HORIZON_DAYS} days without work hours after {at:%Y-%m-%d}")

    def day_minutes(self) -> int:
        """What "1d" means: the average working day over the weekdays that have work."""
        worked = [sum(b - a for a, b in spans) for spans in self.hours.days.values() if spans]
        if not worked:
            raise NoWorkHours("no weekday has work hours, so a working day has no length")
        return round(sum(worked) / len(worked))

    # -- internals -----------------------------------------------------------------------

    def _walk(self, day: date) -> Iterator[Interval]:
        """The spans from `day` on, in time order; stops after HORIZON_DAYS days without any
        (plus the day before, where every walk starts)."""
        empty = 0
        while empty <= HORIZON_DAYS + 1:
            spans = self._spans(day)
            yield from spans
            empty = 0 if spans else empty + 1
            day += _DAY

    def _spans(self, day: date) -> tuple[Interval, ...]:
        cached = self._days.get(day)
        if cached is None:
            if len(self._days) >= _CACHE_DAYS:
                self._days.clear()
            out = []
            for a, b in self.hours.spans_on(day):
                s, e = self._instant(day, a), self._instant(day, b)
                if e > s:  # a span wholly inside the spring gap has no time at all
                    out.append((s, e))
            cached = self._days[day] = tuple(out)
        return cached

    def _instant(self, day: date, minute: int) -> int:
        """Local wall time `minute` after midnight of `day` as an epoch minute."""
        day, minute = day + timedelta(days=minute // 1440), minute % 1440  # "24:00"
        wall = datetime.combine(day, time(minute // 60, minute % 60))
        at = wall.replace(tzinfo=self.tz)  # fold=0: the first of two repeated wall times
        if at.astimezone(timezone.utc).astimezone(self.tz).replace(tzinfo=None) == wall:
            return _ceil(at)
        # Skipped by the spring change. With fold=1 the wall time is read with the new
        # offset (an instant before the jump), with fold=0 the old one (after it): the
        # jump lies between, found to the minute as the first minute on the new offset.
        lo, hi = _floor(at.replace(fold=1)), _ceil(at)
        after = self._offset(hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._offset(mid) == after:
                hi = mid
            else:
                lo = mid
        return hi

    def _offset(self, minute: int) -> timedelta | None:
        return self._datetime(minute).utcoffset()

    def _datetime(self, minute: int) -> datetime:
        return (_EPOCH + minute * _MINUTE).astimezone(self.tz)

    def _local_day(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()


def _floor(at: datetime) -> int:
    if at.utcoffset() is None:
        # A naive time would be read in whatever zone the machine runs in.
        raise ValueError(f"{at!r} has no timezone")
    return (at - _EPOCH) // _MINUTE


def _ceil(at: datetime) -> int:
    # Offsets with seconds (historic local mean time) still land on the minute grid.
    return -((_EPOCH - at) // _MINUTE)
