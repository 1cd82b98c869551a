"""The reading pane: the selected message inside its conversation with that contact,
across email and SMS, oldest to newest."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from inbox_tui.core.models import Channel, Contact, DeliveryState, Direction, Message
from inbox_tui.core.sanitize import clean, one_line


def conversation_text(
    contact: Contact | None,
    messages: list[Message],
    selected_id: int | None,
    tz: tzinfo | None,
    attachments: list[tuple[str, str, str, int]] | None = None,
) -> Text:
    """Everything as `Text` built piece by piece: sender text is never parsed as markup."""
    out = Text()
    if contact is not None:
        out.append(one_line(contact.name, 80), style="bold")
        addresses = ", ".join(a.value for a in contact.addresses)
        if addresses:
            out.append("  " + one_line(addresses, 200), style="dim")
        if contact.provisional:
            out.append("  (unknown sender: add or merge from the contact screen)", style="italic")
        out.append("\n\n")
    for msg in messages:
        selected = msg.id == selected_id
        when = datetime.fromtimestamp(msg.timestamp, tz).strftime("%a %d %b %Y %H:%M")
        who = (
            "You"
            if msg.direction is Direction.OUTBOUND
            else (contact.name if contact else msg.sender)
        )
        header = Text()
        header.append("▶ " if selected else "  ", style="bold")
        header.append(msg.channel.glyph + " ", style="bold")
        header.append(one_line(who, 60), style="bold" if selected else "")
        header.append("  " + when, style="dim")
        if msg.direction is Direction.OUTBOUND:
            header.append(f"  {msg.state.glyph} {msg.state.value}", style="dim")
            if msg.state is DeliveryState.FAILED and msg.state_reason:
                header.append(" — " + one_line(msg.state_reason, 120), style="dim")
        elif msg.unread:
            header.append("  ● unread", style="dim")
        out.append_text(header)
        out.append("\n")
        if msg.channel is Channel.EMAIL and msg.subject:
            out.append("  " + one_line(msg.subject, 300) + "\n", style="italic")
        if not msg.body_loaded:
            out.append("  (the text is fetched from the server when you open it)\n", style="dim")
        for line in clean(msg.body).splitlines() or [""]:
            out.append("  " + line + "\n")
        if selected and attachments:
            for _part, name, ctype, size in attachments:
                label = one_line(name, 80) or "(no name)"
                out.append(f"  📎 {label}  {ctype}, {_size(size)}\n", style="dim")
            out.append("  a: save attachments\n", style="dim italic")
        out.append("\n")
    return out


def _size(n: int) -> str:
    return (
        f"{n} B" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1024**2 else f"{n / 1024**2:.1f} MB"
    )


class ReadingPane(VerticalScroll, can_focus=True):
    BINDINGS = [("j", "scroll_down", "Scroll"), ("k", "scroll_up", "Scroll")]

    def compose(self):
        yield Static(Text("Select a message to read it here.", style="dim"), id="conversation")

    def show(self, text: Text, scroll_to_selected: bool = True) -> None:
        body = self.query_one("#conversation", Static)
        body.update(text)
        if scroll_to_selected:
            line = next(
                (i for i, part in enumerate(text.plain.splitlines()) if part.startswith("▶")), 0
            )
            self.call_after_refresh(self.scroll_to, 0, max(line - 2, 0), animate=False)
