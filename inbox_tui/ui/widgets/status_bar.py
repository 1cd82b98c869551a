"""One line at the bottom: store size, sync state, and the availability (DND) slot."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class StatusBar(Static):
    messages_total: reactive[int | None] = reactive(None)
    sync_state: reactive[str] = reactive("sync: no accounts")
    accounts: reactive[dict[str, str]] = reactive(dict, always_update=True)
    # The shield's status ("Working · until 18:00 · 2 held"); empty until the first poll.
    availability: reactive[str] = reactive("")
    view_title: reactive[str] = reactive("All")

    def render(self) -> Text:
        size = "…" if self.messages_total is None else f"{self.messages_total:,} messages"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {self.view_title} ", style="bold")
        sync = " · ".join(self.accounts.values()) if self.accounts else self.sync_state
        text.append(f"· {size} · {sync}")
        if self.availability:
            text.append(f" · {self.availability}")
        return text

    def set_account(self, account: str, state: str) -> None:
        self.accounts = {**self.accounts, account: state}
