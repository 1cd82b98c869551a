"""Turning what the user wrote into an outbox item: RFC 5322 bytes, then queued.

The draft is deleted in the same transaction that queues the message, so the text is
always in exactly one of the two places.
"""

from __future__ import annotations

import json
from datetime import datetime

from inbox_tui.core.addresses import AddressError, email_address, phone_address
from inbox_tui.core.compose import build_email, make_message_id, quote_body
from inbox_tui.core.config import Config, EmailAccount, SmsAccount
from inbox_tui.core.models import Channel, Contact, DeliveryState, Direction, Message
from inbox_tui.core.receipt_settings import request_settings
from inbox_tui.store import Store

MAX_REFERENCES = 20


class ComposeError(ValueError):
    """Something the user must fix before this can be sent (no address, no account)."""


def _account_for(config: Config, original: Message | None, kind: type, what: str):
    """The account the original came through, else the first account of that kind."""
    if original is not None:
        account = config.account(original.account)
        if isinstance(account, kind):
            return account
    for account in config.accounts:
        if isinstance(account, kind):
            return account
    raise ComposeError(f"no {what} account is configured")


def email_account_for(config: Config, original: Message | None) -> EmailAccount:
    return _account_for(config, original, EmailAccount, "email")


def recipient_for(contact: Contact | None, original: Message | None) -> str:
    if original is not None and original.direction is Direction.INBOUND and "@" in original.sender:
        return email_address(original.sender).value
    if contact is not None:
        for address in contact.addresses:
            if address.kind.value == "email":
                return address.value
    raise ComposeError("this contact has no email address")


def queue_email(
    store: Store,
    config: Config,
    *,
    contact: Contact | None,
    original: Message | None,
    subject: str,
    body: str,
    now: datetime,
    draft_id: int | None = None,
    read_receipt: bool | None = None,
    delivery_report: bool | None = None,
    not_before_ts: int | None = None,
    auto_reply: bool = False,
) -> tuple[int, int]:
    """Build and queue an email (a reply when `original` is given); (message id, item id).

    `read_receipt`/`delivery_report`: the composer's toggles; None takes the settings of
    the contact, then the account, then [receipts]."""
    account = email_account_for(config, original)
    to = recipient_for(contact, original)
    domain = account.address.rpartition("@")[2] or "localhost"
    message_id = make_message_id(domain, now)
    references: tuple[str, ...] = ()
    in_reply_to = None
    if original is not None and original.message_id:
        in_reply_to = original.message_id
        chain = [r for r in original.refs.split() if r] + [original.message_id]
        # Keep the thread's root and the most recent links, as RFC 5322 suggests.
        references = tuple(chain[:1] + chain[1:][-(MAX_REFERENCES - 1) :])
    signature = config.profile.signature.strip()
    text = body.rstrip() + (f"\n\n-- \n{signature}\n" if signature else "\n")
    default_read, default_dsn = request_settings(config, account.name, contact)
    want_receipt = default_read if read_receipt is None else read_receipt
    want_dsn = default_dsn if delivery_report is None else delivery_report
    sent_text = text
    if original is not None and original.body.strip() and not auto_reply:
        # Bottom-posted quote of what is being answered, attributed in the user's language.
        author = contact.name if contact and original.direction is Direction.INBOUND else ""
        when = datetime.fromtimestamp(original.timestamp, now.tzinfo)
        sent_text += "\n" + quote_body(
            original.body, author or original.sender, when, config.profile.language
        )
    payload = build_email(
        from_name=account.display_name or config.profile.name,
        from_addr=account.address,
        to=[(contact.name if contact else "", to)],
        subject=subject,
        body=sent_text,
        date=now,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        read_receipt_to=account.address if want_receipt and not auto_reply else None,
        # RFC 3834: marks it as automatic, so other responders do not answer it back.
        extra_headers={"Auto-Submitted": "auto-replied"} if auto_reply else None,
    )
    message = Message(
        id=None,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        contact_id=contact.id if contact else None,
        account=account.name,
        timestamp=int(now.timestamp()),
        subject=subject,
        body=text,
        sender=account.address,
        thread_key=(references[0] if references else in_reply_to) or message_id,
        state=DeliveryState.QUEUED,
        message_id=message_id,
        in_reply_to=in_reply_to,
        refs=" ".join(references),
        recipients=to,
    )
    return store.outbox.enqueue(
        message,
        payload,
        envelope_from=account.address,
        recipients=[to],
        not_before_ts=not_before_ts,
        draft_id=draft_id,
        dsn=want_dsn,
    )


def sms_account_for(config: Config, original: Message | None) -> SmsAccount:
    return _account_for(config, original, SmsAccount, "SMS")


def phone_for(contact: Contact | None, original: Message | None, region: str) -> str:
    if original is not None and original.direction is Direction.INBOUND and original.sender:
        try:
            return phone_address(original.sender, region).value
        except AddressError:
            pass
    if contact is not None:
        for address in contact.addresses:
            if address.kind.value == "phone":
                return address.value
    raise ComposeError("this contact has no phone number")


def queue_sms(
    store: Store,
    config: Config,
    *,
    contact: Contact | None,
    original: Message | None,
    text: str,
    now: datetime,
    draft_id: int | None = None,
    not_before_ts: int | None = None,
) -> tuple[int, int]:
    """Queue a text message to the contact (the number they wrote from, when replying)."""
    account = sms_account_for(config, original)
    to = phone_for(contact, original, config.profile.region)
    body = text.strip()
    if not body:
        raise ComposeError("the message is empty")
    message = Message(
        id=None,
        channel=Channel.SMS,
        direction=Direction.OUTBOUND,
        contact_id=contact.id if contact else (original.contact_id if original else None),
        account=account.name,
        timestamp=int(now.timestamp()),
        body=body,
        sender=account.number,
        state=DeliveryState.QUEUED,
        recipients=to,
    )
    payload = json.dumps({"to": to, "text": body}).encode()
    return store.outbox.enqueue(
        message, payload, recipients=[to], not_before_ts=not_before_ts, draft_id=draft_id
    )
