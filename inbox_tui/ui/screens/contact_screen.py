"""The contact screen (c on a message): who the contact is, and their settings — urgent,
response time, read receipts, the out-of-hours acknowledgement, the drafts' form of
address — each with where its value comes from, plus merging with a duplicate.

The config file is the user's and is never rewritten: what is set here is kept in the
store and wins over the config for this contact (services.contact_settings). Every store
call runs in a thread worker; results come back with `deliver`. The settings' rows and
keys are ContactSettingsList's; merging is the base class's (ui.contact_merge).
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static

from inbox_tui.core.config import Config
from inbox_tui.core.contact_duplicates import Candidate
from inbox_tui.core.contact_settings import FORMAL, SLA
from inbox_tui.services.contact_settings import (
    ContactView,
    contact_view,
    reset_setting,
    set_setting,
    step_setting,
)
from inbox_tui.store import Store
from inbox_tui.ui.contact_merge import ContactMerge
from inbox_tui.ui.contact_text import card_text
from inbox_tui.ui.messages import StoreChanged
from inbox_tui.ui.suggestion_loader import suggest_config
from inbox_tui.ui.thread_calls import deliver
from inbox_tui.ui.widgets.contact_settings_list import (
    KEYS_HINT,
    SETTING_BINDINGS,
    ContactSettingsList,
)

SLA_HINT = 'Response time, in working time: "4h", "1h30m", "1d" — or "none"'


class ContactScreen(ContactMerge):
    DEFAULT_CSS = """
    ContactScreen { align: center middle; }
    #contact { width: 96; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1; }
    #contact-card { height: auto; margin-bottom: 1; }
    #contact-sla, #contact-merge-search { margin-top: 1; }
    #contact-merge { height: auto; }
    #contact-merge-list { height: auto; max-height: 10; }
    #contact-note { height: auto; min-height: 1; margin-top: 1; }
    #contact-keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Close"),
        *SETTING_BINDINGS,
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
            yield ContactSettingsList(id="contact-settings")
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
        self._settings().focus()
        self.load()

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="contact-load")
    def load(self, note: str = "") -> None:
        view = contact_view(self.store, self.contact_id, self._config())
        deliver(self, self._show, view, note)

    def _show(self, view: ContactView | None, note: str) -> None:
        self.current = view
        if view is None:
            self.query_one("#contact-card", Static).update(
                Text("This contact is no longer in the store.", style="dim")
            )
            self._settings().clear_options()
            return
        self.query_one("#contact-card", Static).update(card_text(view.contact))
        self._settings().show(view.settings)
        self._note(note)

    def _settings(self) -> ContactSettingsList:
        return self.query_one("#contact-settings", ContactSettingsList)

    # -- settings ------------------------------------------------------------------------

    def action_step(self, key: str) -> None:
        """A choice setting's own key: its row is highlighted, so x resets it."""
        self._settings().highlight_key(key)
        self._step(key)

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
        key = self._settings().highlighted_key
        if self.current is not None and key:
            self._reset(key)

    @on(Input.Submitted, "#contact-sla")
    def _sla_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set_sla(event.value)

    @work(thread=True, group="contact-write")
    def _step(self, key: str) -> None:
        with self._writing:
            try:
                step_setting(self.store, self.contact_id, key, self._now(), self._config())
            except (LookupError, ValueError) as exc:
                deliver(self, self._note, str(exc), True)
                return
            self._drafts_changed(key)
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
            self._drafts_changed(key)
        deliver(self, self.load, "Back to the config's value.")

    def _drafts_changed(self, key: str) -> None:
        """In the worker: the drafts shown for this contact's message greet as set now."""
        if key == FORMAL:
            deliver(self.app, self.app.relay, StoreChanged())  # type: ignore[attr-defined]

    def _config(self) -> Config:
        return suggest_config(self.app)  # type: ignore[arg-type]

    def _close_sla(self) -> None:
        self.query_one("#contact-sla", Input).display = False
        self._settings().focus()

    def _now(self) -> int:
        return int(self.app.now().timestamp())  # type: ignore[attr-defined]

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
