"""The work calendar on fixed clocks: weekends, lunch breaks, holidays, one-off exceptions,
the DST changes of Europe/Rome and America/New_York, and properties of working time."""

from __future__ import annotations

import time as clock
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.core.work_hours import NoWorkHours, WorkCalendar
from inbox_tui.core.work_hours_config import WorkHoursConfig

ROME = ZoneInfo("Europe/Rome")
NY = ZoneInfo("America/New_York")
UTC = timezone.utc
OFFICE = ((8 * 60 + 30, 12 * 60 + 30), (14 * 60, 18 * 60))  # the default week, Mon–Fri
NIGHT = ((60, 240),)  # 01:00-04:00: right across the hour the DST changes move
HOLIDAYS = ((date(2026, 12, 24), date(2027, 1, 6)),)
EXCEPTIONS = {
    date(2026, 12, 7): ((540, 720),),  # Monday, mornings only
    date(2026, 12, 9): (),  # Wednesday off
    date(2026, 12, 28): ((600, 660),),  # one hour inside the Christmas holidays
}
STUDIO = WorkHoursConfig(holidays=HOLIDAYS, exceptions=EXCEPTIONS)


def rome(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=ROME, fold=fold)  # type: ignore[misc]


def ts(at: datetime) -> float:
    # Aware datetimes sharing a zone compare by wall time; instants are compared as such.
    return at.timestamp()


def night(tz: ZoneInfo, spans: tuple[tuple[int, int], ...] = NIGHT) -> WorkCalendar:
    return WorkCalendar(WorkHoursConfig(days={d: spans for d in range(7)}), tz)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar(STUDIO, ROME)


# -- is_working ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "working"),
    [
        (rome(2026, 11, 20, 8, 29, 59), False),  # Friday, a second before the start
        (rome(2026, 11, 20, 8, 30), True),
        (rome(2026, 11, 20, 12, 29, 59), True),
        (rome(2026, 11, 20, 12, 30), False),  # ends are exclusive
        (rome(2026, 11, 20, 13, 15), False),  # lunch
        (rome(2026, 11, 20, 17, 59), True),
        (rome(2026, 11, 20, 18, 0), False),
        (rome(2026, 11, 21, 10, 0), False),  # Saturday
        (rome(2026, 11, 22, 10, 0), False),  # Sunday
        (rome(2026, 12, 7, 9, 30), True),  # exception: 09:00-12:00
        (rome(2026, 12, 7, 8, 45), False),
        (rome(2026, 12, 7, 14, 30), False),
        (rome(2026, 12, 9, 10, 0), False),  # exception: day off
        (rome(2026, 12, 24, 10, 0), False),  # holiday
        (rome(2026, 12, 28, 10, 30), True),  # exception inside the holidays
        (rome(2026, 12, 28, 11, 0), False),
        (rome(2027, 1, 6, 10, 0), False),  # last day of the range
        (rome(2027, 1, 7, 10, 0), True),
        (datetime(2026, 11, 20, 7, 30, tzinfo=UTC), True),  # 08:30 in Rome
    ],
)
def test_is_working(cal: WorkCalendar, at: datetime, working: bool) -> None:
    assert cal.is_working(at) is working


def test_naive_times_are_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="no timezone"):
        cal.is_working(datetime(2026, 11, 20, 10, 0))


# -- next_start and slot_end --------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (rome(2026, 11, 20, 18, 30), rome(2026, 11, 23, 8, 30)),  # Friday evening → Monday
        (rome(2026, 11, 21, 23, 59), rome(2026, 11, 23, 8, 30)),
        (rome(2026, 11, 20, 12, 45), rome(2026, 11, 20, 14, 0)),  # lunch break
        (rome(2026, 11, 20, 6, 0), rome(2026, 11, 20, 8, 30)),
        (rome(2026, 12, 4, 19, 0), rome(2026, 12, 7, 9, 0)),  # exception moves the start
        (rome(2026, 12, 8, 18, 0), rome(2026, 12, 10, 8, 30)),  # skips the day off
        (rome(2026, 12, 23, 18, 0), rome(2026, 12, 28, 10, 0)),  # holidays, but one hour
        (rome(2026, 12, 28, 11, 0), rome(2027, 1, 7, 8, 30)),  # across the new year
    ],
)
def test_next_start(cal: WorkCalendar, at: datetime, expected: datetime) -> None:
    start = cal.next_start(at)
    assert start == expected and start.tzinfo is ROME and cal.is_working(start)


def test_next_start_without_exceptions_crosses_the_new_year() -> None:
    cal = WorkCalendar(WorkHoursConfig(holidays=HOLIDAYS), ROME)
    assert cal.next_start(rome(2026, 12, 23, 18, 0)) == rome(2027, 1, 7, 8, 30)


def test_next_start_is_now_when_working(cal: WorkCalendar) -> None:
    at = datetime(2026, 11, 20, 9, 15, 42, 7, tzinfo=UTC)
    start = cal.next_start(at)
    assert start == at and start.tzinfo is ROME


def test_next_start_from_another_zone() -> None:
    # 01:00 UTC on Saturday is still Friday evening in New York.
    cal = WorkCalendar(WorkHoursConfig(), NY)
    start = cal.next_start(datetime(2026, 11, 21, 1, 0, tzinfo=UTC))
    assert start == datetime(2026, 11, 23, 8, 30, tzinfo=NY)


def test_slot_end(cal: WorkCalendar) -> None:
    assert cal.slot_end(rome(2026, 11, 20, 9, 0)) == rome(2026, 11, 20, 12, 30)
    assert cal.slot_end(rome(2026, 11, 20, 17, 59, 30)) == rome(2026, 11, 20, 18, 0)
    assert cal.slot_end(rome(2026, 11, 20, 13, 0)) is None
    assert cal.slot_end(rome(2026, 12, 7, 11, 0)) == rome(2026, 12, 7, 12, 0)


def test_slot_end_runs_through_midnight_when_spans_touch() -> None:
    cal = night(ROME, ((0, 120), (20 * 60, 24 * 60)))
    assert cal.slot_end(rome(2026, 11, 20, 21, 0)) == rome(2026, 11, 21, 2, 0)
    always = night(ROME, ((0, 1440),))
    assert ts(always.slot_end(rome(2026, 11, 20, 21, 0))) >= ts(rome(2027, 12, 1))  # bounded


# -- working_minutes and add_working ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (rome(2026, 11, 23), rome(2026, 11, 30), 5 * 480),  # a plain week
        (rome(2026, 11, 20, 17, 0), rome(2026, 11, 23, 9, 30), 120),  # over the weekend
        (rome(2026, 11, 20, 12, 0), rome(2026, 11, 20, 14, 30), 60),  # over lunch
        (rome(2026, 11, 20, 12, 0), rome(2026, 11, 20, 12, 0), 0),
        (rome(2026, 11, 20, 14, 0), rome(2026, 11, 20, 12, 0), 0),  # backwards
        (rome(2026, 12, 7), rome(2026, 12, 10), 180 + 480),  # exception, then day off
        (rome(2026, 12, 23, 12, 0), rome(2027, 1, 9), 30 + 240 + 60 + 2 * 480),
        (rome(2026, 3, 27, 17, 0), rome(2026, 3, 30, 9, 30), 120),  # over the DST change
        (datetime(2026, 11, 20, 11, tzinfo=UTC), datetime(2026, 11, 20, 13, 30, tzinfo=UTC), 60),
    ],
)
def test_working_minutes(cal: WorkCalendar, start: datetime, end: datetime, minutes: int) -> None:
    assert cal.working_minutes(start, end) == minutes


def test_working_minutes_over_a_year_is_fast() -> None:
    cal = WorkCalendar(WorkHoursConfig(holidays=HOLIDAYS), ROME)
    began = clock.perf_counter()
    total = cal.working_minutes(rome(2026, 1, 1), rome(2027, 1, 1))
    assert clock.perf_counter() - began < 1.0
    weekdays = sum(1 for d in range(365) if (date(2026, 1, 1) + timedelta(d)).weekday() < 5)
    assert total == (weekdays - 6) * 480  # Dec 24, 25, 28, 29, 30, 31 are weekdays off


@pytest.mark.parametrize(
    ("at", "minutes", "expected"),
    [
        (rome(2026, 11, 20, 17, 30), 60, rome(2026, 11, 23, 9, 0)),
        (rome(2026, 11, 20, 17, 30), 30, rome(2026, 11, 20, 18, 0)),  # due at the end
        (rome(2026, 11, 20, 13, 0), 30, rome(2026, 11, 20, 14, 30)),  # from lunch
        (rome(2026, 11, 21, 10, 0), 0, rome(2026, 11, 23, 8, 30)),  # 0 → next start
        (rome(2026, 11, 20, 9, 0, 40), 30, rome(2026, 11, 20, 9, 30)),  # whole minutes
        (rome(2026, 12, 4, 17, 0), 240, rome(2026, 12, 7, 12, 0)),  # exception: 09-12
        (rome(2026, 12, 4, 17, 0), 750, rome(2026, 12, 10, 9, 0)),  # and a day off
        (rome(2026, 12, 23, 17, 0), 120, rome(2026, 12, 28, 11, 0)),  # holidays, one hour
        (rome(2026, 12, 23, 17, 0), 150, rome(2027, 1, 7, 9, 0)),
    ],
)
def test_add_working(cal: WorkCalendar, at: datetime, minutes: int, expected: datetime) -> None:
    due = cal.add_working(at, minutes)
    assert due == expected and due.tzinfo is ROME


def test_add_working_refuses_negative(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working(rome(2026, 11, 20, 10), -1)


def test_day_minutes() -> None:
    assert WorkCalendar(WorkHoursConfig(), ROME).day_minutes() == 480
    short_friday = {d: OFFICE if d < 4 else () for d in range(7)} | {4: ((510, 780),)}
    assert WorkCalendar(WorkHoursConfig(days=short_friday), ROME).day_minutes() == 438
    with pytest.raises(NoWorkHours):
        night(ROME, ()).day_minutes()


def test_no_work_hours_at_all() -> None:
    cal = night(ROME, ())
    at = rome(2026, 11, 20, 10)
    assert issubclass(NoWorkHours, ValueError)
    with pytest.raises(NoWorkHours):
        cal.next_start(at)
    with pytest.raises(NoWorkHours):
        cal.add_working(at, 10)
    assert not cal.is_working(at) and cal.slot_end(at) is None
    assert cal.working_minutes(at, at + timedelta(days=900)) == 0


def test_work_beyond_the_horizon_is_not_searched() -> None:
    hours = WorkHoursConfig(holidays=((date(2026, 1, 1), date(2027, 6, 30)),))
    cal = WorkCalendar(hours, ROME)
    with pytest.raises(NoWorkHours):
        cal.next_start(rome(2026, 1, 1))
    assert cal.next_start(rome(2026, 6, 1)) == rome(2027, 7, 1, 8, 30)


# -- DST ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "day", "minutes"),
    [
        (ROME, date(2026, 3, 28), 180),
        (ROME, date(2026, 3, 29), 120),  # 02:00 → 03:00: the span loses an hour
        (ROME, date(2026, 10, 25), 240),  # 03:00 → 02:00: it gains one
        (NY, date(2026, 3, 8), 120),
        (NY, date(2026, 11, 1), 240),
        (NY, date(2026, 11, 2), 180),
    ],
)
def test_dst_changes_the_real_length_of_a_span(tz: ZoneInfo, day: date, minutes: int) -> None:
    cal = night(tz)
    midnight = datetime.combine(day, datetime.min.time(), tz)
    assert cal.working_minutes(midnight, midnight + timedelta(hours=12)) == minutes
    start = cal.next_start(midnight)
    end = cal.slot_end(start)
    assert end is not None
    assert round((ts(end) - ts(start)) / 60) == minutes
    assert (start.hour, end.hour) == (1, 4)
    assert cal.add_working(midnight, minutes) == end


def test_spring_gap_resolves_forward_to_the_jump() -> None:
    # 02:30 does not exist on 2026-03-29 in Rome: the span starts when clocks show 03:00.
    cal = night(ROME, ((150, 300),))
    start = cal.next_start(rome(2026, 3, 29, 0, 0))
    assert start == rome(2026, 3, 29, 3, 0) and start.utcoffset() == timedelta(hours=2)
    assert cal.working_minutes(rome(2026, 3, 29), rome(2026, 3, 30)) == 120
    # Back to back spans across the gap stay back to back, never on top of each other.
    split = night(ROME, ((120, 180), (180, 240)))
    assert split.working_minutes(rome(2026, 3, 29), rome(2026, 3, 30)) == 60
    assert split.slot_end(rome(2026, 3, 29, 3, 10)) == rome(2026, 3, 29, 4, 0)


def test_span_wholly_in_the_spring_gap_has_no_time() -> None:
    cal = night(NY, ((120, 150),))  # 02:00-02:30 never happens on 2026-03-08
    at = datetime(2026, 3, 8, 0, 0, tzinfo=NY)
    assert cal.next_start(at) == datetime(2026, 3, 9, 2, 0, tzinfo=NY)
    assert cal.working_minutes(at, at + timedelta(days=1)) == 0


def test_repeated_autumn_hour_uses_its_first_occurrence() -> None:
    # 02:00-02:59 happens twice in Rome on 2026-10-25; a span ending at 02:30 ends at the
    # first 02:30, so the second 02:15 is quiet.
    cal = night(ROME, ((60, 150),))
    assert cal.is_working(rome(2026, 10, 25, 2, 15, fold=0))
    assert not cal.is_working(rome(2026, 10, 25, 2, 15, fold=1))
    assert cal.working_minutes(rome(2026, 10, 25), rome(2026, 10, 26)) == 90
    end = cal.slot_end(rome(2026, 10, 25, 1, 30))
    assert end is not None and end.utcoffset() == timedelta(hours=2) and end.fold == 0
    # ...while a span past the repeated hour covers both.
    assert night(ROME).is_working(rome(2026, 10, 25, 2, 15, fold=1))


def test_office_hours_keep_their_length_on_dst_days() -> None:
    cal = WorkCalendar(WorkHoursConfig(days={d: OFFICE for d in range(7)}), NY)
    for day in (date(2026, 3, 8), date(2026, 11, 1)):
        midnight = datetime.combine(day, datetime.min.time(), NY)
        assert cal.working_minutes(midnight, midnight + timedelta(days=1)) == 480
        assert cal.next_start(midnight) == midnight.replace(hour=8, minute=30)


# -- properties ---------------------------------------------------------------------------

ZONES = [ROME, NY, ZoneInfo("Australia/Sydney"), UTC]
TRANSITIONS = [datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 3, 29, 1, tzinfo=UTC)]
TRANSITIONS += [datetime(2026, 10, 25, 1, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC)]
TRANSITIONS += [datetime(2026, 4, 4, 16, tzinfo=UTC), datetime(2026, 10, 3, 16, tzinfo=UTC)]


@st.composite
def day_spans(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    # Often near 01:00-03:00, where the DST changes of these zones move the clocks.
    minutes = st.one_of(st.integers(0, 1440), st.integers(50, 190))
    cuts = sorted(draw(st.sets(minutes, max_size=6)))
    if len(cuts) % 2:
        cuts = cuts[:-1]
    return tuple(zip(cuts[::2], cuts[1::2], strict=True))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    days = {d: draw(day_spans()) for d in range(7)}
    holidays = draw(st.lists(st.tuples(st.integers(0, 700), st.integers(0, 20)), max_size=3))
    first = date(2026, 1, 1)
    exceptions = draw(st.dictionaries(st.integers(0, 700), day_spans(), max_size=4))
    hours = WorkHoursConfig(
        days=days,
        holidays=tuple((first + timedelta(a), first + timedelta(a + n)) for a, n in holidays),
        exceptions={first + timedelta(k): v for k, v in exceptions.items()},
    )
    return WorkCalendar(hours, draw(st.sampled_from(ZONES)))


# Half of them within two days of a DST change, in any of the zones.
anywhere = st.builds(
    lambda s: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=s),
    st.integers(0, 365 * 86400),
)
near_dst = st.builds(
    lambda t, s: t + timedelta(seconds=s),
    st.sampled_from(TRANSITIONS),
    st.integers(-2 * 86400, 2 * 86400),
)
instants = st.one_of(near_dst, anywhere).flatmap(
    lambda at: st.sampled_from(ZONES).map(at.astimezone)
)


def ordered(*points: datetime) -> list[datetime]:
    return sorted(points, key=ts)


@settings(max_examples=200, deadline=None)
@given(calendars(), instants, instants, instants)
def test_working_minutes_add_up(cal: WorkCalendar, x: datetime, y: datetime, z: datetime) -> None:
    a, b, c = ordered(x, y, z)
    ab, bc, ac = cal.working_minutes(a, b), cal.working_minutes(b, c), cal.working_minutes(a, c)
    assert ab + bc == ac
    assert 0 <= ab <= (ts(b) - ts(a)) / 60 + 1
    assert cal.working_minutes(b, a) == 0


@settings(max_examples=200, deadline=None)
@given(calendars(), instants)
def test_next_start_is_a_working_instant(cal: WorkCalendar, at: datetime) -> None:
    try:
        start = cal.next_start(at)
    except NoWorkHours:
        return
    assert cal.is_working(start) and ts(start) >= ts(at)
    assert (ts(start) == ts(at)) is cal.is_working(at)
    assert cal.working_minutes(at, start) == 0  # the wait is quiet time
    end = cal.slot_end(start)
    assert end is not None and ts(end) > ts(start)
    # Everything from the start to the slot's end is work (minutes counted whole).
    whole = int(ts(end) // 60 - ts(start) // 60)
    assert cal.working_minutes(start, end) == whole


@settings(max_examples=200, deadline=None)
@given(calendars(), instants)
def test_is_working_matches_the_wall_clock(cal: WorkCalendar, at: datetime) -> None:
    local = at.astimezone(cal.tz)
    if local.fold:
        return  # the second of two repeated wall times: covered by the DST tests
    minute = local.hour * 60 + local.minute
    inside = any(a <= minute < b for a, b in cal.hours.spans_on(local.date()))
    assert cal.is_working(at) is inside


@settings(max_examples=200, deadline=None)
@given(calendars(), instants, instants, st.integers(0, 2_000))
def test_add_working_inverts_working_minutes(
    cal: WorkCalendar, x: datetime, y: datetime, minutes: int
) -> None:
    a, b = ordered(x, y)
    try:
        due = cal.add_working(a, minutes)
    except NoWorkHours:
        return
    assert cal.working_minutes(a, due) == minutes and ts(due) >= ts(a)
    spent = cal.working_minutes(a, b)
    if spent:
        assert ts(cal.add_working(a, spent)) <= ts(b)
