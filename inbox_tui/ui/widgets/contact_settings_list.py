"""The contact screen's settings: one row each, with the value in force and where it comes
from, and the keys that change them.

The keys are bound on the screen (SETTING_BINDINGS), not on this list, so they work
wherever the focus is inside it; each names the setting it steps, and the list then
highlights that row so x (reset) acts on what was just changed.
"""

from __future__ import annotations

import contextlib

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from inbox_tui.core.contact_settings import AUTO_ACK, FORMAL, RECEIPTS, URGENT, SettingLine
from inbox_tui.ui.contact_text import setting_text

SETTING_BINDINGS = [
    Binding("u", f"step('{URGENT}')", "Urgent"),
    Binding("s", "sla", "Response time"),
    Binding("r", f"step('{RECEIPTS}')", "Receipts"),
    Binding("a", f"step('{AUTO_ACK}')", "Auto-ack"),
    Binding("f", f"step('{FORMAL}')", "Form of address"),
    Binding("x,delete", "reset", "Back to config"),
]
KEYS_HINT = (
    "u urgent · s response time · r receipts · a auto-ack · f form of address (Lei/tu)\n"
    "⏎ change the highlighted one · x back to the config's value · m merge · Esc close"
)


class ContactSettingsList(OptionList):
    """Rows are rich Text built from cleaned values (contact_text), never markup."""

    DEFAULT_CSS = """
    ContactSettingsList { height: auto; max-height: 11; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 — Textual's name
        super().__init__(id=id, markup=False)

    def show(self, settings: list[SettingLine]) -> None:
        """Each setting's row, the highlight kept where it was."""
        keep = self.highlighted or 0
        self.set_options([Option(setting_text(s), id=s.key) for s in settings])
        self.highlighted = min(keep, self.option_count - 1)

    def highlight_key(self, key: str) -> None:
        with contextlib.suppress(OptionDoesNotExist):  # not loaded yet
            self.highlighted = self.get_option_index(key)

    @property
    def highlighted_key(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
