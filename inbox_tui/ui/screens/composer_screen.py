"""The composer: a reply to the selected message, saved as a draft as it is written.

Every word is kept in the store's drafts (on each pause and on close); ctrl+s queues the
message in the outbox (the draft is removed in the same transaction), from where the
mail service sends it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Input, Label, TextArea

from inbox_tui.core.models import Channel, TimelineRow
from inbox_tui.core.sanitize import one_line
from inbox_tui.core.suggest.models import Suggestion
from inbox_tui.store import Store
from inbox_tui.store.db import StoreError
from inbox_tui.store.drafts import Draft
from inbox_tui.ui.composer_drafts import DRAFT_ACTIONS, DRAFT_BINDINGS, ComposerDrafts
from inbox_tui.ui.composer_receipts import ComposerReceipts
from inbox_tui.ui.composer_saving import ComposerSaving
from inbox_tui.ui.thread_calls import deliver
from inbox_tui.ui.widgets.ghost_text_area import GhostTextArea


def reply_subject(subject: str) -> str:
    subject = one_line(subject, 300)
    if not subject:
        return ""
    return subject if subject.lower().startswith(("re:", "r:")) else f"Re: {subject}"


class ComposerScreen(ComposerReceipts, ComposerSaving, ComposerDrafts):
    """The receipt toggles come from ComposerReceipts; saving as it is written and closing
    from ComposerSaving; the reply drafts' keys (f2-f5) and the tone check from
    ComposerDrafts."""

    # Keys typed at once after `r` go into the text, not the (prefilled) subject.
    AUTO_FOCUS = "#composer-body"

    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("escape", "close", "Close (draft kept)", priority=True),
        # TextArea and Input take ctrl+d (delete right) and most letters: ctrl+r and
        # ctrl+t are free in both.
        Binding("ctrl+r", "toggle_receipt('read')", "Read receipt", priority=True),
        Binding("ctrl+t", "toggle_receipt('dsn')", "Delivery report", priority=True),
        # Quiet time only (check_action): the explicit override of the hold, confirmed.
        Binding("ctrl+g", "send_now", "Send now", priority=True),
        *DRAFT_BINDINGS,
    ]

    def __init__(
        self,
        store: Store,
        row: TimelineRow,
        draft: Draft | None = None,
        suggestion: Suggestion | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.row = row
        self._given_draft = draft
        self._given_suggestion = suggestion  # the reading pane's; None: loaded here
        self.draft = draft or Draft(None, row.contact_id, row.id, row.channel)
        self._hold: int | None = None  # when ctrl+s would let it leave; None: at once
        self._sending = False

    def compose(self) -> ComposeResult:
        with Vertical(id="composer"):
            yield Label(id="composer-to")
            yield Input(placeholder="Subject", id="composer-subject")
            yield GhostTextArea(id="composer-body", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="composer-receipts"):
                # Not focusable: Tab goes from the text to nowhere surprising; the keys
                # (and a click) switch them.
                yield Checkbox("Read receipt (ctrl+r)", id="receipt-read")
                yield Checkbox("Delivery report (ctrl+t)", id="receipt-dsn")
            yield Label(id="composer-hold")
            yield Label(id="composer-drafts")
            yield Label(
                Text("ctrl+s sends · Esc keeps it as a draft (saved as you type)", style="dim"),
                id="composer-note",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#composer-to", Label).update(
            Text(f"To: {one_line(self.row.contact_name, 60)} · {self.row.channel.value}")
        )
        self.query_one("#composer-subject", Input).display = self.row.channel is Channel.EMAIL
        for box in self.query(Checkbox):
            box.can_focus = False
        # Hidden until the defaults are known (and for SMS, which has no such reports).
        self.query_one("#composer-receipts").display = False
        self.query_one("#composer-hold").display = False
        self.query_one("#composer-drafts").display = False
        self.load_draft()
        self.check_hold()

    @work(thread=True)
    def load_draft(self) -> None:
        existing = self._given_draft or self.store.drafts.for_reply(self.row.id)
        original = self.store.messages.get(self.row.id)
        subject = original.subject if original else ""
        receipts = None
        if self.row.channel is Channel.EMAIL:
            receipts = self.receipt_defaults(original)
        suggestion = self._given_suggestion
        if suggestion is None and not (existing and existing.body):
            from inbox_tui.ui.suggestion_loader import load_suggestion

            suggestion = load_suggestion(self.app, self.row.id)
        formal = self.read_form_of_address()
        deliver(self, self._draft_loaded, existing, subject, suggestion, formal)
        if receipts is not None:
            deliver(self, self.show_receipts, *receipts)

    @work(thread=True, exclusive=True, group="hold")
    def check_hold(self) -> None:
        from inbox_tui.ui.shield_ui import hold_until

        shield = self.app.shield
        hold = hold_until(shield)
        dnd = hold is not None and shield.availability().state == "dnd"
        deliver(self, self._show_hold, hold, dnd)

    def _show_hold(self, hold: int | None, dnd: bool) -> None:
        from inbox_tui.ui.shield_ui import when_text

        self._hold = hold
        line = self.query_one("#composer-hold", Label)
        line.display = hold is not None
        if hold is not None:
            when = when_text(hold, self.app.now(), self.app.display_tz)
            why = "Do not disturb" if dnd else "Quiet time"
            line.update(Text(f"{why}: this will leave {when} (ctrl+g: send now)", style="bold"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer offers the receipt keys only where they do something (email).
        if action == "toggle_receipt":
            return self.row.channel is Channel.EMAIL
        if action == "send_now":
            return self._hold is not None
        if action in DRAFT_ACTIONS:
            return self.drafts_allowed(action)
        return True

    def on_key(self, event: events.Key) -> None:
        # Keys typed in the same burst as `r` arrive before anything here has the focus
        # (the app then hands them to the screen itself): they belong in the text.
        if self.focused is not None:
            return
        text = "\n" if event.key == "enter" else event.character if event.is_printable else None
        if text is None:
            return
        event.stop()
        event.prevent_default()
        body = self.query_one("#composer-body", GhostTextArea)
        body.focus()
        body.insert(text)

    def _draft_loaded(
        self, existing: Draft | None, subject: str, suggestion: Suggestion | None, formal: bool
    ) -> None:
        self._formal = formal
        if existing is not None:
            self.draft = existing
        else:
            self.draft.subject = reply_subject(subject)
        self.query_one("#composer-subject", Input).value = self.draft.subject
        body = self.query_one("#composer-body", TextArea)
        typed = body.text  # while the draft loaded: kept, after the saved text if any
        body.text = "\n".join(t for t in (self.draft.body, typed) if t)
        if typed:
            body.move_cursor(body.document.end)
        body.focus()
        self.draft_ready = True
        self.offer_drafts(suggestion)

    def on_text_area_changed(self) -> None:
        self.schedule_save()
        if self.row.channel is Channel.SMS:
            self._show_segments()

    def _show_segments(self) -> None:
        """Before sending, what the text will cost: encoding and number of SMS parts."""
        from inbox_tui.core.sms_text import segments

        info = segments(self.query_one("#composer-body", TextArea).text)
        note = (
            f"SMS · {info.encoding} · {info.segments} part{'s' * (info.segments != 1)}"
            f" ({info.chars} of {info.per_segment * info.segments}) · ctrl+s sends · Esc keeps"
            " it as a draft"
        )
        self.query_one("#composer-note", Label).update(Text(note, style="dim"))

    def on_input_changed(self) -> None:
        self.schedule_save()

    def action_send(self) -> None:
        if self._leaving:
            return  # Esc came first: the draft is being saved and the composer closes
        # The hold is asked again, not taken from the line shown: the composer may have
        # been open across the start (or end) of work hours.
        self.check_tone_then(lambda: self._send(None, ask_hold=True), quiet=True)

    def action_send_now(self) -> None:
        if self._leaving:
            return
        if self._hold is None:
            self.action_send()
            return
        from inbox_tui.ui.screens.confirm_screen import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:  # the hold is overridden: the other warnings still count
                self.check_tone_then(lambda: self._send(None, ask_hold=False), quiet=False)

        question = "Send it now, although it is quiet time? It will not wait for work hours."
        self.app.push_screen(ConfirmScreen(question), answered)

    def _send(self, not_before_ts: int | None, ask_hold: bool) -> None:
        draft = self.collect_draft()
        if not draft.body.strip():
            self.notify("Nothing to send yet.", severity="warning")
            return
        if self._sending:
            return  # a second ctrl+s while the first is being queued
        self._sending = True
        self._queue(draft, not_before_ts, ask_hold, *self.receipt_choices())

    @work(thread=True, exclusive=True, group="send")
    def _queue(
        self, draft: Draft, not_before_ts: int | None, ask_hold: bool, read: bool, dsn: bool
    ) -> None:
        from inbox_tui.ui.send_draft import queue_draft
        from inbox_tui.ui.shield_ui import hold_until

        try:
            # Saved first: if queueing fails for any reason, the text is still a draft.
            self.write_draft(draft)
            if ask_hold:
                not_before_ts = hold_until(self.app.shield)
            note = queue_draft(
                self.app,
                self.store,
                draft,
                read_receipt=read,
                delivery_report=dsn,
                not_before_ts=not_before_ts,
            )
        except ValueError as exc:
            deliver(self, self._send_failed, f"Not sent: {exc}. The draft is kept.")
            return
        except StoreError as exc:  # the disk refused: nothing was queued, the text is here
            deliver(self, self._send_failed, f"Not sent: {exc}. The text stays here.")
            return
        except Exception as exc:  # noqa: BLE001 — the composer stays open with the text
            deliver(self, self._send_failed, f"Not sent: {exc}. The draft is kept.")
            raise
        self.record_sent(draft.body)  # counts and an edit ratio, never the text
        deliver(self, self._sent, note)

    def _send_failed(self, text: str) -> None:
        self._sending = False
        self.notify(text, severity="error", markup=False)

    def _sent(self, note: str) -> None:
        self._sending = False
        self.notify(note, markup=False)
        self.dismiss(None)
