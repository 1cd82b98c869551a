"""The composer's receipt toggles (email only): a read receipt and a delivery report.

Their defaults follow the contact, else the account, else the [receipts] wish; they are
worked out by the composer's loading worker (`receipt_defaults` reads the store) and shown
with `show_receipts`. ctrl+r and ctrl+t switch them (the keys are bound by ComposerScreen,
so that the footer keeps Send and Close first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen
from textual.widgets import Checkbox

if TYPE_CHECKING:
    from inbox_tui.core.models import Message, TimelineRow
    from inbox_tui.store import Store


class ComposerReceipts(ModalScreen[int | None]):
    """A base of ComposerScreen: its `#composer-receipts` row, hidden until the defaults
    are known (and for SMS, which has no such reports)."""

    # Set by ComposerScreen.
    store: Store
    row: TimelineRow

    def receipt_defaults(self, original: Message | None) -> tuple[bool, bool] | None:
        """On a worker: the contact's, else the account's, else [receipts]' wish; None: no
        email account."""
        config = self.app.config  # type: ignore[attr-defined]
        if config is None:
            return None
        from inbox_tui.core.receipt_settings import request_settings
        from inbox_tui.services.compose_send import ComposeError, email_account_for
        from inbox_tui.services.contact_settings import effective_contact

        try:
            account = email_account_for(config, original)
        except ComposeError:
            return None
        contact = effective_contact(self.store, self.row.contact_id)  # screen over config
        return request_settings(config, account.name, contact)

    def show_receipts(self, read: bool, dsn: bool) -> None:
        self.query_one("#receipt-read", Checkbox).value = read
        self.query_one("#receipt-dsn", Checkbox).value = dsn
        self.query_one("#composer-receipts").display = True

    def receipt_choices(self) -> tuple[bool | None, bool | None]:
        """(read receipt, delivery report) as chosen; None when the toggles are not shown."""
        if not self.query_one("#composer-receipts").display:
            return None, None
        read = self.query_one("#receipt-read", Checkbox).value
        return read, self.query_one("#receipt-dsn", Checkbox).value

    def action_toggle_receipt(self, which: str) -> None:
        if self.query_one("#composer-receipts").display:
            self.query_one(f"#receipt-{which}", Checkbox).toggle()
