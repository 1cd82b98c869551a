"""Two small dialogs: a yes/no question, and one line of text to type."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

_CSS = """
ConfirmScreen, AskScreen {
    align: center middle;
}
ConfirmScreen > Vertical, AskScreen > Vertical {
    width: 64;
    height: auto;
    padding: 1 2;
    border: round $accent;
    background: $surface;
}
ConfirmScreen Horizontal {
    height: auto;
    margin-top: 1;
}
ConfirmScreen Button {
    margin-right: 2;
}
AskScreen Label.hint {
    color: $text-muted;
}
"""


class ConfirmScreen(ModalScreen[bool]):
    """A question; dismissed with True for yes. The safe answer (no) has the focus."""

    DEFAULT_CSS = _CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes (y)", no: str = "No (n)") -> None:
        super().__init__()
        self.question = question
        self._yes, self._no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            with Horizontal():
                yield Button(self._yes, id="yes", variant="warning")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AskScreen(ModalScreen[str | None]):
    """One line of text; Enter gives it back, Esc gives None."""

    DEFAULT_CSS = _CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, hint: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Input(placeholder=self.placeholder, id="ask-input")
            if self.hint:
                yield Label(Text(self.hint), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
