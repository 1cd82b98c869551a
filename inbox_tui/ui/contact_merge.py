"""Merging the contact on screen with a duplicate: the base class of ContactScreen.

`m` lists likely duplicates (services.contact_settings.merge_candidates); typing searches
every contact; Enter asks, then merges in a thread worker. Also the helpers both parts of
the screen share: the note line and telling the timeline that due times moved.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from inbox_tui.core.contact_duplicates import Candidate
from inbox_tui.core.sanitize import one_line
from inbox_tui.services.contact_settings import ContactView, merge_candidates, merge_pair
from inbox_tui.services.response_times import refresh_due
from inbox_tui.ui.contact_text import candidate_text
from inbox_tui.ui.messages import StoreChanged
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.store import Store


class ContactMerge(ModalScreen[None]):
    # Set by ContactScreen.
    store: Store
    contact_id: int
    current: ContactView | None
    _candidates: list[Candidate]
    _writing: threading.Lock

    if TYPE_CHECKING:

        def load(self, note: str = "") -> object: ...

    def _note(self, text: str, error: bool = False) -> None:
        self.query_one("#contact-note", Static).update(
            Text(text, style="bold red" if error else "")
        )

    def _due_changed(self) -> None:
        """In the worker: recompute due times now, not at the next sync, and tell the
        timeline."""
        refresh_due(self.app.shield)  # type: ignore[attr-defined]
        deliver(self.app, self.app.relay, StoreChanged())  # type: ignore[attr-defined]

    # -- merging -------------------------------------------------------------------------

    def action_merge(self) -> None:
        if self.current is None:
            return
        self.query_one("#contact-merge", Vertical).display = True
        self.query_one("#contact-merge-search", Input).focus()
        self._note("Likely duplicates; type to search every contact. Enter merges.")
        self.find_candidates("")

    @on(Input.Changed, "#contact-merge-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find_candidates(event.value)

    @on(Input.Submitted, "#contact-merge-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = self.query_one("#contact-merge-list", OptionList)
        if found.option_count:
            found.focus()

    @work(thread=True, exclusive=True, group="contact-candidates")
    def find_candidates(self, query: str) -> None:
        found = merge_candidates(self.store, self.contact_id, query)
        deliver(self, self._show_candidates, found, bool(query.strip()))

    def _show_candidates(self, found: list[Candidate], searched: bool) -> None:
        self._candidates = found
        options = self.query_one("#contact-merge-list", OptionList)
        options.set_options([Option(candidate_text(c)) for c in found])
        if found:
            options.highlighted = 0
        else:
            none = "No contact matches." if searched else "No likely duplicate found; search."
            options.add_option(Option(Text(none, style="dim"), disabled=True))

    @on(OptionList.OptionSelected, "#contact-merge-list")
    def _candidate_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not 0 <= event.option_index < len(self._candidates) or self.current is None:
            return
        other = self._candidates[event.option_index].contact
        from inbox_tui.ui.screens.confirm_screen import ConfirmScreen

        # Short: the dialog is one line wide; the full names are on this screen already.
        mine, theirs = one_line(self.current.contact.name, 20), one_line(other.name, 20)
        question = f"Merge {theirs} with {mine}? It cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes and other.id is not None:
                self._merge(other.id)

        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, group="contact-write")
    def _merge(self, other_id: int) -> None:
        with self._writing:
            try:
                self.contact_id = merge_pair(self.store, self.contact_id, other_id)
            except LookupError as exc:
                deliver(self, self._note, str(exc), True)
                return
            self._due_changed()
        deliver(self, self._close_merge)
        deliver(self, self.load, "Merged: one contact, every address and message.")

    def _close_merge(self) -> None:
        self.query_one("#contact-merge", Vertical).display = False
        self.query_one("#contact-merge-search", Input).value = ""
        self.query_one("#contact-settings").focus()
