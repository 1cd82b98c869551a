"""One line at the bottom: store size, sync state, and the availability (DND) slot."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class StatusBar(Static):
    messages_total: reactive[int | None] = reactive(None)
    sync_state: reactive[str] = reactive("sync: no accounts")
    availability: reactive[str] = reactive("work hours: not enforced yet")
    view_title: reactive[str] = reactive("All")

    def render(self) -> Text:
        size = "…" if self.messages_total is None else f"{self.messages_total:,} messages"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {self.view_title} ", style="bold")
        text.append(f"· {size} · {self.sync_state} · {self.availability}")
        return text
