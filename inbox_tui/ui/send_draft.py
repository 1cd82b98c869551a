"""From a saved draft to the outbox, on behalf of the composer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inbox_tui.core.models import Channel
from inbox_tui.services.compose_send import queue_email, queue_sms
from inbox_tui.services.contact_settings import effective_contact
from inbox_tui.store import Store
from inbox_tui.store.drafts import Draft
from inbox_tui.ui.shield_ui import when_text

if TYPE_CHECKING:
    from inbox_tui.ui.app import InboxApp


def queue_draft(
    app: InboxApp,
    store: Store,
    draft: Draft,
    *,
    read_receipt: bool | None = None,
    delivery_report: bool | None = None,
    not_before_ts: int | None = None,
) -> str:
    """Queue the draft for sending; returns what to tell the user. ValueError: not sendable.

    `read_receipt`/`delivery_report`: the composer's toggles (email only); None leaves the
    choice to the contact, account and [receipts] settings. `not_before_ts`: held until
    then (quiet time); None sends as soon as possible."""
    if app.config is None:
        raise ValueError("no accounts are configured (demo mode)")
    original = store.messages.get(draft.reply_to) if draft.reply_to else None
    contact = effective_contact(store, draft.contact_id)  # the contact screen over config
    if draft.channel is Channel.SMS:
        queue_sms(
            store,
            app.config,
            contact=contact,
            original=original,
            text=draft.body,
            now=app.now(),
            draft_id=draft.id,
            not_before_ts=not_before_ts,
        )
        if app.mail is not None:
            app.mail.request_send()
        return _held_note(app, not_before_ts) or (
            "Queued: the text leaves as soon as the gateway answers (see the Outbox view)."
        )
    queue_email(
        store,
        app.config,
        contact=contact,
        original=original,
        subject=draft.subject,
        body=draft.body,
        now=app.now(),
        draft_id=draft.id,
        read_receipt=read_receipt,
        delivery_report=delivery_report,
        not_before_ts=not_before_ts,
    )
    if app.mail is not None:
        app.mail.request_send()
    return _held_note(app, not_before_ts) or (
        "Queued: it leaves as soon as the server answers (see the Outbox view)."
    )


def _held_note(app: InboxApp, not_before_ts: int | None) -> str | None:
    now = app.now()
    if not_before_ts is None or not_before_ts <= int(now.timestamp()):
        return None
    when = when_text(not_before_ts, now, app.display_tz)
    return f"Held until {when}: it leaves then (see the Outbox view)."
