"""Under the conversation in the reading pane: what the selected client message asks for
and the reply drafts the composer will offer on `r`, compact; hidden when there are none.

The drafts carry the client's own words (the object of the request is quoted from the
message), so everything is built as `Text` piece by piece, cleaned of terminal control
sequences, and never parsed as markup.
"""

from __future__ import annotations

import re

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from inbox_tui.core.sanitize import clean, one_line
from inbox_tui.core.suggest.models import (
    DRAFT_KINDS,
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_OPEN,
    Suggestion,
)

# What each intent means, in a few words: the label alone ("decision") is jargon.
INTENT_NOTES: dict[str, str] = {
    "decision": "a request to decide",
    "complaint": "a complaint to look into",
    "urgent": "a problem that needs action now",
    "personal": "beyond the professional relation",
    "scheduling": "an appointment to set or move",
    "info": "a plain question",
    "thanks": "thanks or a confirmation",
    "automated": "written by a machine",
}
LINES_PER_DRAFT = 2
_PLACEHOLDER = re.compile(f"{PLACEHOLDER_OPEN}[^{PLACEHOLDER_OPEN}{PLACEHOLDER_CLOSE}\n]*"
                          f"{PLACEHOLDER_CLOSE}")  # fmt: skip


def intent_title(suggestion: Suggestion) -> Text:
    """ "Suggested replies · decision (a request to decide)"."""
    title = Text("Suggested replies · ", style="bold")
    title.append(suggestion.intent, style="bold")
    note = INTENT_NOTES.get(suggestion.intent)
    if note:
        title.append(f" ({note})")
    return title


def draft_preview(text: str, lines: int = LINES_PER_DRAFT, width: int = 300) -> Text:
    """The first lines of a draft with its «placeholders» dimmed: they are holes to fill,
    not words to read. The greeting ("Gentile Anna Bianchi,") is the same in every draft
    and tells them apart by nothing: the preview starts after it."""
    shown = [one_line(line, width) for line in clean(text).splitlines() if line.strip()]
    if len(shown) > 1 and shown[0].endswith(","):
        shown = shown[1:]
    out = Text()
    for i, line in enumerate(shown[:lines]):
        if i:
            out.append("\n")
        start = 0
        for hole in _PLACEHOLDER.finditer(line):
            out.append(line[start : hole.start()])
            out.append(hole.group(0), style="dim italic")
            start = hole.end()
        out.append(line[start:])
    if len(shown) > lines:
        out.append(" …", style="dim")
    return out


def panel_content(suggestion: Suggestion) -> Group:
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, style="bold", min_width=max(len(k) for k in DRAFT_KINDS))
    # One screen line per draft line: cut with "…" rather than wrapped, to stay compact.
    grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    for draft in suggestion.drafts:
        grid.add_row(Text(draft.kind), draft_preview(draft.text))
    hint = Text("r: reply with the first draft (in the composer, f3: the next one)", style="dim")
    return Group(intent_title(suggestion), grid, hint)


class SuggestionPanel(Static):
    """Shown only for an incoming message whose analysis offers drafts."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.suggestion: Suggestion | None = None
        self.message_id: int | None = None

    def on_mount(self) -> None:
        self.display = False

    def show(self, message_id: int | None, suggestion: Suggestion | None) -> None:
        """The analysis of `message_id`; None (or no trigger, or no drafts) hides the panel."""
        self.message_id = message_id
        offered = suggestion is not None and suggestion.trigger and bool(suggestion.drafts)
        self.suggestion = suggestion if offered else None
        self.display = offered
        if offered:
            self.update(panel_content(suggestion))
