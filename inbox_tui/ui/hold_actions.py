"""The main screen's keys for messages that have not left yet (the Outbox view): send a
held one now despite the quiet time (confirmed), give it another time to leave, cancel a
queued or held one (its text goes back to the drafts) or take it back into the composer.

Every store call runs in a thread worker; results come back with `deliver` (thread_calls).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import work
from textual.binding import Binding

from inbox_tui.core.availability import parse_until
from inbox_tui.core.models import TimelineRow
from inbox_tui.store.drafts import Draft
from inbox_tui.ui.messages import StoreChanged
from inbox_tui.ui.receipt_actions import ReceiptActions
from inbox_tui.ui.shield_ui import when_text
from inbox_tui.ui.thread_calls import deliver

UNTIL_HINT = "08:30 · tomorrow · 2h · 30m · 2026-11-24T10:00"


class HoldActions(ReceiptActions):
    """The base of MainScreen (after ReceiptActions): the keys of held messages."""

    BINDINGS = [
        Binding("s", "send_held_now", "Send held now", show=False),
        Binding("t", "reschedule_held", "Reschedule", show=False),
        Binding("x", "cancel_queued", "Cancel queued", show=False),
        Binding("e", "edit_queued", "Edit queued", show=False),
    ]

    def action_cancel_queued(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._find_item(row.id, ("queued", "held"), self._cancel)

    def action_edit_queued(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._find_item(row.id, ("queued", "held"), partial(self._take_back, row))

    @work(thread=True, group="hold")
    def _cancel(self, item_id: int) -> None:
        if self.store.outbox.cancel(item_id) is not None:
            deliver(self, self.notify, "Cancelled: the text is back in your drafts.")
            deliver(self.app, self.app.relay, StoreChanged())

    @work(thread=True, group="hold")
    def _take_back(self, row: TimelineRow, item_id: int) -> None:
        draft_id = self.store.outbox.cancel(item_id)
        draft = self.store.drafts.get(draft_id) if draft_id is not None else None
        if draft is None:
            return  # it left in the meantime
        deliver(self.app, self.app.relay, StoreChanged())
        deliver(self, self._open_composer, row, draft)

    def _open_composer(self, row: TimelineRow, draft: Draft) -> None:
        from inbox_tui.ui.screens.composer_screen import ComposerScreen

        self.app.push_screen(ComposerScreen(self.store, row, draft=draft))

    def action_send_held_now(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._find_item(row.id, ("held",), self._confirm_send_now)

    def action_reschedule_held(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._find_item(row.id, ("held", "queued"), self._ask_when)

    @work(thread=True, group="hold")
    def _find_item(
        self, message_id: int, states: tuple[str, ...], then: Callable[[int], object]
    ) -> None:
        item = self.store.outbox.for_message(message_id)
        if item is None or item.state not in states:
            what = "held" if states == ("held",) else "queued or held"
            deliver(self, self.notify, f"Only a {what} message can be changed.", severity="warning")
            return
        deliver(self, then, item.id)

    def _confirm_send_now(self, item_id: int) -> None:
        from inbox_tui.ui.screens.confirm_screen import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._release(item_id)

        question = "Send this message now, although it is quiet time?"
        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, group="hold")
    def _release(self, item_id: int) -> None:
        self.store.outbox.release_hold(item_id)
        app = self.app
        deliver(app, app.notify, "Sending now")
        deliver(app, app.relay, StoreChanged())
        if app.mail is not None:
            app.mail.request_send()

    def _ask_when(self, item_id: int) -> None:
        from inbox_tui.ui.screens.confirm_screen import AskScreen

        def answered(text: str | None) -> None:
            if text:
                self._reschedule(item_id, text)

        self.app.push_screen(AskScreen("Hold until:", UNTIL_HINT, "tomorrow"), answered)

    @work(thread=True, group="hold")
    def _reschedule(self, item_id: int, text: str) -> None:
        app = self.app
        shield = app.shield
        now = shield.now()
        try:
            until = int(parse_until(text, now, shield.calendar).timestamp())
        except ValueError as exc:
            deliver(app, app.notify, str(exc), severity="error", markup=False)
            return
        self.store.outbox.hold(item_id, until, scheduled=True)
        deliver(app, app.notify, f"Held until {when_text(until, now, app.display_tz)}")
        deliver(app, app.relay, StoreChanged())
