"""A message's details, opened with `i`: its headers, what happened to it (every delivery
event with its time and source) and the reports behind those events.

Built as `Text` piece by piece: addresses, subjects, server answers and report bodies come
from outside and are never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.core.sanitize import clean, one_line
from inbox_tui.store import Store
from inbox_tui.store.delivery import DeliveryEvent
from inbox_tui.store.outbox import OutboxItem
from inbox_tui.ui.state_legend import accent_of, legend_text, state_text
from inbox_tui.ui.thread_calls import deliver

REPORT_LINES = 4  # of each report's text: enough to see what the server said
REPORT_KINDS = {"dsn": "Delivery report", "mdn": "Read receipt"}
MDN_STATES = {
    "asked": "asked, not answered yet (m: send it · M: ignore)",
    "queued": "read receipt queued",
    "sent": "read receipt sent",
    "declined": "declined",
}


@dataclass
class Details:
    """Everything the screen shows, read from the store in one worker."""

    message: Message
    contact: Contact | None = None
    outbox: OutboxItem | None = None
    history: list[DeliveryEvent] = field(default_factory=list)
    reports: list[Message] = field(default_factory=list)


def load_details(store: Store, message_id: int) -> Details | None:
    msg = store.messages.get(message_id)
    if msg is None:
        return None
    return Details(
        message=msg,
        contact=store.contacts.get(msg.contact_id) if msg.contact_id is not None else None,
        outbox=store.outbox.for_message(message_id),
        history=store.delivery.history(message_id),
        reports=store.delivery.reports_for(message_id),
    )


def _when(ts: int, tz: tzinfo | None, fmt: str = "%a %d %b %Y %H:%M:%S") -> str:
    return datetime.fromtimestamp(ts, tz).strftime(fmt)


def _field(out: Text, label: str, value: str | Text, style: str = "") -> None:
    out.append(f"{label:<12}", style="dim")
    if isinstance(value, Text):
        out.append_text(value)
    else:
        out.append(value, style=style)
    out.append("\n")


def details_text(d: Details, tz: tzinfo | None, accent: str | None = None) -> Text:
    msg = d.message
    out = Text()
    outgoing = msg.direction is Direction.OUTBOUND
    direction = "outgoing" if outgoing else "incoming"
    _field(out, "Message", f"{msg.channel.glyph} {msg.channel.value}, {direction}", "bold")
    name = one_line(d.contact.name, 80) if d.contact and d.contact.name else ""
    sender = one_line(msg.sender, 200)
    if outgoing:
        _field(out, "From", f"You <{sender}>" if sender else "You")
        _field(out, "To", one_line(msg.recipients, 300) or name)
    else:
        _field(out, "From", f"{name} <{sender}>" if name and sender else name or sender)
        if msg.recipients:
            _field(out, "To", one_line(msg.recipients, 300))
    _field(out, "Date", _when(msg.timestamp, tz, "%a %d %b %Y %H:%M %Z").strip())
    if msg.channel is Channel.EMAIL:
        _field(out, "Subject", one_line(msg.subject, 300) or "(no subject)")
        if msg.message_id:
            _field(out, "Message-ID", one_line(msg.message_id, 300), "dim")
    if outgoing:
        state = state_text(msg.state, accent, plain="bold")
        if msg.state_reason:
            state.append(" — " + one_line(msg.state_reason, 300))
        _field(out, "State", state)
    else:
        _field(out, "State", "● unread" if msg.unread else "read")
    if not outgoing and msg.mdn_to:
        asker = one_line(msg.mdn_to, 200)
        _field(out, "Receipt", f"{asker} asked for a read receipt: " + MDN_STATES.get(
            msg.mdn or "", "not answered yet (shown when you open it)"
        ))  # fmt: skip
    if d.outbox is not None:
        item = d.outbox
        _field(out, "Outbox", f"{item.state} · {item.attempts} attempt{'s' * (item.attempts != 1)}")
        if item.last_error:
            _field(out, "Last error", one_line(item.last_error, 300))
        if item.server_response:
            _field(out, "Server said", one_line(item.server_response, 300))
        if item.dsn is not None and msg.channel is Channel.EMAIL:
            _field(out, "Reports", "delivery report requested" if item.dsn else "none requested")
    out.append("\nHistory\n", style="bold underline")
    if not d.history:
        out.append("  no delivery events\n", style="dim")
    for event in d.history:
        out.append_text(_event_line(event, tz, accent))
    if d.reports:
        out.append("\nReports\n", style="bold underline")
    for report in d.reports:
        out.append_text(_report_block(report, tz, accent))
    return out


def _event_line(event: DeliveryEvent, tz: tzinfo | None, accent: str | None) -> Text:
    # An event that did not move the state (a late "sent", a failure after delivery) is
    # context, not news: dimmed, with its note saying why.
    dim = not event.changed
    line = Text(style="dim" if dim else "")
    line.append("  " + _when(event.at, tz, "%d %b %H:%M:%S") + "  ")
    line.append_text(state_text(event.state, None if dim else accent))
    line.append("  " + one_line(event.source, 40))
    if event.reason:
        line.append(" — " + one_line(event.reason, 300))
    if event.code:
        line.append(f" (code {one_line(event.code, 40)})")
    if event.note:
        line.append(f"  [{one_line(event.note, 200)}]", style="italic")
    elif dim:
        line.append("  [ignored: the state did not change]", style="italic")
    line.append("\n")
    return line


def _report_block(report: Message, tz: tzinfo | None, accent: str | None) -> Text:
    block = Text()
    kind = REPORT_KINDS.get(report.report or "", one_line(report.report or "report", 40))
    if report.direction is Direction.OUTBOUND:
        kind += " (ours)"
    block.append(f"  {kind}", style="bold")
    block.append("  " + _when(report.timestamp, tz, "%d %b %Y %H:%M"), style="dim")
    if report.direction is Direction.OUTBOUND:
        block.append("  ")
        block.append_text(state_text(report.state, accent))
    block.append("\n")
    lines = [one_line(part, 200) for part in clean(report.body).splitlines() if part.strip()]
    for line in lines[:REPORT_LINES]:
        block.append("    " + line + "\n", style="dim")
    if len(lines) > REPORT_LINES:
        block.append("    …\n", style="dim")
    if not lines:
        block.append("    (text not fetched yet)\n", style="dim")
    return block


class DetailsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,i", "close", "Close"),
        Binding("R", "retry", "Retry"),
    ]

    def __init__(self, store: Store, message_id: int) -> None:
        super().__init__()
        self.store = store
        self.message_id = message_id

    def compose(self) -> ComposeResult:
        with Vertical(id="details"):
            with VerticalScroll(id="details-scroll"):
                yield Static(Text("Loading…", style="dim"), id="details-body")
            yield Static(id="details-legend")

    def on_mount(self) -> None:
        self.query_one("#details", Vertical).border_title = "Details · R: retry · Esc: close"
        accent = accent_of(self.app)
        self.query_one("#details-legend", Static).update(legend_text(accent))
        self.load(accent)

    @work(thread=True, exclusive=True, group="details")
    def load(self, accent: str | None) -> None:
        details = load_details(self.store, self.message_id)
        if details is None:
            text = Text("This message is no longer in the store.", style="dim")
        else:
            text = details_text(details, self.app.tz, accent)
        deliver(self, self.query_one("#details-body", Static).update, text)

    def action_retry(self) -> None:
        self._retry(accent_of(self.app))

    @work(thread=True, group="details-retry")
    def _retry(self, accent: str | None) -> None:
        from inbox_tui.ui.receipt_actions import retry_message

        if retry_message(self.app, self.store, self.message_id):
            deliver(self, self.load, accent)

    def action_close(self) -> None:
        self.dismiss(None)
