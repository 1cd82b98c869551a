"""The sidebar: the fixed views, then contacts with their unread counts.

A handful of views and at most a few hundred contacts: an OptionList is right here (the
timeline, which can hold 100k rows, is the virtual widget).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inbox_tui.core.models import TimelineFilter, View
from inbox_tui.core.sanitize import one_line
from inbox_tui.ui.messages import ViewChosen

VIEW_TITLES: dict[View, str] = {
    View.ALL: "All",
    View.EMAIL: "Email",
    View.SMS: "SMS",
    View.UNREAD: "Unread",
    View.AWAITING: "Awaiting reply",
    View.OUTBOX: "Outbox",
    View.UNDELIVERED: "Not delivered",
}


class Sidebar(OptionList):
    """Views and contacts; choosing one posts `ViewChosen`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._filters: dict[str, tuple[TimelineFilter, str]] = {}
        self.show(counts={}, contacts=[])

    def show(
        self,
        counts: dict[View, int],
        contacts: list[tuple[int, str, int]],
        pressing: tuple[int, int] = (0, 0),
    ) -> None:
        """Redraw from counts per view, (id, name, unread) per contact and the awaiting
        replies (at risk, overdue) against their promised response times."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option | None] = []
        self._filters = {}
        for view, title in VIEW_TITLES.items():
            label = Text(title)
            if view in counts:
                label.append(f"  {counts[view]:,}", style="dim")
            if view is View.AWAITING:
                self._append_pressing(label, *pressing)
            option_id = f"view-{view.value}"
            self._filters[option_id] = (TimelineFilter(view), title)
            options.append(Option(label, id=option_id))
        if contacts:
            options.append(None)
        for contact_id, name, unread in contacts:
            # Names come from senders: Text() keeps them out of the markup parser.
            clean_name = one_line(name, 40)
            label = Text(clean_name, style="bold" if unread else "")
            if unread:
                label.append(f"  {unread}", style="dim")
            option_id = f"contact-{contact_id}"
            self._filters[option_id] = (TimelineFilter(contact_id=contact_id), clean_name)
            options.append(Option(label, id=option_id))
        self.clear_options()
        self.add_options(options)
        if highlighted and highlighted in self._filters:
            self.highlighted = self.get_option_index(highlighted)
        elif self.option_count:
            self.highlighted = 0

    def _append_pressing(self, label: Text, at_risk: int, overdue: int) -> None:
        """A second line under "Awaiting reply" when promises are close or broken."""
        if not (at_risk or overdue):
            return
        variables = self.app.theme_variables
        label.append("\n ")
        if overdue:
            label.append(f" {overdue} overdue", style=f"bold {variables.get('error', 'red')}")
        if at_risk:
            colour = variables.get("warning", "yellow")
            label.append(f" {at_risk} at risk", style=f"bold {colour}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self._filters.get(event.option.id or "")
        if chosen is not None:
            self.post_message(ViewChosen(*chosen))
