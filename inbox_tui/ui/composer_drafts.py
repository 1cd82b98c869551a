"""The composer's reply drafts and its tone check: the base class of ComposerScreen.

The first draft is offered as ghost text in the empty body (see GhostTextArea for why it
is drawn in two parts); keys cycle the drafts, take one into the text, and jump between
its «placeholders». Before sending, the tone check lists what might be regretted.

Keys: function keys, like the app's f8. TextArea already takes most ctrl+letters (a, c,
d, e, k, u, v, w, x, y, z) and f6/f7; the composer has ctrl+s/r/t/g and the app ctrl+p
(palette) and ctrl+q; ctrl+b is tmux's prefix; ctrl+h/i/j/m arrive as backspace, tab and
enter from a terminal; shift+fN arrives as f13… in many. f2–f5 are free in TextArea and
Input and reach the app in xterm, VTE, kitty, iTerm2 and Windows Terminal alike (f1, f10
and f11 are often the terminal's own).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea
from textual.widgets.text_area import Selection

from inbox_tui.core.contact_settings import config_formal
from inbox_tui.core.sanitize import clean
from inbox_tui.core.suggest.models import (
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_OPEN,
    Draft,
    Suggestion,
)
from inbox_tui.core.suggest.tone import ToneWarning
from inbox_tui.ui.suggestion_loader import suggest_config
from inbox_tui.ui.widgets.ghost_text_area import GhostTextArea

if TYPE_CHECKING:
    from inbox_tui.core.models import TimelineRow
    from inbox_tui.store import Store

log = logging.getLogger(__name__)
DRAFT_ACTIONS = frozenset({"cycle_draft", "use_draft", "next_placeholder"})
PLACEHOLDER = re.compile(f"{PLACEHOLDER_OPEN}[^{PLACEHOLDER_OPEN}{PLACEHOLDER_CLOSE}\n]*"
                         f"{PLACEHOLDER_CLOSE}")  # fmt: skip


# Listed by ComposerScreen after its own keys: in the footer, Send and Close come first.
# f2 is left out of the footer (f3 wraps around to the first draft): room for the rest.
# Priority: a non-priority key first goes to the text area and bubbles back up, while the
# keys typed after it are already being inserted — f5 then "a" typed fast (or on a busy
# loop) put the "a" at the old cursor, not over the «placeholder» f5 selects.
DRAFT_BINDINGS = [
    Binding("f2", "cycle_draft(-1)", "Prev draft", show=False, priority=True),
    Binding("f3", "cycle_draft(1)", "Next draft", priority=True),
    Binding("f4", "use_draft", "Use draft", priority=True),
    Binding("f5", "next_placeholder", "Next «»", priority=True),
]


class ComposerDrafts(ModalScreen[int | None]):
    # Set by ComposerScreen.
    store: Store
    row: TimelineRow
    _hold: int | None

    _suggestion: Suggestion | None = None  # only when its drafts were offered
    _draft_index = 0
    _accepted: Draft | None = None  # the draft last taken into the text
    _formal: bool | None = None  # the contact's form of address in force, once read

    def _body(self) -> GhostTextArea:
        return self.query_one("#composer-body", GhostTextArea)

    def drafts_allowed(self, action: str) -> bool:
        """For check_action: the draft keys are shown only when there are drafts."""
        drafts = self._suggestion.drafts if self._suggestion else ()
        if action == "cycle_draft":
            return len(drafts) > 1
        return bool(drafts)

    # -- offering -----------------------------------------------------------------------

    def offer_drafts(self, suggestion: Suggestion | None) -> None:
        """Once the text is loaded. Only into an empty body: the user's words come first."""
        if suggestion is None or not suggestion.trigger or not suggestion.drafts:
            return
        if self._body().text:
            return
        # The drafts quote the client: no terminal control sequence reaches the screen.
        drafts = tuple(replace(d, text=clean(d.text)) for d in suggestion.drafts)
        self._suggestion = replace(suggestion, drafts=drafts)
        self._draft_index = 0
        self._body().set_ghost(drafts[0].text)
        self._show_draft_line()
        self.refresh_bindings()
        self._count("shown")

    def _current(self) -> Draft | None:
        return self._suggestion.drafts[self._draft_index] if self._suggestion else None

    def _unchanged_draft(self) -> bool:
        """The text is exactly a draft taken in: another one may replace it."""
        return self._accepted is not None and self._body().text == self._accepted.text

    def _show_draft_line(self) -> None:
        line = self.query_one("#composer-drafts", Label)
        draft, suggestion = self._current(), self._suggestion
        line.display = draft is not None
        if draft is None or suggestion is None:
            return
        count = len(suggestion.drafts)
        text = Text(f"Draft {self._draft_index + 1} of {count} · {draft.kind}", style="bold")
        if self._accepted is None:
            text.append(" · f4 or → uses it" + (" · f3 next draft" if count > 1 else ""))
        elif left := len(PLACEHOLDER.findall(self._body().text)):
            text.append(f" · fill in the «» ({left} left): type over it, f5 goes to the next one")
        line.update(text)

    @on(TextArea.Changed, "#composer-body")
    def _drafts_follow_text(self) -> None:
        # The hint about «placeholders» goes once the last one is filled in.
        if self._accepted is not None:
            self._show_draft_line()

    # -- keys ---------------------------------------------------------------------------

    def action_cycle_draft(self, step: int) -> None:
        if self._suggestion is None:
            return
        body = self._body()
        replacing = self._unchanged_draft()
        if body.text and not replacing:
            self.notify("Drafts are offered on an empty text (ctrl+z undoes).", severity="warning")
            return
        self._draft_index = (self._draft_index + step) % len(self._suggestion.drafts)
        if replacing:
            self._take(self._suggestion.drafts[self._draft_index])
        else:
            body.set_ghost(self._suggestion.drafts[self._draft_index].text)
            self._show_draft_line()
        body.focus()

    def action_use_draft(self) -> None:
        draft = self._current()
        if draft is None:
            return
        body = self._body()
        # Into an empty text, one that is still the draft's first words, or over a draft
        # taken in and not changed since.
        follows = not body.text or (body.ghost and draft.text.startswith(body.text))
        if not follows and not self._unchanged_draft():
            self.notify("The text is yours: drafts go into an empty text.", severity="warning")
            return
        self._take(draft)

    def on_ghost_text_area_ghost_accepted(self, event: GhostTextArea.GhostAccepted) -> None:
        event.stop()
        self.action_use_draft()

    def _take(self, draft: Draft) -> None:
        body = self._body()
        body.set_ghost("")
        # One edit over the whole text: ctrl+z brings back what was there.
        body.replace(draft.text, (0, 0), body.document.end)
        self._accepted = draft
        body.focus()
        if not self._select_placeholder(0):
            body.move_cursor(body.document.end)
        self._show_draft_line()
        self._count("accepted", draft.kind)

    def action_next_placeholder(self) -> None:
        body = self._body()
        after = body.document.get_index_from_location(max(body.selection))
        if not self._select_placeholder(after):
            self.notify("No «placeholder» left.")
        body.focus()

    def _select_placeholder(self, start: int) -> bool:
        """Select the first «…» from `start` (then from the top): typing replaces it."""
        body = self._body()
        text = body.text
        hole = PLACEHOLDER.search(text, start) or PLACEHOLDER.search(text)
        if hole is None:
            return False
        where = body.document.get_location_from_index
        body.selection = Selection(where(hole.start()), where(hole.end()))
        body.scroll_cursor_visible()
        return True

    # -- before sending -----------------------------------------------------------------

    def read_form_of_address(self) -> bool:
        """The contact screen's choice over the config's. A store read: for the composer's
        loading worker, which hands it to the tone check with the draft."""
        from inbox_tui.services.contact_settings import formal_for

        config = suggest_config(self.app)  # type: ignore[arg-type]
        return formal_for(self.store, config, self.row.contact_id, self.row.contact_name)

    def check_tone_then(self, send: Callable[[], None], *, quiet: bool) -> None:
        """Send, or first show the tone warnings. `quiet`: the hold counts as a warning."""
        from inbox_tui.ui.screens.tone_screen import ToneScreen

        warnings = self.tone_warnings(self._body().text, quiet)
        # The hold alone asks nothing: the composer shows it all along, and holding the
        # reply until work hours is the safe outcome. It is listed with the others.
        if all(w.code == "after_hours" for w in warnings):
            send()
            return

        def answered(go: bool | None) -> None:
            if go:
                send()
            else:
                self._body().focus()

        self.app.push_screen(ToneScreen(warnings), answered)

    def tone_warnings(self, text: str, quiet: bool) -> list[ToneWarning]:
        """Pure and in memory (config; the hold and the form of address known from the
        composer's workers): fine on the UI loop."""
        from inbox_tui.core.suggest.language import detect_language
        from inbox_tui.core.suggest.tone import tone_check
        from inbox_tui.services.suggestions import default_language

        config = suggest_config(self.app)  # type: ignore[arg-type]
        tz = self.app.display_tz  # type: ignore[attr-defined]
        now = self.app.now().astimezone(tz)  # type: ignore[attr-defined]
        hold = datetime.fromtimestamp(self._hold, tz) if quiet and self._hold else None
        if self._suggestion is not None:
            language = self._suggestion.language
        else:
            language = detect_language(text, fallback=default_language(config))
        # The contact's form of address, as the drafts used it: the contact screen's, or
        # `formal` in the config by name while the draft is still loading.
        name = self.row.contact_name
        formal = self._formal
        if formal is None:
            formal = config_formal(config.contacts, name)
        return tone_check(
            text, language, now=now, quiet_until=hold, formal=formal, contact_first_name=name
        )

    # -- private counters (never the text) ------------------------------------------------

    @work(thread=True, group="draft-stats")
    def _count(self, event: str, kind: str | None = None) -> None:
        suggestion = self._suggestion
        if suggestion is not None:
            self._write(event, suggestion.intent, kind, suggestion.language, None)

    def record_sent(self, body: str) -> None:
        """On the send worker, once the reply is queued: with the accepted draft, how much
        it was edited; without one, only that it was sent (and whether drafts were there)."""
        from inbox_tui.store.suggest_stats import edit_ratio

        suggestion, accepted = self._suggestion, self._accepted
        intent = suggestion.intent if suggestion else None
        language = suggestion.language if suggestion else None
        if accepted is None:
            self._write("sent", intent, None, language, None)
        else:
            ratio = edit_ratio(accepted.text, body)
            self._write("sent", intent, accepted.kind, language, ratio)

    def _write(
        self,
        event: str,
        intent: str | None,
        kind: str | None,
        lang: str | None,
        ratio: float | None,
    ) -> None:
        from inbox_tui.store.suggest_stats import SuggestStats

        try:
            SuggestStats(self.store).record(
                event,  # type: ignore[arg-type]
                intent=intent,
                kind=kind,
                language=lang,
                edit_ratio=ratio,
            )
        except Exception:  # noqa: BLE001 — a counter never gets in the way of a reply
            log.exception("draft statistics: could not record %r", event)
