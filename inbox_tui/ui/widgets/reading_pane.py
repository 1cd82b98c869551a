"""The reading pane: the selected message inside its conversation with that contact,
across email and SMS, oldest to newest."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from inbox_tui.core.models import Channel, Contact, DeliveryState, Direction, Message
from inbox_tui.core.sanitize import clean, one_line
from inbox_tui.core.suggest.models import Suggestion
from inbox_tui.ui.state_legend import state_text
from inbox_tui.ui.widgets.suggestion_panel import SuggestionPanel

# What became of a read-receipt request, once it is no longer a question.
RECEIPT_STATES = {
    "queued": "read receipt queued",
    "sent": "read receipt sent",
    "declined": "receipt request declined",
}


def conversation_text(
    contact: Contact | None,
    messages: list[Message],
    selected_id: int | None,
    tz: tzinfo | None,
    attachments: list[tuple[str, str, str, int]] | None = None,
    accent: str | None = None,
) -> Text:
    """Everything as `Text` built piece by piece: sender text is never parsed as markup.

    `accent`: the theme's read-receipt colour (✓✓ read differs from delivered only by it)."""
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
            header.append("  ")
            header.append_text(state_text(msg.state, accent, plain="dim"))
            if msg.state is DeliveryState.FAILED and msg.state_reason:
                header.append(" — " + one_line(msg.state_reason, 120), style="dim")
        elif msg.unread:
            header.append("  ● unread", style="dim")
        out.append_text(header)
        out.append("\n")
        out.append_text(_state_lines(msg, contact, selected))
        if msg.channel is Channel.EMAIL and msg.subject:
            out.append("  " + one_line(msg.subject, 300) + "\n", style="italic")
        if not msg.body_loaded:
            out.append("  (the text is fetched from the server when you open it)\n", style="dim")
        for line in clean(msg.body).splitlines() or [""]:
            out.append("  " + line + "\n")
        if selected and attachments:
            for _part, name, ctype, size in attachments:
                label = one_line(name, 80) or "(no name)"
                out.append(f"  📎 {label}  {one_line(ctype, 80)}, {_size(size)}\n", style="dim")
            out.append("  a: save attachments\n", style="dim italic")
        out.append("\n")
    return out


def _state_lines(msg: Message, contact: Contact | None, selected: bool) -> Text:
    """Under the header: what can be done about the message's delivery or receipt."""
    out = Text()
    if msg.direction is Direction.OUTBOUND:
        if selected:
            hint = "i: details · R: retry" if msg.state is DeliveryState.FAILED else "i: details"
            out.append(f"  {hint}\n", style="dim italic")
        return out
    if not msg.mdn_to:
        return out
    if msg.mdn == "asked" and selected:
        # Non-blocking: reading goes on; the answer waits until the user gives one.
        name = one_line(contact.name if contact and contact.name else msg.sender, 60)
        out.append("  ")
        out.append(name, style="bold")
        out.append(" asks for a read receipt — ", style="bold")
        out.append("m: send it · M: ignore\n", style="bold reverse")
    elif msg.mdn in RECEIPT_STATES:
        out.append(f"  {RECEIPT_STATES[msg.mdn]}\n", style="dim")
    return out


def _size(n: int) -> str:
    return (
        f"{n} B" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1024**2 else f"{n / 1024**2:.1f} MB"
    )


class ReadingPane(VerticalScroll, can_focus=True):
    BINDINGS = [("j", "scroll_down", "Scroll"), ("k", "scroll_up", "Scroll")]

    def compose(self):
        yield Static(Text("Select a message to read it here.", style="dim"), id="conversation")
        yield SuggestionPanel(id="suggestion-panel")

    def show(
        self, text: Text, scroll_to_selected: bool = True, message_id: int | None = None
    ) -> None:
        bodies = self.query("#conversation")
        if not bodies:  # the app is closing: a late worker has nothing left to show into
            return
        bodies.first(Static).update(text)
        panel = self.query_one(SuggestionPanel)
        if panel.message_id != message_id or message_id is None:
            # Another message: its drafts (if any) come from a worker after this.
            panel.show(None, None)
        if scroll_to_selected:
            line = next(
                (i for i, part in enumerate(text.plain.splitlines()) if part.startswith("▶")), 0
            )
            self.call_after_refresh(self.scroll_to, 0, max(line - 2, 0), animate=False)

    def show_suggestion(self, message_id: int, suggestion: Suggestion | None) -> None:
        self.query_one(SuggestionPanel).show(message_id, suggestion)

    def suggestion_for(self, message_id: int) -> Suggestion | None:
        panel = self.query_one(SuggestionPanel)
        return panel.suggestion if panel.message_id == message_id else None
