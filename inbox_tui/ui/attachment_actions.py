"""The main screen's `a`: save the selected message's attachments into a folder.

Three steps, none of them on the UI loop's time: a worker reads from the store what the
message carries, the folder is asked (SaveAttachmentsScreen), and a second worker fetches
the raw message from the server and writes the parts. Results come back with `deliver`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from inbox_tui.ui.thread_calls import deliver
from inbox_tui.ui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from inbox_tui.core.models import Message
    from inbox_tui.store import Store

RAW_TIMEOUT = 30.0  # seconds for the server to hand over the whole message
NOTHING_TO_SAVE = "No attachments to save on this message."


class AttachmentActions(Screen):
    """A base of MainScreen: saving attachments (its key is bound there)."""

    store: Store

    def action_save_attachments(self) -> None:
        row = self.query_one(Timeline).current_row
        if row is None:
            self.notify(NOTHING_TO_SAVE, severity="warning")
            return
        self._find_attachments(row.id)

    @work(thread=True, group="attachments")
    def _find_attachments(self, message_id: int) -> None:
        msg = self.store.messages.get(message_id)
        found = self.store.mail.attachments(msg.id) if msg is not None else []
        mail = self.app.mail  # type: ignore[attr-defined]
        # Saving needs the raw message from the server: no account (demo), no UID (not
        # on the server yet) and nothing to save come to the same answer.
        if msg is None or not found or mail is None or msg.uid is None:
            deliver(self, self.notify, NOTHING_TO_SAVE, severity="warning")
            return
        deliver(self, self._ask_folder, msg, [f[1] for f in found])

    def _ask_folder(self, msg: Message, names: list[str]) -> None:
        # Another screen may have opened while the store was read (a key pressed right
        # after `a`): the question would land on top of it, out of place. `a` again asks.
        if not self.is_active:
            return
        from inbox_tui.ui.screens.save_screen import SaveAttachmentsScreen

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self.save_attachments(msg, folder)

        self.app.push_screen(SaveAttachmentsScreen(names), chosen)

    @work(thread=True, group="attachments")
    def save_attachments(self, msg: Message, folder: Path) -> None:
        from inbox_tui.services.attachments import save_attachments

        mail = self.app.mail  # type: ignore[attr-defined]
        try:
            raw = mail.request_raw(msg.account, msg.folder, msg.uid).result(RAW_TIMEOUT)
            saved = save_attachments(raw, folder) if raw else []
        except Exception as exc:  # noqa: BLE001 — reported, never fatal
            deliver(self, self.notify, f"Saving failed: {exc}", severity="error", markup=False)
            return
        names = ", ".join(p.name for p in saved) or "nothing"
        deliver(self, self.notify, f"Saved to {folder}: {names}", markup=False)
