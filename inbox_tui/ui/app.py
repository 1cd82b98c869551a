"""The Textual application: themes, palette commands, and the main screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.worker import WorkerFailed

from inbox_tui.core.availability import ManualDnd, parse_until
from inbox_tui.core.config import Config, Profile
from inbox_tui.core.models import View
from inbox_tui.services.shield import Shield
from inbox_tui.store import Store
from inbox_tui.store.db import StoreWriteError
from inbox_tui.ui.commands import InboxCommands
from inbox_tui.ui.messages import MessageAnnounced
from inbox_tui.ui.screens.main_screen import MainScreen
from inbox_tui.ui.shield_ui import status as shield_status
from inbox_tui.ui.shield_ui import when_text
from inbox_tui.ui.themes import VARIABLE_DEFAULTS, load_themes
from inbox_tui.ui.thread_calls import deliver
from inbox_tui.ui.widgets.status_bar import StatusBar

DEFAULT_THEME = "inbox-dark"


class InboxApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "inbox-tui"
    COMMANDS = App.COMMANDS | {InboxCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # Priority: it must work from the composer's text too. f6 and f7 are TextArea's
        # (select line / all); f8 is free in TextArea and Input.
        Binding("f8", "toggle_dnd", "DND", priority=True),
    ]

    def __init__(
        self,
        store: Store,
        tz: tzinfo | None = None,
        theme_name: str = DEFAULT_THEME,
        user_theme_dirs: list[Path] | None = None,
        startup_warnings: list[str] | None = None,
        clock: Callable[[], datetime] | None = None,
        config: Config | None = None,
        mail_service=None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config
        # A MailService (services layer) when accounts are configured; None in demo mode.
        self.mail = mail_service
        self._bridge = None
        self.tz = tz
        # Injected in tests and snapshots so "today" does not depend on when they run.
        self._clock = clock
        # Demo mode has no config: the default work hours, on the app's own clock zone.
        zone = getattr(tz, "key", None) or "UTC"
        self.shield = Shield(
            store,
            config or Config(profile=Profile(timezone=zone)),
            clock=lambda: self.now().timestamp(),
        )
        self._wanted_theme = theme_name
        self.inbox_theme_names: list[str] = []
        self._startup_warnings = list(startup_warnings or [])
        themes, errors = load_themes(user_theme_dirs)
        self._startup_warnings += errors
        for theme in themes:
            self.register_theme(theme)
            self.inbox_theme_names.append(theme.name)

    def now(self) -> datetime:
        return self._clock() if self._clock else datetime.now(self.tz)

    @property
    def display_tz(self) -> tzinfo:
        """The zone times are shown in: the app's, else the profile's."""
        return self.tz if self.tz is not None else self.shield.tz

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        if self._wanted_theme in self.available_themes:
            self.theme = self._wanted_theme
        else:
            self._startup_warnings.append(
                f"theme {self._wanted_theme!r} not found; using {DEFAULT_THEME}. "
                f"Known: {', '.join(sorted(self.inbox_theme_names))}"
            )
            self.theme = DEFAULT_THEME
        self.push_screen(MainScreen(self.store))
        for warning in self._startup_warnings:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        if self.mail is not None:
            from inbox_tui.ui.mail_bridge import MailBridge

            self._bridge = MailBridge(self, self.mail)
            self._bridge.start()

    def on_unmount(self) -> None:
        if self._bridge is not None:
            self._bridge.stop()

    def _handle_exception(self, error: Exception) -> None:
        # A worker's store write that the disk refused (full, read-only) was rolled back
        # whole and loses nothing: say so and keep the app, and any text being written,
        # alive. Textual would exit on it like on any worker error; everything else still
        # does.
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, StoreWriteError) and self.is_running:
            self.notify(str(cause), title="Not saved", severity="error", timeout=15, markup=False)
            return
        super()._handle_exception(error)

    def relay(self, message: Message) -> None:
        """Deliver a service event to the main screen, whatever screen is on top."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.post_message(message)

    def show_availability(self, text: str) -> None:
        for screen in self.screen_stack:
            # The poll worker may deliver while the app closes and its widgets go.
            bars = screen.query(StatusBar) if isinstance(screen, MainScreen) else ()
            for bar in bars:
                bar.availability = text

    # -- do not disturb ------------------------------------------------------------------

    def action_toggle_dnd(self) -> None:
        self.set_dnd("toggle")

    @work(thread=True, exclusive=True, group="dnd")
    def set_dnd(self, mode: str) -> None:
        """mode: "toggle", "on" (until switched off), "tomorrow" or "off"."""
        shield = self.shield
        now = shield.now()
        if mode == "toggle":
            current = shield.manual()
            mode = "off" if current is not None and current.active(now) else "on"
        note = "Do not disturb off"
        try:
            if mode == "off":
                shield.set_manual(None)
            elif mode == "tomorrow":
                until = parse_until("tomorrow", now, shield.calendar)
                shield.set_manual(ManualDnd(until))
                when = when_text(int(until.timestamp()), now, self.display_tz)
                note = f"Do not disturb on until {when}"
            else:
                shield.set_manual(ManualDnd(None))
                note = "Do not disturb on"
        except Exception as exc:  # noqa: BLE001 — reported, never fatal
            deliver(self, self.notify, f"Do not disturb: {exc}", severity="error", markup=False)
            return
        deliver(self, self.notify, note)
        text = shield_status(shield)
        if text is not None:
            deliver(self, self.show_availability, text)

    @on(MessageAnnounced)
    def _announced(self, event: MessageAnnounced) -> None:
        self.bell()
        text = f"{event.who}: {event.summary}"
        if event.breakthrough:
            text = f"Urgent — {text}"
        self.notify(text, markup=False, severity="warning" if event.breakthrough else "information")

    def set_theme(self, name: str) -> None:
        self.theme = name

    def show_view(self, view: View) -> None:
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.show_view(view)

    def run_screen_action(self, action: str) -> None:
        screen = self.screen
        if isinstance(screen, MainScreen):
            getattr(screen, f"action_{action}")()
