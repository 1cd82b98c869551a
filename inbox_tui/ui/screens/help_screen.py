"""The key reference, opened with `?`."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("j / k, ↓ / ↑", "next / previous message"),
    ("g / G, Home / End", "first / last message"),
    ("PageUp / PageDown", "one screen up / down"),
    ("Enter", "open the message (marks it read)"),
    ("/", "search subject, text and names"),
    ("Esc", "close search or dialog"),
    ("Tab / Shift+Tab", "next / previous pane"),
    ("r", "reply (composer; drafts are kept)"),
    ("ctrl+p", "command palette: views, themes, every action"),
    ("?", "this help"),
    ("q", "quit"),
]
LEGEND: list[tuple[str, str]] = [
    ("✉ / ✆", "email / SMS"),
    ("●", "unread"),
    ("◷ ⏸ ↑", "queued, held, sending"),
    ("✓ / ✓✓", "sent / delivered (accent colour: read)"),
    ("✗", "failed (reason in the reading pane)"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", show_header=False, expand=True)
        for key, what in KEYS:
            table.add_row(key, what)
        legend = Table(title="Glyphs", show_header=False, expand=True)
        for glyph, what in LEGEND:
            legend.add_row(glyph, what)
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static(legend)

    def action_close(self) -> None:
        self.dismiss(None)
