"""The composer's text area, with a whole reply draft shown as ghost text.

Why not `TextArea.suggestion` alone: Textual 8.2.8 draws the suggestion by splicing it
into the cursor's line (`Text.assemble(line[:col], suggestion, line[col:])`), after the
line's wrap points were computed from the document. A multi-line suggestion therefore
reaches the terminal as one strip with raw "\\n" characters in it (the rest of the draft
lands on the same row, or moves the terminal's cursor), and even a single long line is not
wrapped but cut at the right edge. A reply draft is several lines long.

So the draft is split: the part of its current line that fits after the cursor is the
native `suggestion` (TextArea draws it, keeps it while the typed text matches it, and
drops it when it does not), and the rest of the draft is drawn here, wrapped and dim, in
the empty rows under the text — where it would go if accepted. The whole draft (`ghost`)
stays known, so typing its first words keeps the rest in view, and any other keystroke
makes all of it disappear.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea


class GhostTextArea(TextArea):
    class GhostAccepted(Message):
        """Right arrow at the end of the text while a draft is offered: take all of it."""

    # Class defaults, not set in __init__: TextArea moves its cursor (and so calls the
    # selection watcher below) before its own __init__ returns.
    _ghost: str = ""
    _rows_key: tuple | None = None
    _rows: list[Text] = []  # replaced, never mutated: no instance shares a list it changes

    @property
    def ghost(self) -> str:
        """The whole offered draft ("" when none): what the text would be if accepted."""
        return self._ghost

    def set_ghost(self, text: str) -> None:
        self._ghost = text
        self.update_suggestion()

    def ghost_remaining(self) -> str:
        """The part of the draft not typed yet; "" when it is not on offer right now (the
        text went another way, or the cursor is not at its end)."""
        if not self._ghost or not self._ghost.startswith(self.text):
            return ""
        selection = self.selection
        if not selection.is_empty or selection.end != self.document.end:
            return ""
        return self._ghost[len(self.text) :]

    # -- TextArea hooks ----------------------------------------------------------------------

    def update_suggestion(self) -> None:
        """Called by TextArea after every edit: keep the ghost while the text follows it."""
        if self._ghost and not self._ghost.startswith(self.text):
            self._ghost = ""  # the user wrote something else: the draft is gone for good
        self.suggestion = self._inline_part(self.ghost_remaining())
        self.refresh()

    def watch_selection(self) -> None:
        # A cursor moved back into the text: the ghost would be drawn in the wrong place.
        if self._ghost:
            self.update_suggestion()

    def action_cursor_right(self, select: bool = False) -> None:
        # TextArea inserts the suggestion on "right": here that is the visible line only,
        # so the whole draft is handed to the composer, which places the cursor on the
        # first «placeholder».
        if not select and self.ghost_remaining():
            self.post_message(self.GhostAccepted())
            return
        super().action_cursor_right(select)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        rows = self._ghost_rows()
        if not rows:
            return strip
        _, scroll_y = self.scroll_offset
        index = scroll_y + y - self.wrapped_document.height
        if not 0 <= index < len(rows):
            return strip
        # The blank row TextArea drew there carries its background: the ghost keeps it.
        base = next((seg.style for seg in strip if seg.style is not None), None)
        row = rows[index]
        return (
            Strip(list(row.render(self.app.console)), row.cell_len)
            .extend_cell_length(self.size.width, base)
            .apply_style(base)
        )

    # -- layout of the draft -----------------------------------------------------------------

    def _inline_part(self, remaining: str) -> str:
        """What fits on the cursor's row, cut between words; the rest goes below."""
        if not remaining or not (self.has_focus or not self.hide_suggestion_on_blur):
            return ""
        line = remaining.split("\n", 1)[0]
        room = self.wrap_width - self.wrapped_document.location_to_offset(self.cursor_location).x
        if cell_len(line) <= room:
            return line
        cut = line[: max(room, 0)]
        space = cut.rfind(" ")
        return cut[: space + 1] if space > 0 else cut

    def _ghost_rows(self) -> list[Text]:
        remaining = self.ghost_remaining()
        if not remaining or not (self.has_focus or not self.hide_suggestion_on_blur):
            return []
        below = remaining[len(self.suggestion) :]
        below = below[1:] if below.startswith("\n") else below.lstrip(" ")
        width = max(self.wrap_width, 1)
        style = self.get_component_rich_style("text-area--suggestion")
        key = (below, width, style)
        if key != self._rows_key:
            text = Text(below, style=style, end="")
            self._rows = list(text.wrap(self.app.console, width)) if below else []
            self._rows_key = key
        return self._rows

    def watch_has_focus(self) -> None:
        # TextArea hides its suggestion on blur (hide_suggestion_on_blur): so do the rows.
        if self._ghost:
            self.update_suggestion()

    def on_resize(self) -> None:
        # Another width moves the cut between the cursor's row and the rows below; after
        # the refresh, when TextArea has wrapped its document to the new width.
        if self._ghost:
            self.call_after_refresh(self.update_suggestion)
