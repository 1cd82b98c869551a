"""The first-run setup as its own small Textual app: profile, then accounts, then save.

It runs before the inbox (no store is opened for it) and returns what it wrote, or None
when the user left without saving — in which case nothing at all was written. Saving
itself is injected (`save`): the command layer owns the keyring and the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from inbox_tui.core.setup_draft import SaveOutcome, SetupDraft
from inbox_tui.services.account_check import DEFAULT_TIMEOUT
from inbox_tui.ui.themes import VARIABLE_DEFAULTS, load_themes

DEFAULT_THEME = "inbox-dark"
# draft, secrets by account name, replace the existing file → what was written
SaveFunction = Callable[[SetupDraft, dict[str, str], bool], SaveOutcome]


class SetupApp(App[SaveOutcome | None]):
    CSS_PATH = "setup.tcss"
    TITLE = "inbox-tui setup"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(
        self,
        draft: SetupDraft,
        save: SaveFunction,
        *,
        path: Path,
        exists: bool,
        notes: list[str] | None = None,
        check_timeout: float = DEFAULT_TIMEOUT,
        callback_base: str = "http://127.0.0.1:8787/hook/setup/test",
        theme_name: str = DEFAULT_THEME,
        user_theme_dirs: list[Path] | None = None,
    ) -> None:
        super().__init__()
        self.draft = draft
        self.save_config = save
        self.config_path = path
        self.config_exists = exists
        self.notes = list(notes or [])
        self.check_timeout = check_timeout
        self.callback_base = callback_base
        # Account secrets stay in memory until the final save puts them in the keyring.
        self.secrets: dict[str, str] = {}
        self.keyring_problem: str | None = None  # set by the accounts screen's probe
        self._wanted_theme = theme_name
        themes, _ = load_themes(user_theme_dirs)
        for theme in themes:
            self.register_theme(theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        from inbox_tui.ui.screens.setup_screen import SetupScreen

        if self._wanted_theme in self.available_themes:
            self.theme = self._wanted_theme
        self.push_screen(SetupScreen())
