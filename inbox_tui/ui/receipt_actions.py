"""The main screen's delivery and receipt actions: details, retry, answering a read-receipt
request, and the consent check when a message is opened.

Every store call runs in a thread worker; results come back with `deliver` (thread_calls).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from inbox_tui.core.receipt_policy import Decision
from inbox_tui.ui.messages import StoreChanged
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.core.models import TimelineRow
    from inbox_tui.store import Store
    from inbox_tui.ui.app import InboxApp


def retry_message(app: InboxApp, store: Store, message_id: int) -> bool:
    """Queue a failed message again and say so; call from a thread worker."""
    if not store.outbox.retry(message_id):
        deliver(app, app.notify, "Only a failed message can be retried.", severity="warning")
        return False
    deliver(app, app.notify, "Queued again")
    deliver(app, app.relay, StoreChanged())
    if app.mail is not None:
        app.mail.request_send()
    return True


def receipt_on_open(app: InboxApp, store: Store, message_id: int) -> Decision:
    """The consent policy's say when a message is shown; call from a thread worker.

    Without a config (the demo) there is no account to answer from: nothing happens."""
    config = app.config
    if config is None:
        return Decision.NONE
    from inbox_tui.services.receipts import on_displayed

    try:
        decision = on_displayed(store, config, message_id, app.now())
    except Exception as exc:  # noqa: BLE001 — reading must go on; the user is told
        deliver(app, app.notify, f"Read receipt: {exc}", severity="warning", markup=False)
        return Decision.NONE
    mail = app.mail
    if decision is Decision.SEND:
        deliver(app, app.notify, "Read receipt queued")
        if mail is not None:
            mail.request_send()
    elif decision is Decision.NEVER and mail is not None:
        mail.request_sync()  # push $MDNSent so other clients do not ask either
    if decision is not Decision.NONE:
        deliver(app, app.relay, StoreChanged())
    return decision


class ReceiptActions(Screen):
    """The base of MainScreen: its delivery and receipt keys, kept out of its module."""

    store: Store

    def _selected_row(self) -> TimelineRow | None:
        from inbox_tui.ui.widgets.timeline import Timeline

        row = self.query_one(Timeline).current_row
        if row is None:
            self.notify("Nothing selected.", severity="warning")
        return row

    def action_details(self) -> None:
        row = self._selected_row()
        if row is not None:
            from inbox_tui.ui.screens.details_screen import DetailsScreen

            self.app.push_screen(DetailsScreen(self.store, row.id))

    def action_retry(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._retry(row.id)

    @work(thread=True, group="delivery")
    def _retry(self, message_id: int) -> None:
        retry_message(self.app, self.store, message_id)

    def action_send_receipt(self) -> None:
        self._answer_selected(send=True)

    def action_ignore_receipt(self) -> None:
        self._answer_selected(send=False)

    def _answer_selected(self, send: bool) -> None:
        row = self._selected_row()
        if row is None:
            return
        if self.app.config is None:
            self.notify("No accounts are configured (demo mode).", severity="warning")
            return
        self._answer(row.id, send)

    @work(thread=True, group="delivery")
    def _answer(self, message_id: int, send: bool) -> None:
        from inbox_tui.services.receipts import answer

        app = self.app
        try:
            done = answer(self.store, app.config, message_id, send, app.now())
        except Exception as exc:  # noqa: BLE001 — reported, never fatal
            deliver(app, app.notify, f"Read receipt: {exc}", severity="error", markup=False)
            return
        if not done:
            deliver(app, app.notify, "No read-receipt request to answer here.", severity="warning")
            return
        deliver(app, app.notify, "Read receipt queued" if send else "Receipt request declined")
        deliver(app, app.relay, StoreChanged())
        if app.mail is not None and send:
            app.mail.request_send()
        elif app.mail is not None:
            app.mail.request_sync()  # push $MDNSent for the declined request
