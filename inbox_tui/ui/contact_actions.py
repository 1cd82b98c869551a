"""The main screen's way into the contact screen: `c` on a message opens its contact."""

from __future__ import annotations

from textual.screen import Screen

from inbox_tui.ui.widgets.timeline import Timeline


class ContactActions(Screen):
    """A base of MainScreen: the contact of the selected message (its key is bound there)."""

    def action_contact(self) -> None:
        row = self.query_one(Timeline).current_row
        if row is None or row.contact_id is None:
            self.notify("Select a message from a contact first.", severity="warning")
            return
        from inbox_tui.ui.screens.contact_screen import ContactScreen

        self.app.push_screen(ContactScreen(self.app.store, row.contact_id))  # type: ignore[attr-defined]
