"""Response times: the SLA grammar, due times on the work calendar, and the risk levels."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.config import ConfigError
from inbox_tui.core.sla import due_at, parse_sla, risk, validate_sla
from inbox_tui.core.work_hours import WorkCalendar
from inbox_tui.core.work_hours_config import WorkHoursConfig

ROME = ZoneInfo("Europe/Rome")
NY = ZoneInfo("America/New_York")


def rome(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)  # type: ignore[misc]


@pytest.fixture
def cal() -> WorkCalendar:
    holidays = ((date(2026, 12, 24), date(2027, 1, 6)),)
    return WorkCalendar(WorkHoursConfig(holidays=holidays), ROME)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("30m", 30),
        ("4h", 240),
        ("1d", 480),
        ("2d", 960),
        ("1h30m", 90),
        (" 1d 2h ", 600),
        ("1D4H", 720),
        ("90m", 90),
        ("1d30m", 510),
    ],
)
def test_parse_sla(text: str, minutes: int) -> None:
    assert parse_sla(text, 480) == minutes


def test_a_day_is_the_calendars_working_day() -> None:
    friday = {d: ((510, 990),) if d < 4 else () for d in range(7)} | {4: ((510, 780),)}
    cal = WorkCalendar(WorkHoursConfig(days=friday), ROME)
    assert parse_sla("1d", cal.day_minutes()) == 438 and parse_sla("2d4h", 438) == 1116


@pytest.mark.parametrize(
    "text", ["", "  ", "soon", "1.5h", "30m1h", "1h1h", "h", "-1h", "1w", "4 hours", "0h", "0d0m"]
)
def test_parse_sla_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="response time|no time"):
        parse_sla(text, 480)
    with pytest.raises(ValueError):
        validate_sla(text)


def test_days_need_work_hours() -> None:
    with pytest.raises(ValueError, match="no work hours"):
        parse_sla("1d", 0)
    assert parse_sla("3h", 0) == 180


def test_validate_sla_keeps_the_text() -> None:
    assert validate_sla(" 1h30m ") == "1h30m"


@pytest.mark.parametrize(
    ("received", "sla", "due"),
    [
        (rome(2026, 11, 20, 17, 0), "4h", rome(2026, 11, 23, 11, 30)),  # Friday → Monday
        (rome(2026, 11, 24, 10, 0), "1d", rome(2026, 11, 25, 10, 0)),  # a day is a day
        (rome(2026, 11, 21, 23, 0), "30m", rome(2026, 11, 23, 9, 0)),  # at night: from 08:30
        (rome(2026, 11, 24, 12, 0), "1h", rome(2026, 11, 24, 14, 30)),  # over lunch
        (rome(2026, 11, 24, 17, 0), "1h", rome(2026, 11, 24, 18, 0)),  # due at closing
        (rome(2026, 12, 23, 16, 0), "1d", rome(2027, 1, 7, 16, 0)),  # over the holidays
        (rome(2026, 3, 27, 17, 0), "2h", rome(2026, 3, 30, 9, 30)),  # over the DST change
    ],
)
def test_due_at(cal: WorkCalendar, received: datetime, sla: str, due: datetime) -> None:
    assert due_at(cal, received, parse_sla(sla, cal.day_minutes())) == due


def test_due_at_in_new_york() -> None:
    cal = WorkCalendar(WorkHoursConfig(), NY)
    received = datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)  # the second 01:00, Sunday
    assert due_at(cal, received, 60) == datetime(2026, 11, 2, 9, 30, tzinfo=NY)


@pytest.mark.parametrize(
    ("now", "level"),
    [
        (rome(2026, 11, 23, 9, 0), "ok"),  # just received: 240 of 240 left
        (rome(2026, 11, 23, 11, 0), "ok"),  # 120 left
        (rome(2026, 11, 23, 12, 0), "ok"),  # 60 left: exactly a quarter
        (rome(2026, 11, 23, 12, 1), "at-risk"),  # 59 left
        (rome(2026, 11, 23, 13, 30), "at-risk"),  # lunch: 30 left
        (rome(2026, 11, 23, 14, 29), "at-risk"),
        (rome(2026, 11, 23, 14, 30), "overdue"),
        (rome(2026, 11, 28, 10, 0), "overdue"),
        (rome(2026, 11, 23, 8, 0), "ok"),  # a clock running behind
    ],
)
def test_risk(cal: WorkCalendar, now: datetime, level: str) -> None:
    received = rome(2026, 11, 23, 9, 0)
    due = due_at(cal, received, 240)
    assert due == rome(2026, 11, 23, 14, 30)
    assert risk(cal, received, due, now) == level


def test_risk_when_the_due_time_waits_for_work(cal: WorkCalendar) -> None:
    # Due at the next work start: no working time is left before it, so it is at risk.
    received = rome(2026, 11, 21, 10, 0)
    due = due_at(cal, received, 0)
    assert due == rome(2026, 11, 23, 8, 30)
    assert risk(cal, received, due, rome(2026, 11, 22, 20, 0)) == "at-risk"


def test_risk_compares_instants_not_wall_times() -> None:
    # In the repeated autumn hour the second 02:20 (CET) comes after the first 02:40 (CEST).
    cal = WorkCalendar(WorkHoursConfig(days={d: ((60, 240),) for d in range(7)}), ROME)
    received = rome(2026, 10, 25, 1, 0)
    due = datetime(2026, 10, 25, 2, 40, tzinfo=ROME)  # first occurrence (CEST)
    later = datetime(2026, 10, 25, 2, 20, tzinfo=ROME, fold=1)  # CET, after `due`
    assert risk(cal, received, due, later) == "overdue"


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 365 * 24 * 60),
    st.integers(1, 3000),
    st.lists(st.integers(0, 60 * 24 * 60), min_size=2, max_size=6),
)
def test_risk_only_gets_worse(start: int, sla: int, steps: list[int]) -> None:
    cal = WorkCalendar(WorkHoursConfig(), NY)
    received = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=start)
    due = due_at(cal, received, sla)
    order = ["ok", "at-risk", "overdue"]
    levels = [risk(cal, received, due, received + timedelta(minutes=s)) for s in sorted(steps)]
    assert [order.index(x) for x in levels] == sorted(order.index(x) for x in levels)


# -- the contacts' sla in the config --------------------------------------------------------


def test_config_accepts_the_full_grammar() -> None:
    config = parse_config_text('[[contacts]]\nname = "A"\nsla = " 1h30m "\n', "c.toml")
    assert config.contacts[0].sla == "1h30m"


@pytest.mark.parametrize("text", ["soon", "30m1h", "0h", "1.5h"])
def test_config_rejects_a_bad_sla_with_its_line(text: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config_text(f'[[contacts]]\nname = "A"\n\nsla = "{text}"\n', "c.toml")
    (p,) = info.value.problems
    assert (p.key, p.line, p.file) == ("contacts[0].sla", 4, "c.toml")
    assert "1h30m" in p.fix
