"""The search field above the timeline, shown by `/` and hidden by Escape."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from inbox_tui.ui.messages import SearchSubmitted


class SearchBar(Input):
    BINDINGS = [Binding("escape", "cancel", "Close search")]

    def __init__(self, **kwargs) -> None:
        super().__init__(
            placeholder="Search subject, text and names (Enter; Esc to close)", **kwargs
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SearchSubmitted(event.value.strip()))

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(SearchSubmitted(""))
