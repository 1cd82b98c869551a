"""`inbox-tui dnd on [--until …]`, `inbox-tui dnd off`, `inbox-tui dnd status`.

The manual state lives in the store, so a running TUI or daemon sees the change at once.
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from inbox_tui.cli_contacts import open_store

if TYPE_CHECKING:
    from inbox_tui.services.shield import Shield

# Tests only: pin "now" to an ISO datetime (naive = the profile's timezone), so the
# commands can be checked at 23:30 on a Friday without waiting for one.
NOW_ENV = "INBOX_TUI_NOW"


def add_dnd_parser(sub: argparse._SubParsersAction) -> None:
    dnd = sub.add_parser("dnd", help="do not disturb: switch it on or off, or show the state")
    dnd_sub = dnd.add_subparsers(dest="dnd_command", metavar="ACTION", required=True)
    on = dnd_sub.add_parser("on", help="switch do-not-disturb on (until switched off)")
    on.add_argument(
        "--until",
        metavar="WHEN",
        help='when it ends: "08:30", "tomorrow" (next work start), "2h", "30m", "1d" '
        'or "2026-11-24T10:00"',
    )
    dnd_sub.add_parser("off", help="switch do-not-disturb off (work hours still apply)")
    dnd_sub.add_parser("status", help="print the state and how many messages are held")


def dnd_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from zoneinfo import ZoneInfo

    from inbox_tui.config_file import format_problems, load_config
    from inbox_tui.core.config import ConfigError
    from inbox_tui.core.work_hours import NoWorkHours, WorkCalendar
    from inbox_tui.services.shield import Shield

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(format_problems(exc.problems), file=err)
        return 1
    tz = ZoneInfo(config.profile.timezone)
    try:
        now = _now(tz)
    except ValueError as exc:
        print(f"inbox-tui: {exc}", file=err)
        return 2
    until = None
    if args.dnd_command == "on" and args.until is not None:
        from inbox_tui.core.availability import parse_until

        try:
            until = parse_until(args.until, now, WorkCalendar(config.work_hours, tz))
        except ValueError as exc:
            print(f"inbox-tui: --until: {exc}", file=err)
            return 2
    store = open_store(args.store, err)
    if store is None:
        return 1
    try:
        return _run(args.dnd_command, Shield(store, config, clock=now.timestamp), until, out)
    except NoWorkHours as exc:
        # Only a week with no hours at all gets here: say so rather than a traceback.
        print(f"inbox-tui: {exc}; check [work_hours] in the config", file=err)
        return 1
    finally:
        store.close()


def _run(action: str, shield: Shield, until: datetime | None, out: TextIO) -> int:
    from inbox_tui.core.availability import ManualDnd, format_until

    now = shield.now()
    if action == "on":
        shield.set_manual(ManualDnd(until))
        if until is None:
            print("Do not disturb on until you switch it off (`inbox-tui dnd off`)", file=out)
        else:
            print(f"Do not disturb on {format_until(until, now)}", file=out)
        return 0
    if action == "off":
        was_on = (manual := shield.manual()) is not None and manual.active(now)
        # Through the shield: what DND alone held is brought forward to what the calendar
        # allows (now, in work hours); times the user chose stay.
        shield.set_manual(None)
        print("Do not disturb off" if was_on else "Do not disturb was not on", file=out)
        # Outside work hours it is still quiet: say so, or the user expects messages to go.
    print(shield.status(), file=out)
    return 0


def _now(tz) -> datetime:
    raw = os.environ.get(NOW_ENV)
    if not raw:
        return datetime.now(tz)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{NOW_ENV}={raw!r} is not an ISO datetime") from None
    if parsed.utcoffset() is None:
        from inbox_tui.core.availability import local_time

        return local_time(parsed.date(), parsed.hour, parsed.minute, tz)
    return parsed.astimezone(tz)
