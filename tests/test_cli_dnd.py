"""`inbox-tui dnd on|off|status`, run in-process through `cli.main` with a pinned clock
(INBOX_TUI_NOW) on a Monday in Europe/Rome, office hours 08:30–12:30 and 14:00–18:00."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inbox_tui.cli import main
from inbox_tui.paths import default_store_path
from inbox_tui.store import Store


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    config = tmp_path / "config.toml"
    config.write_text('[profile]\nlanguage = "en"\ntimezone = "Europe/Rome"\n')
    monkeypatch.setenv("INBOX_TUI_CONFIG", str(config))
    monkeypatch.setenv("INBOX_TUI_DATA_DIR", str(tmp_path / "data"))

    def run(*args: str, now: str = "2026-11-23T23:30") -> tuple[int, str, str]:
        monkeypatch.setenv("INBOX_TUI_NOW", now)
        code = main(["dnd", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run.config = config  # type: ignore[attr-defined]
    return run


def test_on_status_off_round_trip(cli) -> None:
    assert cli("status") == (0, "Quiet · until Tue 08:30\n", "")
    assert cli("on", "--until", "2h") == (0, "Do not disturb on until Tue 01:30\n", "")
    assert cli("status") == (0, "DND (manual) · until Tue 01:30\n", "")
    # The manual state is in the store, where the TUI and the daemon read it.
    assert default_store_path().exists()
    code, out, _ = cli("off")
    assert code == 0 and out == "Do not disturb off\nQuiet · until Tue 08:30\n"
    assert cli("status") == (0, "Quiet · until Tue 08:30\n", "")
    assert cli("off")[1].startswith("Do not disturb was not on\n")


def test_open_ended_dnd_in_working_hours(cli) -> None:
    day = "2026-11-23T10:00"
    assert cli("status", now=day)[1] == "Working · until 12:30\n"
    code, out, _ = cli("on", now=day)
    assert code == 0 and "until you switch it off" in out and "dnd off" in out
    assert cli("status", now=day)[1] == "DND (manual)\n"
    assert cli("status", now="2026-11-26T15:00")[1] == "DND (manual)\n"  # still on days later
    assert cli("off", now=day)[1] == "Do not disturb off\nWorking · until 12:30\n"


def test_until_forms(cli) -> None:
    # 09:00 already passed today: the next 08:30 is tomorrow's.
    assert cli("on", "--until", "08:30", now="2026-11-23T09:00")[1] == (
        "Do not disturb on until Tue 08:30\n"
    )
    assert cli("on", "--until", "tomorrow", now="2026-11-27T16:00")[1] == (
        "Do not disturb on until Mon 08:30\n"
    )
    assert cli("on", "--until", "2026-11-23T16:00", now="2026-11-23T10:00")[1] == (
        "Do not disturb on until 16:00\n"
    )
    assert cli("status", now="2026-11-23T15:59")[1] == "DND (manual) · until 16:00\n"
    # Expired: back to the calendar.
    assert cli("status", now="2026-11-23T16:00")[1] == "Working · until 18:00\n"


@pytest.mark.parametrize("until", ["soon", "25:00", "0m", "2026-11-20T10:00"])
def test_bad_until_exits_2_and_changes_nothing(cli, until: str) -> None:
    code, out, err = cli("on", "--until", until)
    assert code == 2 and out == ""
    assert "--until" in err and until in err
    assert cli("status")[1] == "Quiet · until Tue 08:30\n"


def test_bad_now_override_exits_2(cli) -> None:
    code, _, err = cli("status", now="yesterday-ish")
    assert code == 2 and "INBOX_TUI_NOW" in err


def test_status_in_italian_with_held_messages(cli) -> None:
    cli.config.write_text('[profile]\nlanguage = "it"\ntimezone = "Europe/Rome"\n')
    store = Store(default_store_path())
    with store.transaction() as tx:
        for state in ("held", "held", "held", "sent"):
            tx.execute(
                "INSERT INTO outbox (account, payload, created_ts, state) VALUES (?, ?, ?, ?)",
                ("studio", b"", 0, state),
            )
    store.close()
    assert cli("status", now="2026-11-27T19:00")[1] == (
        "Fuori orario · fino a lun 08:30 · 3 in attesa\n"
    )
    cli("on", "--until", "1h", now="2026-11-23T10:00")
    assert cli("status", now="2026-11-23T10:00")[1] == (
        "Non disturbare · fino alle 11:00 · 3 in attesa\n"
    )


def test_off_brings_forward_what_dnd_alone_held(cli) -> None:
    day = "2026-11-23T10:00"
    cli("on", "--until", "tomorrow", now=day)
    store = Store(default_store_path())
    tomorrow = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo("Europe/Rome")).timestamp()
    with store.transaction() as tx:
        for scheduled in (0, 1):  # held by DND / rescheduled by the user
            tx.execute(
                "INSERT INTO outbox (account, payload, created_ts, state, not_before_ts,"
                " scheduled) VALUES ('studio', x'', 0, 'held', ?, ?)",
                (int(tomorrow), scheduled),
            )
    store.close()
    assert cli("status", now=day)[1] == "DND (manual) · until Tue 08:30 · 2 held\n"
    assert cli("off", now=day)[1] == "Do not disturb off\nWorking · until 12:30 · 2 held\n"
    store = Store(default_store_path())
    rows = store.query("SELECT scheduled, not_before_ts FROM outbox ORDER BY scheduled")
    store.close()
    now = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Rome")).timestamp()
    assert [(r[0], r[1]) for r in rows] == [(0, int(now)), (1, int(tomorrow))]


def test_a_week_without_hours_is_reported(cli) -> None:
    days = "".join(f"{d} = []\n" for d in ("mon", "tue", "wed", "thu", "fri"))
    cli.config.write_text(f'[profile]\ntimezone = "Europe/Rome"\n[work_hours]\n{days}')
    # Refused when the config is read: held replies could never leave.
    for action in ("status", "on", "off"):
        code, out, err = cli(action)
        assert (code, out) == (1, "")
        assert "work_hours: no working hours on any day of the week" in err
        assert 'fix: give at least one weekday its hours, e.g. mon = ["09:00-18:00"]' in err


def test_store_flag_and_broken_config(cli, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    assert main(["--store", str(other), "dnd", "on"]) == 0
    assert other.exists() and not default_store_path().exists()
    cli.config.write_text('[profile]\ntimezone = "Mars/Olympus"\n')
    code, _, err = cli("status")
    assert code == 1 and "timezone" in err


def test_help_lists_dnd(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "dnd" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["dnd"])
    assert info.value.code == 2  # an action is required
