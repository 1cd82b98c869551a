"""Reply drafts for the message in the reading pane, and for the composer.

`load_suggestion` runs on worker threads only: it reads the store and, the first time,
the template files. The drafts are an aid: whatever goes wrong in them (a broken user
template, an engine bug on an odd message) is reported once and the message is shown
without drafts — never a crash of the worker, which would take the app down.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from inbox_tui.core.config import Config
from inbox_tui.core.models import Direction, TimelineRow
from inbox_tui.core.suggest.models import Suggestion
from inbox_tui.ui.thread_calls import deliver
from inbox_tui.ui.widgets.reading_pane import ReadingPane
from inbox_tui.ui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from inbox_tui.ui.app import InboxApp

log = logging.getLogger(__name__)
_warned: set[str] = set()
_warned_lock = threading.Lock()


def suggest_config(app: InboxApp) -> Config:
    """The app's config; in demo mode (no config) the shield's defaults, drafts enabled."""
    return app.config or app.shield.config


def load_suggestion(app: InboxApp, message_id: int) -> Suggestion | None:
    """The drafts for one stored message; None when disabled, not incoming, or failing."""
    config = suggest_config(app)
    if not config.suggest.enabled:
        return None
    try:
        from inbox_tui.services.suggestions import suggest_for
        from inbox_tui.suggest_data import LANGUAGES, load_templates

        # Parsed once per process; a user's file is only stat()ed again (an edit shows).
        templates = {language: load_templates(language) for language in LANGUAGES}
        return suggest_for(app.store, config, app.shield, message_id, templates)
    except Exception as exc:  # noqa: BLE001 — TemplateError or an engine bug: no drafts
        log.exception("reply drafts failed for message %s", message_id)
        _warn_once(app, f"Reply drafts are unavailable: {exc}")
        return None


def _warn_once(app: InboxApp, text: str) -> None:
    with _warned_lock:
        if text in _warned:
            return
        _warned.add(text)
    deliver(app, app.notify, text, severity="warning", timeout=10, markup=False)


class SuggestionLoader(Screen):
    """The base of MainScreen (before HoldActions): the drafts panel follows the reading
    pane."""

    BINDINGS = [Binding("D", "draft_stats", "Draft statistics", show=False)]

    def show_conversation(self, text: Text, row: TimelineRow) -> None:
        """From the conversation worker, on the UI loop (the DOM is queried here, not in
        the thread); the drafts follow from a worker of their own."""
        self.query_one(ReadingPane).show(text, message_id=row.id)
        if row.direction is Direction.INBOUND:
            self._load_drafts(row)

    @work(thread=True, exclusive=True, group="suggestion")
    def _load_drafts(self, row: TimelineRow) -> None:
        app: InboxApp = self.app  # type: ignore[assignment]
        suggestion = load_suggestion(app, row.id)
        if get_current_worker().is_cancelled:
            return  # the cursor moved on: a newer worker has the panel
        deliver(self, self._suggestion_loaded, row.id, suggestion)

    def _suggestion_loaded(self, message_id: int, suggestion: Suggestion | None) -> None:
        row = self.query_one(Timeline).current_row
        if row is None or row.id != message_id:
            return  # the cursor moved on while the drafts were being written
        self.query_one(ReadingPane).show_suggestion(message_id, suggestion)

    def suggestion_of(self, row: TimelineRow) -> Suggestion | None:
        """What the panel shows for `row`, handed to the composer (None: it loads its own)."""
        return self.query_one(ReadingPane).suggestion_for(row.id)

    def action_draft_stats(self) -> None:
        from inbox_tui.ui.screens.draft_stats_screen import DraftStatsScreen

        self.app.push_screen(DraftStatsScreen(self.app.store))  # type: ignore[attr-defined]
