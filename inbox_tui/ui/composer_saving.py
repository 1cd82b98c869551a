"""The composer's own text kept in the store's drafts: a second after each pause in typing,
and on close (Esc). Every write runs in a thread worker, never on the UI loop.

Safe against a crash right after all the same: the app's way out (asyncio.run) waits for
the worker threads, and Esc closes the composer only once the draft is written. A disk that
refuses the write (full, read-only) leaves the composer open with the text, and says so. One writer
at a time (the send worker takes the same lock): two first saves of a new draft running at
once would each insert a row.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import work
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, TextArea

from inbox_tui.store.db import StoreError
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.store import Store
    from inbox_tui.store.drafts import Draft

AUTOSAVE_SECONDS = 1.0


class ComposerSaving(ModalScreen[int | None]):
    """A base of ComposerScreen: its draft saved as it is written, and closing with Esc."""

    # Set by ComposerScreen.
    store: Store
    draft: Draft

    def __init__(self) -> None:
        super().__init__()
        self._autosave: Timer | None = None
        # Esc pressed: the draft is being written, then it closes. (Not `_closing`: the
        # message pump's own flag of that name would stop the screen's events.)
        self._leaving = False
        self._save_lock = threading.Lock()
        # Until the saved draft (if any) is loaded, self.draft is a blank one: an autosave
        # then would insert a second row beside the draft being loaded.
        self.draft_ready = False

    def schedule_save(self) -> None:
        """On every change: the draft is written once typing pauses."""
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self.action_save)

    def collect_draft(self) -> Draft:
        """The draft with the subject and text as they are on screen now."""
        self.draft.subject = self.query_one("#composer-subject", Input).value
        self.draft.body = self.query_one("#composer-body", TextArea).text
        return self.draft

    def write_draft(self, draft: Draft) -> None:
        """On a worker (the send worker's first step): the draft written, whatever else
        happens to it next."""
        with self._save_lock:
            self.store.drafts.save(draft)

    def action_save(self) -> None:
        """The autosave timer's: the text as it is now, written by a worker."""
        if not self.draft_ready:
            self.schedule_save()  # typed while the draft loads: saved with it, once loaded
            return
        self.collect_draft()
        self._save_draft(close=False)

    @work(thread=True, group="draft-save")
    def _save_draft(self, close: bool) -> None:
        draft = self.draft
        try:
            with self._save_lock:
                # A new draft with no text yet is not worth a row.
                if draft.id is not None or draft.body.strip():
                    self.store.drafts.save(draft)
        except StoreError as exc:  # a full or read-only disk: the text is still on screen
            deliver(self, self._save_failed, str(exc))
            return
        if close:
            deliver(self, self._close_when_saved)

    def _save_failed(self, reason: str) -> None:
        # Closing now would throw the text away: the composer stays, with the text.
        self._leaving = False
        self.notify(
            f"Draft not saved: {reason}. The text stays here; it is saved at the next pause "
            "in typing, and Esc tries again.",
            severity="error",
            timeout=15,
            markup=False,
        )

    def action_close(self) -> None:
        if self._leaving:
            return  # Esc again while the draft is being written
        self._leaving = True
        if self._autosave is not None:
            self._autosave.stop()
        self.collect_draft()
        self._save_draft(close=True)

    def _close_when_saved(self) -> None:
        self._leaving = False
        if not self.is_active:
            return  # a dialog opened on top meanwhile (ctrl+p): the draft is kept, Esc closes
        if self.draft.id is not None:
            self.notify("Draft saved.")
        self.dismiss(self.draft.id)
