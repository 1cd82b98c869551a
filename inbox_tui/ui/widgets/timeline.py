"""The unified timeline: a virtual list that renders only the rows on screen.

DataTable/OptionList build every row up front (10–15 s at 100k); this widget's height is
just a number, and `render_line` asks the pager for the one row it draws. Rows not yet
loaded show as a dim placeholder while a worker fetches their page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from inbox_tui.core.models import DeliveryState, Direction, TimelineRow
from inbox_tui.core.sanitize import one_line
from inbox_tui.core.sla import due_label
from inbox_tui.services.timeline import TimelinePager, TimelineSource
from inbox_tui.ui.messages import MessageOpened, RowHighlighted, TimelineLoaded
from inbox_tui.ui.thread_calls import deliver

TIME_WIDTH = 12
NAME_WIDTH = 22


def format_time(ts: int, tz: tzinfo | None, now: datetime) -> str:
    moment = datetime.fromtimestamp(ts, tz)
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    if moment.year == now.year:
        return moment.strftime("%d %b %H:%M")
    return moment.strftime("%d %b %Y")


class Timeline(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "open", "Open"),
    ]
    COMPONENT_CLASSES = {
        "timeline--cursor",
        "timeline--unread",
        "timeline--outbound",
        "timeline--read-receipt",
        "timeline--failed",
        "timeline--held",
        "timeline--placeholder",
        "timeline--time",
        "timeline--due",
        "timeline--at-risk",
        "timeline--overdue",
    }
    # repaint=False: watch_cursor repaints just the two rows that changed (or all on scroll).
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    def __init__(
        self,
        tz: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.tz = tz
        self._clock = clock or (lambda: datetime.now(tz))
        self._pager: TimelinePager | None = None
        # The view last asked for: ahead of _pager while its first count is loading, and
        # what a reload must re-read (not the view still on screen).
        self._requested: TimelineSource | None = None
        self._generation = 0
        self._highlighted_id: int | None = None

    # -- data ----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return (self._pager.total or 0) if self._pager else 0

    @property
    def source(self) -> TimelineSource | None:
        return self._pager.source if self._pager else None

    @property
    def current_row(self) -> TimelineRow | None:
        return self._pager.row(self.cursor) if self._pager else None

    def set_source(self, source: TimelineSource, keep_cursor: bool = False) -> None:
        """Show another view. The count and first pages are fetched in a worker and swapped
        in when ready, so the old rows stay on screen meanwhile (no flash of placeholders)."""
        self._generation += 1
        self._requested = source
        around = self.cursor if keep_cursor else 0
        self._load_count(self._generation, TimelinePager(source), around, keep_cursor)

    def reload(self) -> None:
        """Re-read the current source (after the store changed), keeping the cursor."""
        if self._requested is not None:
            # A change that lands while another view is loading reloads that view: the
            # old one would come back under the new view's title.
            keep = self._pager is not None and self._pager.source is self._requested
            self.set_source(self._requested, keep_cursor=keep)

    @work(thread=True, group="timeline-count")
    def _load_count(
        self, generation: int, pager: TimelinePager, around: int, keep_cursor: bool
    ) -> None:
        total = pager.source.count()
        pages: dict[int, list[TimelineRow]] = {}
        if total:
            for page in sorted({0, pager.page_of(min(around, total - 1))}):
                pages[page] = pager.fetch(page)
        deliver(self, self._count_loaded, generation, pager, total, pages, keep_cursor)

    def _count_loaded(
        self,
        generation: int,
        pager: TimelinePager,
        total: int,
        pages: dict[int, list[TimelineRow]],
        keep_cursor: bool,
    ) -> None:
        if generation != self._generation:
            return
        self._pager = pager
        pager.total = total
        for page, rows in pages.items():
            pager.needs(page)
            pager.put(page, rows)
        self.virtual_size = Size(self.size.width, total)
        if keep_cursor:
            self.cursor = min(self.cursor, max(total - 1, 0))
        else:
            self._highlighted_id = None
            self.scroll_to(0, 0, animate=False, immediate=True)
            self.cursor = 0
        self.post_message(TimelineLoaded(total))
        self.refresh()

    @work(thread=True, group="timeline-page")
    def _load_page(self, generation: int, pager: TimelinePager, page: int) -> None:
        try:
            rows = pager.fetch(page)
        except Exception:
            deliver(self, pager.forget, page)
            raise
        deliver(self, self._page_loaded, generation, pager, page, rows)

    def _page_loaded(
        self, generation: int, pager: TimelinePager, page: int, rows: list[TimelineRow]
    ) -> None:
        if generation != self._generation:
            return
        pager.put(page, rows)
        if pager.page_of(self.cursor) == page:
            self._cursor_changed()
        self.refresh()

    # -- rendering -----------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)

    def render_line(self, y: int) -> Strip:
        # Not size.width: that includes the vertical scrollbar, which would cover the last
        # cell (the state glyph) and bring a horizontal scrollbar along.
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        pager = self._pager
        if pager is None or index >= self.total:
            return Strip.blank(width, base)
        row = pager.row(index)
        if row is None:
            page = pager.page_of(index)
            if pager.needs(page):
                self._load_page(self._generation, pager, page)
            style = base + self.get_component_rich_style("timeline--placeholder")
            return Strip([Segment(" …", style)]).extend_cell_length(width, base)
        style = base
        if row.unread:
            style += self.get_component_rich_style("timeline--unread")
        if index == self.cursor:
            style += self.get_component_rich_style("timeline--cursor")
        return self._render_row(row, width, style)

    def _render_row(self, row: TimelineRow, width: int, style: Style) -> Strip:
        now = self._clock().astimezone(self.tz)
        time_style = style + self.get_component_rich_style("timeline--time", partial=True)
        state_style = style
        if row.direction is Direction.OUTBOUND:
            state_style += self.get_component_rich_style(_STATE_CLASSES[row.state], partial=True)
        name_style = style
        if row.direction is Direction.OUTBOUND:
            name_style += self.get_component_rich_style("timeline--outbound", partial=True)
        marker = "●" if row.unread else " "
        arrow = "→ " if row.direction is Direction.OUTBOUND else ""
        state = row.state.glyph if row.direction is Direction.OUTBOUND else ""
        # time + space, channel + marker with their spaces, name, space, " " + 2-cell state:
        # one cell short and the second ✓ of ✓✓ (delivered, read) is cropped off.
        fixed = TIME_WIDTH + 1 + 4 + NAME_WIDTH + 1 + 3
        badge = self._due_badge(row, now, style)
        summary_width = max(width - fixed - badge.cell_length, 0)
        segments = [
            Segment(format_time(row.timestamp, self.tz, now).rjust(TIME_WIDTH) + " ", time_style),
            Segment(row.channel.glyph + " " + marker + " ", style),
            Segment(set_cell_size(one_line(arrow + row.contact_name, 80), NAME_WIDTH), name_style),
            Segment(" ", style),
            badge,
            Segment(set_cell_size(one_line(row.summary, 300), summary_width), style),
            Segment(" " + state.ljust(2), state_style),
        ]
        return Strip(segments).crop_extend(0, width, style)

    def _due_badge(self, row: TimelineRow, now: datetime, style: Style) -> Segment:
        """ "due 14:30 " before the summary in the Awaiting-reply view, coloured by risk."""
        if not row.urgency or row.due_ts is None:
            return Segment("", style)
        due = datetime.fromtimestamp(row.due_ts, now.tzinfo)
        klass = "timeline--due" if row.urgency == "ok" else f"timeline--{row.urgency}"
        badge_style = style + self.get_component_rich_style(klass, partial=True)
        return Segment(due_label(due, now, row.urgency) + " ", badge_style)

    # -- cursor --------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.total - 1)) if self.total else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self.scroll_to_region(
            Region(0, new, max(self.size.width, 1), 1), animate=False, immediate=True
        )
        if self.scroll_offset.y == top:
            # No scroll: only the two rows whose highlight changed need repainting.
            self.refresh_line(old)
            self.refresh_line(new)
        else:
            self.refresh()
        self._cursor_changed()

    def _cursor_changed(self) -> None:
        row = self.current_row
        if row is not None and row.id != self._highlighted_id:
            self._highlighted_id = row.id
            self.post_message(RowHighlighted(row))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_page_down(self) -> None:
        self.cursor += max(self.size.height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.size.height - 1, 1)

    def action_open(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(MessageOpened(row))

    def on_click(self, event: Click) -> None:
        self.focus()
        self.cursor = self.scroll_offset.y + event.y
        if event.chain == 2:
            self.action_open()


_STATE_CLASSES = {
    DeliveryState.RECEIVED: "timeline--time",
    DeliveryState.QUEUED: "timeline--time",
    DeliveryState.HELD: "timeline--held",
    DeliveryState.SENDING: "timeline--time",
    DeliveryState.SENT: "timeline--outbound",
    DeliveryState.DELIVERED: "timeline--outbound",
    DeliveryState.READ: "timeline--read-receipt",
    DeliveryState.FAILED: "timeline--failed",
}
