"""The key reference, opened with `?`."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inbox_tui.core.models import DeliveryState
from inbox_tui.ui.state_legend import STATES, accent_of, state_text

KEYS: list[tuple[str, str]] = [
    ("j / k, ↓ / ↑", "next / previous message"),
    ("g / G, Home / End", "first / last message"),
    ("PageUp / PageDown", "one screen up / down"),
    ("Enter", "open the message (marks it read)"),
    ("/", "search subject, text and names"),
    ("Esc", "close search or dialog"),
    ("Tab / Shift+Tab", "next / previous pane"),
    ("r", "reply (composer; drafts are kept)"),
    ("i", "details: headers, history, reports"),
    ("R", "retry a failed message"),
    ("m / M", "send / ignore a requested read receipt"),
    ("c", "contact: urgent, SLA, receipts, merge"),
    ("f8", "do not disturb on / off (anywhere)"),
    ("x / e", "cancel / edit a queued or held message"),
    ("s / t", "held: send now / hold until another time"),
    ("ctrl+g", "composer in quiet time: send now anyway"),
    ("f2 / f3", "composer: previous / next reply draft"),
    ("f4 or →", "composer: use the draft shown"),
    ("f5", "composer: select the next «placeholder»"),
    ("D", "draft statistics (private counters)"),
    ("ctrl+p", "command palette: views, themes, actions"),
    ("?", "this help"),
    ("q", "quit"),
]
LEGEND: list[tuple[str, str]] = [
    ("✉ / ✆", "email / SMS"),
    ("●", "unread"),
]
# What each state means, beyond its name (the glyph and name come from state_legend).
STATE_NOTES: dict[DeliveryState, str] = {
    DeliveryState.QUEUED: "waiting in the outbox",
    DeliveryState.HELD: "held until work hours (or a set time)",
    DeliveryState.SENDING: "being handed to the server or gateway",
    DeliveryState.SENT: "the server or gateway accepted it",
    DeliveryState.DELIVERED: "a delivery report confirmed it",
    DeliveryState.READ: "a read receipt came back (accent colour)",
    DeliveryState.FAILED: "reason in the reading pane; R retries",
}


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
        accent = accent_of(self.app)
        for state in STATES:
            legend.add_row(state_text(state, accent), STATE_NOTES[state])
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static(legend)

    def action_close(self) -> None:
        self.dismiss(None)
