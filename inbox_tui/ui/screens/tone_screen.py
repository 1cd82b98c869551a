"""Before a reply leaves: what the tone check noticed. It warns, it never blocks — the
professional decides; Enter sends anyway, Esc goes back to the text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from inbox_tui.core.sanitize import one_line
from inbox_tui.core.suggest.tone import ToneWarning

# Short names for the codes, so the list scans at a glance.
TITLES: dict[str, str] = {
    "after_hours": "Quiet time",
    "placeholder": "Placeholder",
    "exclamations": "Exclamations",
    "emoji": "Emoji",
    "chummy": "Too familiar",
    "nickname": "Form of address",
}


def warnings_text(warnings: list[ToneWarning]) -> Text:
    """One line per warning. The messages quote the reply (“tesoro”): plain text, cut to a
    line, never markup."""
    out = Text()
    for i, warning in enumerate(warnings):
        if i:
            out.append("\n")
        out.append("• ")
        out.append(TITLES.get(warning.code, warning.code), style="bold")
        out.append(": " + one_line(warning.message, 300))
    return out


class ToneScreen(ModalScreen[bool]):
    """Dismissed with True to send anyway, False to keep editing."""

    BINDINGS = [
        Binding("enter", "answer(True)", "Send anyway", priority=True),
        Binding("escape", "answer(False)", "Keep editing", priority=True),
    ]

    def __init__(self, warnings: list[ToneWarning]) -> None:
        super().__init__()
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        with Vertical(id="tone"):
            yield Label(Text("Before sending, have a look:", style="bold"))
            yield Static(warnings_text(self.warnings), id="tone-warnings")
            with Horizontal(id="tone-buttons"):
                yield Button("Send anyway (enter)", id="send", variant="warning")
                yield Button("Keep editing (esc)", id="edit")

    def on_mount(self) -> None:
        # Keys only: a focused button would make Enter mean "press this button" instead.
        for button in self.query(Button):
            button.can_focus = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "send")

    def action_answer(self, send: bool) -> None:
        self.dismiss(send)
