"""The contact screen (c on a message): who the contact is, and their settings — urgent,
response time, read receipts — each with where its value comes from, plus merging with a
duplicate.

The config file is the user's and is never rewritten: what is set here is kept in the
store and wins over the config for this contact (services.contact_settings). Every store
call runs in a thread worker; results come back with `call_from_thread`.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from inbox_tui.core.contact_duplicates import Candidate
from inbox_tui.core.contact_settings import RECEIPTS, SLA, URGENT
from inbox_tui.core.sanitize import one_line
from inbox_tui.services.contact_settings import (
    ContactView,
    contact_view,
    merge_candidates,
    merge_pair,
    reset_setting,
    set_setting,
    step_setting,
)
from inbox_tui.services.response_times import refresh_due
from inbox_tui.store import Store
from inbox_tui.ui.contact_text import candidate_text, card_text, setting_text
from inbox_tui.ui.messages import StoreChanged
from inbox_tui.ui.thread_calls import deliver

KEYS_HINT = "u urgent · s response time · r receipts · ⏎ change · x reset · m merge · Esc close"
SLA_HINT = 'Response time, in working time: "4h", "1h30m", "1d" — or "none"'


class ContactScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ContactScreen { align: center middle; }
    #contact { width: 96; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1; }
    #contact-card { height: auto; margin-bottom: 1; }
    #contact-settings { height: auto; max-height: 8; }
    #contact-sla, #contact-merge-search { margin-top: 1; }
    #contact-merge { height: auto; }
    #contact-merge-list { height: auto; max-height: 10; }
    #contact-note { height: auto; min-height: 1; margin-top: 1; }
    #contact-keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Close"),
        Binding("u", "urgent", "Urgent"),
        Binding("s", "sla", "Response time"),
        Binding("r", "receipts", "Receipts"),
        Binding("x,delete", "reset", "Back to config"),
        Binding("m", "merge", "Merge"),
    ]

    def __init__(self, store: Store, contact_id: int) -> None:
        super().__init__()
        self.store = store
        self.contact_id = contact_id
        self.current: ContactView | None = None
        self._candidates: list[Candidate] = []
        # One change at a time: "press u twice" must toggle twice, not read the same state.
        self._writing = threading.Lock()

    def compose(self) -> ComposeResult:
        with Vertical(id="contact"):
            yield Static(Text("Loading…", style="dim"), id="contact-card")
            yield OptionList(id="contact-settings", markup=False)
            yield Input(placeholder=SLA_HINT, id="contact-sla")
            with Vertical(id="contact-merge"):
                yield Input(
                    placeholder="Search all contacts by name or address", id="contact-merge-search"
                )
                yield OptionList(id="contact-merge-list", markup=False)
            yield Static("", id="contact-note")
            yield Static(Text(KEYS_HINT), id="contact-keys")

    def on_mount(self) -> None:
        self.query_one("#contact", Vertical).border_title = "Contact"
        self.query_one("#contact-sla", Input).display = False
        self.query_one("#contact-merge", Vertical).display = False
        self.query_one("#contact-settings", OptionList).focus()
        self.load()

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="contact-load")
    def load(self, note: str = "") -> None:
        view = contact_view(self.store, self.contact_id)
        deliver(self, self._show, view, note)

    def _show(self, view: ContactView | None, note: str) -> None:
        if not self.is_attached:
            return  # closed while the worker ran
        self.current = view
        if view is None:
            self.query_one("#contact-card", Static).update(
                Text("This contact is no longer in the store.", style="dim")
            )
            self.query_one("#contact-settings", OptionList).clear_options()
            return
        self.query_one("#contact-card", Static).update(card_text(view.contact))
        settings = self.query_one("#contact-settings", OptionList)
        keep = settings.highlighted or 0
        settings.set_options([Option(setting_text(s), id=s.key) for s in view.settings])
        settings.highlighted = min(keep, settings.option_count - 1)
        self._note(note)

    def _note(self, text: str, error: bool = False) -> None:
        if not self.is_attached:
            return  # a worker's answer after the screen was closed
        self.query_one("#contact-note", Static).update(
            Text(text, style="bold red" if error else "")
        )

    # -- settings ------------------------------------------------------------------------

    def action_urgent(self) -> None:
        self._step(URGENT)

    def action_receipts(self) -> None:
        self._step(RECEIPTS)

    def action_sla(self) -> None:
        if self.current is None:
            return
        field = self.query_one("#contact-sla", Input)
        # Empty, the value in force as the placeholder: typing "2h" must not give "1d2h".
        field.value = ""
        field.placeholder = f"now {self.current.effective.sla or 'none'} · {SLA_HINT}"
        field.display = True
        field.focus()

    @on(OptionList.OptionSelected, "#contact-settings")
    def _setting_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or ""
        if key == SLA:
            self.action_sla()
        elif key:
            self._step(key)

    def action_reset(self) -> None:
        settings = self.query_one("#contact-settings", OptionList)
        option = settings.highlighted_option
        if self.current is not None and option is not None and option.id:
            self._reset(option.id)

    @on(Input.Submitted, "#contact-sla")
    def _sla_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set_sla(event.value)

    @work(thread=True, group="contact-write")
    def _step(self, key: str) -> None:
        with self._writing:
            try:
                step_setting(self.store, self.contact_id, key, self._now())
            except (LookupError, ValueError) as exc:
                deliver(self, self._note, str(exc), True)
                return
        deliver(self, self.load, "Saved here: the config file is left as it is.")

    @work(thread=True, group="contact-write")
    def _set_sla(self, text: str) -> None:
        with self._writing:
            try:
                set_setting(self.store, self.contact_id, SLA, text, self._now())
            except (LookupError, ValueError) as exc:
                deliver(self, self._note, str(exc), True)
                return
            self._due_changed()
        deliver(self, self._close_sla)
        deliver(self, self.load, "Response time saved here; waiting messages get new due times.")

    @work(thread=True, group="contact-write")
    def _reset(self, key: str) -> None:
        with self._writing:
            if not reset_setting(self.store, self.contact_id, key):
                deliver(self, self._note, "Not set here: nothing to reset.")
                return
            if key == SLA:
                self._due_changed()
        deliver(self, self.load, "Back to the config's value.")

    def _due_changed(self) -> None:
        """In the worker: recompute due times now, not at the next sync, and tell the
        timeline."""
        refresh_due(self.app.shield)  # type: ignore[attr-defined]
        deliver(self.app, self.app.relay, StoreChanged())  # type: ignore[attr-defined]

    def _close_sla(self) -> None:
        if not self.is_attached:
            return
        self.query_one("#contact-sla", Input).display = False
        self.query_one("#contact-settings", OptionList).focus()

    def _now(self) -> int:
        return int(self.app.now().timestamp())  # type: ignore[attr-defined]

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
        if not self.is_attached:
            return
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
        if not self.is_attached:
            return
        self.query_one("#contact-merge", Vertical).display = False
        self.query_one("#contact-merge-search", Input).value = ""
        self.query_one("#contact-settings", OptionList).focus()

    # -- closing -------------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc closes what is open inside the screen first, then the screen."""
        if self.query_one("#contact-sla", Input).display:
            self._close_sla()
            self._note("")
        elif self.query_one("#contact-merge", Vertical).display:
            self._close_merge()
            self._note("")
        else:
            self.dismiss(None)
