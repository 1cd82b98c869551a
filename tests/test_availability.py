"""Availability policy: working / quiet / manual DND, when held messages may leave, the
--until forms and the status-bar text. Fixed clocks in Europe/Rome (office hours
Mon–Fri 08:30–12:30 and 14:00–18:00, the WorkHoursConfig default)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.core.availability import (
    Availability,
    ManualDnd,
    availability,
    format_until,
    is_quiet,
    local_time,
    parse_until,
    release_at,
    status_text,
)
from inbox_tui.core.work_hours import NoWorkHours, WorkCalendar
from inbox_tui.core.work_hours_config import WorkHoursConfig
from inbox_tui.store import Store
from inbox_tui.store.availability import AvailabilityRepo

ROME = ZoneInfo("Europe/Rome")
UTC = timezone.utc
HOLIDAYS = ((date(2026, 12, 24), date(2027, 1, 6)),)
CAL = WorkCalendar(WorkHoursConfig(), ROME)
HOLIDAY_CAL = WorkCalendar(WorkHoursConfig(holidays=HOLIDAYS), ROME)


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ROME)


def same(a: datetime | None, b: datetime) -> bool:
    """Same instant *and* same wall clock in Rome (catches a wrong fold or zone)."""
    return a is not None and a.timestamp() == b.timestamp() and a.utcoffset() == b.utcoffset()


MON_10 = at(11, 23, 10)  # Monday 23 November 2026


# --- availability ------------------------------------------------------------------


def test_working_until_the_end_of_the_slot() -> None:
    av = availability(CAL, MON_10, None)
    assert av.state == "working" and not av.manual and same(av.until, at(11, 23, 12, 30))
    assert not is_quiet(CAL, MON_10, None)


def test_lunch_break_is_quiet_until_the_afternoon() -> None:
    av = availability(CAL, at(11, 23, 13), None)
    assert av == Availability("quiet", av.until, False) and same(av.until, at(11, 23, 14))
    assert is_quiet(CAL, at(11, 23, 13), None)


@pytest.mark.parametrize("now", [at(11, 27, 18), at(11, 28, 11), at(11, 29, 23, 59)])
def test_weekend_is_quiet_until_monday(now: datetime) -> None:
    av = availability(CAL, now, None)
    assert av.state == "quiet" and same(av.until, at(11, 30, 8, 30))


def test_manual_dnd_wins_over_work_hours() -> None:
    manual = ManualDnd(at(11, 23, 11))
    assert availability(CAL, MON_10, manual) == Availability("dnd", at(11, 23, 11), True)
    assert availability(CAL, MON_10, ManualDnd(None)) == Availability("dnd", None, True)
    assert is_quiet(CAL, MON_10, ManualDnd(None))


def test_expired_manual_dnd_is_ignored() -> None:
    expired = ManualDnd(at(11, 23, 9))
    assert availability(CAL, MON_10, expired) == availability(CAL, MON_10, None)
    # Ends exactly now: over.
    assert availability(CAL, MON_10, ManualDnd(MON_10)).state == "working"


def test_manual_dnd_ending_in_quiet_hours_leaves_it_quiet() -> None:
    manual = ManualDnd(at(11, 23, 19))
    assert availability(CAL, at(11, 23, 18, 30), manual).state == "dnd"
    av = availability(CAL, at(11, 23, 20), manual)
    assert av.state == "quiet" and not av.manual and same(av.until, at(11, 24, 8, 30))


def test_manual_until_in_another_zone_is_the_same_instant() -> None:
    manual = ManualDnd(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # 11:00 in Rome
    assert availability(CAL, MON_10, manual).state == "dnd"
    assert availability(CAL, at(11, 23, 11, 1), manual).state == "working"


def test_quiet_across_the_autumn_dst_weekend() -> None:
    av = availability(CAL, at(10, 23, 19), None)
    assert same(av.until, at(10, 26, 8, 30))
    assert av.until is not None and av.until.utcoffset() == timedelta(hours=1)


# --- release_at ----------------------------------------------------------------------


def test_release_now_when_working() -> None:
    assert release_at(CAL, MON_10, None) is None


def test_release_at_next_start_when_quiet() -> None:
    assert same(release_at(CAL, at(11, 23, 23, 30), None), at(11, 24, 8, 30))
    assert same(release_at(CAL, at(11, 23, 13), None), at(11, 23, 14))
    assert same(release_at(CAL, at(11, 27, 20), None), at(11, 30, 8, 30))


def test_release_after_manual_until() -> None:
    assert same(release_at(CAL, MON_10, ManualDnd(at(11, 23, 10, 45))), at(11, 23, 10, 45))
    # DND until the lunch break: the message waits for the afternoon.
    assert same(release_at(CAL, MON_10, ManualDnd(at(11, 23, 13))), at(11, 23, 14))
    # At night with a DND that ended already: the calendar alone decides.
    assert same(release_at(CAL, at(11, 23, 22), ManualDnd(at(11, 23, 21))), at(11, 24, 8, 30))


def test_open_ended_manual_dnd_gives_a_provisional_time_after_now() -> None:
    # Never "now": the sender holds again at that time while DND stays on.
    assert same(release_at(CAL, MON_10, ManualDnd(None)), at(11, 23, 14))
    assert same(release_at(CAL, at(11, 23, 15), ManualDnd(None)), at(11, 24, 8, 30))
    assert same(release_at(CAL, at(11, 23, 22), ManualDnd(None)), at(11, 24, 8, 30))


def test_release_skips_holidays() -> None:
    assert same(release_at(HOLIDAY_CAL, at(12, 23, 19), None), at(1, 7, 8, 30, year=2027))


def test_a_calendar_without_work_hours_is_quiet_without_end() -> None:
    never = WorkCalendar(WorkHoursConfig(days={d: () for d in range(7)}), ROME)
    av = availability(never, MON_10, None)
    assert av == Availability("quiet", None, False)
    assert status_text(av, MON_10, 2, "en") == "Quiet · 2 held"
    with pytest.raises(NoWorkHours):
        release_at(never, MON_10, None)


def test_new_york_spring_forward() -> None:
    ny = ZoneInfo("America/New_York")
    cal = WorkCalendar(WorkHoursConfig(), ny)
    sat = datetime(2026, 3, 7, 20, 0, tzinfo=ny)  # clocks go 02:00 → 03:00 on Sunday 8
    av = availability(cal, sat, None)
    assert av.until == datetime(2026, 3, 9, 8, 30, tzinfo=ny)
    assert av.until is not None and av.until.utcoffset() == timedelta(hours=-4)
    got = parse_until("02:30", datetime(2026, 3, 8, 1, 0, tzinfo=ny), cal)
    assert got.astimezone(UTC) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT
    assert status_text(av, sat, 0, "en") == "Quiet · until Mon 08:30"


# --- parse_until ---------------------------------------------------------------------


def test_until_a_clock_time_today_or_tomorrow() -> None:
    assert same(parse_until("08:30", at(11, 23, 7), CAL), at(11, 23, 8, 30))
    assert same(parse_until("08:30", at(11, 23, 9), CAL), at(11, 24, 8, 30))
    assert same(parse_until("08:30", at(11, 23, 8, 30), CAL), at(11, 24, 8, 30))
    assert same(parse_until(" 7.05 ", at(11, 23, 7), CAL), at(11, 23, 7, 5))
    assert same(parse_until("00:00", at(11, 23, 23), CAL), at(11, 24, 0))


def test_until_tomorrow_is_the_next_work_start() -> None:
    assert same(parse_until("tomorrow", MON_10, CAL), at(11, 24, 8, 30))
    assert same(parse_until("Tomorrow", at(11, 27, 23), CAL), at(11, 30, 8, 30))
    assert same(parse_until("domani", at(12, 23, 9), HOLIDAY_CAL), at(1, 7, 8, 30, year=2027))


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("2h", timedelta(hours=2)),
        ("30m", timedelta(minutes=30)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1d", timedelta(days=1)),
        ("45min", timedelta(minutes=45)),
    ],
)
def test_until_a_duration(text: str, delta: timedelta) -> None:
    assert parse_until(text, MON_10, CAL).timestamp() == (MON_10 + delta).timestamp()


def test_durations_on_the_autumn_dst_night() -> None:
    # Saturday 24 October 22:00 CEST; the clocks go back at 03:00 on Sunday.
    sat = at(10, 24, 22)
    one_day = parse_until("1d", sat, CAL)
    assert same(one_day, at(10, 25, 22))  # same wall time: 25 hours later
    assert one_day.timestamp() - sat.timestamp() == 25 * 3600
    two_hours = parse_until("2h", at(10, 25, 1, 30), CAL)
    assert two_hours.timestamp() - at(10, 25, 1, 30).timestamp() == 2 * 3600
    assert two_hours.utcoffset() == timedelta(hours=1)  # 02:30, the second one (CET)


def test_clock_time_skipped_by_the_spring_dst_change() -> None:
    # 29 March 2026: 02:00 → 03:00. "02:30" means the moment the clocks jumped past it,
    # as the calendar reads a span starting at 02:30 that day.
    got = parse_until("02:30", at(3, 29, 1), CAL)
    assert got.astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert (got.hour, got.minute) == (3, 0) and got.utcoffset() == timedelta(hours=2)
    # "1d" from Saturday 02:30 lands on that jump too; "2h" from 01:30 is 04:30 CEST.
    assert same(parse_until("1d", at(3, 28, 2, 30), CAL), at(3, 29, 3))
    assert same(parse_until("2h", at(3, 29, 1, 30), CAL), at(3, 29, 4, 30))


def test_until_an_iso_datetime_or_date() -> None:
    assert same(parse_until("2026-11-24T10:00", MON_10, CAL), at(11, 24, 10))
    assert same(parse_until("2026-11-24 10:00", MON_10, CAL), at(11, 24, 10))
    assert same(parse_until("2026-11-24T09:00+00:00", MON_10, CAL), at(11, 24, 10))
    # A bare date: the first work start on or after it (28 November is a Saturday).
    assert same(parse_until("2026-11-28", MON_10, CAL), at(11, 30, 8, 30))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("soon", '"tomorrow"'),
        ("25:00", "time of day"),
        ("12:75", "time of day"),
        ("0m", "no time"),
        ("0h0m", "no time"),
        ("-2h", "2h"),
        ("2026-11-23T09:00", "past"),
        ("2026-11-20", "past"),
        ("2026-13-01T10:00", "2026-11-24T10:00"),
        ("99999999d", "too far"),
        ("999999999999h", "too far"),
    ],
)
def test_bad_until_says_what_to_write(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=None) as info:
        parse_until(text, MON_10, CAL)
    assert words in str(info.value)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_until("2h", datetime(2026, 11, 23, 10), CAL)


# --- status text ---------------------------------------------------------------------


def test_status_text_english() -> None:
    assert status_text(availability(CAL, MON_10, None), MON_10, 0, "en") == (
        "Working · until 12:30"
    )
    fri = at(11, 27, 19)
    assert status_text(availability(CAL, fri, None), fri, 0, "en") == "Quiet · until Mon 08:30"
    assert status_text(availability(CAL, fri, None), fri, 3, "en") == (
        "Quiet · until Mon 08:30 · 3 held"
    )
    manual = ManualDnd(at(11, 23, 11))
    assert status_text(availability(CAL, MON_10, manual), MON_10, 0, "en") == (
        "DND (manual) · until 11:00"
    )
    assert status_text(availability(CAL, MON_10, ManualDnd(None)), MON_10, 0, "en") == (
        "DND (manual)"
    )
    assert status_text(availability(CAL, MON_10, ManualDnd(None)), MON_10, 1, "en") == (
        "DND (manual) · 1 held"
    )


def test_status_text_italian() -> None:
    assert status_text(availability(CAL, MON_10, None), MON_10, 0, "it") == (
        "Al lavoro · fino alle 12:30"
    )
    fri = at(11, 27, 19)
    assert status_text(availability(CAL, fri, None), fri, 2, "it") == (
        "Fuori orario · fino a lun 08:30 · 2 in attesa"
    )
    manual = ManualDnd(at(11, 23, 11))
    assert status_text(availability(CAL, MON_10, manual), MON_10, 0, "it") == (
        "Non disturbare · fino alle 11:00"
    )
    assert status_text(availability(CAL, MON_10, ManualDnd(None)), MON_10, 0, "it-IT") == (
        "Non disturbare"
    )


def test_status_text_uses_the_local_clock_and_dates_far_ends() -> None:
    manual = ManualDnd(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # stored form: UTC
    assert status_text(availability(CAL, MON_10, manual), MON_10, 0, "en") == (
        "DND (manual) · until 11:00"
    )
    xmas = at(12, 23, 19)
    assert status_text(availability(HOLIDAY_CAL, xmas, None), xmas, 0, "en") == (
        "Quiet · until Thu 7 Jan 08:30"
    )
    assert status_text(availability(HOLIDAY_CAL, xmas, None), xmas, 0, "it") == (
        "Fuori orario · fino a gio 7 gen 08:30"
    )


def test_format_until_italian_one_o_clock() -> None:
    assert format_until(at(11, 23, 1, 15), at(11, 23, 0, 30), "it") == "fino all'01:15"
    assert format_until(at(11, 24, 1, 15), at(11, 23, 23), "en") == "until Tue 01:15"


# --- stored form ---------------------------------------------------------------------


def test_manual_dnd_json_round_trip() -> None:
    for manual in (ManualDnd(None), ManualDnd(at(11, 23, 18, 45))):
        back = ManualDnd.from_json(manual.to_json())
        assert back == manual or same(back.until, manual.until)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ManualDnd(datetime(2026, 11, 23, 10))
    for junk in ("on", "{}", '{"until": "x"}', '{"until": true}', "[1]"):
        with pytest.raises(ValueError):
            ManualDnd.from_json(junk)


def test_repo_round_trip_and_held_count(store: Store) -> None:
    repo = AvailabilityRepo(store)
    assert repo.get_manual() is None and repo.held_count() == 0
    repo.set_manual(ManualDnd(None))
    assert repo.get_manual() == ManualDnd(None)
    repo.set_manual(ManualDnd(at(11, 24, 8, 30)))
    got = repo.get_manual()
    assert got is not None and got.until is not None
    assert got.until.timestamp() == at(11, 24, 8, 30).timestamp()
    repo.set_manual(None)
    assert repo.get_manual() is None and store.settings.get("dnd") is None
    store.settings.set("dnd", "garbage")  # damaged: counts as off, never as on forever
    assert repo.get_manual() is None
    with store.transaction() as tx:
        for state in ("held", "held", "queued"):
            tx.execute(
                "INSERT INTO outbox (account, payload, created_ts, state) VALUES (?, ?, ?, ?)",
                ("studio", b"", 0, state),
            )
    assert repo.held_count() == 2


# --- properties ----------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.astimezone(ROME))
manuals = st.one_of(
    st.none(),
    st.just(ManualDnd(None)),
    st.integers(min_value=-3 * 86400, max_value=10 * 86400),
)
calendars = st.sampled_from([CAL, HOLIDAY_CAL])


def _manual(now: datetime, m: ManualDnd | int | None) -> ManualDnd | None:
    return ManualDnd(now + timedelta(seconds=m)) if isinstance(m, int) else m


@settings(max_examples=400, deadline=None)
@given(now=instants, m=manuals, calendar=calendars)
def test_release_is_never_in_quiet_time_nor_before_now(now, m, calendar) -> None:
    manual = _manual(now, m)
    when = release_at(calendar, now, manual)
    dnd_on = manual is not None and manual.active(now)
    if when is None:
        assert calendar.is_working(now) and not dnd_on
        return
    assert calendar.is_working(when)
    assert when.timestamp() > now.timestamp()
    if dnd_on and manual is not None and manual.until is not None:
        assert when.timestamp() >= manual.until.timestamp()


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    tz=st.sampled_from([ROME, ZoneInfo("America/New_York")]),
)
def test_local_time_is_the_wall_time_or_the_jump_past_it(day, hour, minute, tz) -> None:
    got = local_time(day, hour, minute, tz)
    if (got.date(), got.hour, got.minute) != (day, hour, minute):
        before = (got.astimezone(timezone.utc) - timedelta(minutes=1)).astimezone(tz)
        assert before.utcoffset() != got.utcoffset()  # a skipped time: at the jump itself
        assert before.replace(tzinfo=None) < datetime.combine(day, time(hour, minute))
        assert got.replace(tzinfo=None) > datetime.combine(day, time(hour, minute))


@settings(max_examples=300, deadline=None)
@given(now=instants, m=manuals, calendar=calendars)
def test_the_state_changes_later_and_quiet_matches_release(now, m, calendar) -> None:
    manual = _manual(now, m)
    av = availability(calendar, now, manual)
    if av.until is not None:
        assert av.until.timestamp() > now.timestamp()
    assert is_quiet(calendar, now, manual) == (release_at(calendar, now, manual) is not None)
    text = status_text(av, now, 0, "en")
    assert text.startswith(("Working", "Quiet", "DND (manual)"))
