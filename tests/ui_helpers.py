"""Building the app for UI tests: fixed clock and timezone so screens are reproducible."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.config import Config
from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.screens.main_screen import MainScreen
from inbox_tui.ui.widgets.timeline import Timeline

ROME = ZoneInfo("Europe/Rome")
FIXED_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)

# Monday to Friday with a lunch break; the weekend off.
STUDIO_WORK_HOURS = """
[work_hours]
mon = ["08:30-12:30", "14:00-18:00"]
tue = ["08:30-12:30", "14:00-18:00"]
wed = ["08:30-12:30", "14:00-18:00"]
thu = ["08:30-12:30", "14:00-18:00"]
fri = ["08:30-12:30", "14:00-18:00"]
sat = []
sun = []
"""


def make_app(store: Store, theme: str = "inbox-dark") -> InboxApp:
    return InboxApp(store, tz=ROME, theme_name=theme, clock=lambda: FIXED_NOW)


def main_screen(app: InboxApp) -> MainScreen:
    """The main screen, even when a modal (help, composer) is on top of it."""
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


async def settle(pilot, app: InboxApp) -> Timeline:
    """Wait until the timeline has its count and the rows on screen are loaded."""
    await pilot.pause()
    timeline = main_screen(app).query_one(Timeline)
    for _ in range(500):
        await pilot.pause(0.01)
        if (
            timeline.total
            and timeline.current_row is not None
            and not any(w.is_running for w in app.workers)
        ):
            break
    await pilot.pause()
    return timeline


async def until(pilot, condition, timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.02)
    if condition():
        return
    # What the user would have seen is the only clue left once CI has moved on.
    app = pilot.app
    raise AssertionError(
        f"condition not met in {timeout} s; screen {type(app.screen).__name__}:\n{screen_text(app)}"
    )


def screen_text(app: InboxApp) -> str:
    """What the terminal shows right now, as plain text lines (the real compositor output)."""
    strips = app.screen._compositor.render_strips()  # noqa: SLF001
    return "\n".join(strip.text for strip in strips)


def studio_config(
    source: str,
    *,
    address: str = "maria@studio.test",
    language: str | None = None,
    work_hours: bool = True,
    extra: str = "",
) -> Config:
    """Maria's studio: her profile in Rome, optionally her work hours, and one email account
    ("studio") whose servers are never reached. `extra` is more TOML (e.g. a [receipts] table)
    placed before the account; `source` is the file name the config reports."""
    profile = '[profile]\nname = "Avv. Maria Rossi"\ntimezone = "Europe/Rome"\n'
    if language is not None:
        profile += f'language = "{language}"\n'
    hours = STUDIO_WORK_HOURS if work_hours else ""
    account = f"""
[[accounts]]
name = "studio"
kind = "email"
address = "{address}"
username = "{address}"
imap = {{ host = "127.0.0.1", port = 1 }}
smtp = {{ host = "127.0.0.1", port = 1, security = "starttls" }}
"""
    return parse_config_text(profile + hours + extra + "\n" + account, source)


def outbox_emails(store: Store) -> list:
    """The outbox's active items that are emails (not SMS or read-receipt items)."""
    return [i for i in store.outbox.active() if i.kind == "email"]
