"""The Textual application: themes, palette commands, and the main screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.message import Message

from inbox_tui.core.config import Config
from inbox_tui.core.models import View
from inbox_tui.store import Store
from inbox_tui.ui.commands import InboxCommands
from inbox_tui.ui.screens.main_screen import MainScreen
from inbox_tui.ui.themes import VARIABLE_DEFAULTS, load_themes

DEFAULT_THEME = "inbox-dark"


class InboxApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "inbox-tui"
    COMMANDS = App.COMMANDS | {InboxCommands}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

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

    def relay(self, message: Message) -> None:
        """Deliver a service event to the main screen, whatever screen is on top."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.post_message(message)

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
