"""Building the app for UI tests: fixed clock and timezone so screens are reproducible."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.screens.main_screen import MainScreen
from inbox_tui.ui.widgets.timeline import Timeline

ROME = ZoneInfo("Europe/Rome")
FIXED_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


def make_app(store: Store, theme: str = "inbox-dark") -> InboxApp:
    return InboxApp(store, tz=ROME, theme_name=theme, clock=lambda: FIXED_NOW)


async def settle(pilot, app: InboxApp) -> Timeline:
    """Wait until the timeline has its count and the rows on screen are loaded."""
    await pilot.pause()
    # The main screen's timeline, even when a modal (help, composer) is on top.
    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    timeline = main.query_one(Timeline)
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


def screen_text(app: InboxApp) -> str:
    """What the terminal shows right now, as plain text lines (the real compositor output)."""
    strips = app.screen._compositor.render_strips()  # noqa: SLF001
    return "\n".join(strip.text for strip in strips)
