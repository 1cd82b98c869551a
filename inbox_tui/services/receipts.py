"""Delivery reports and read receipts at the service level.

Reading: the sync stores reports hidden (`report_of = 0`) from their headers alone; here
their bodies are fetched, parsed by the core and linked to the message they are about.
Answering: when a message that asks for a read receipt is displayed, the consent policy
decides; a receipt goes out through the outbox like any message, and the `$MDNSent`
keyword tells the server (and every other client) that the request was dealt with.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from inbox_tui.channels.imap_session import ImapSession
from inbox_tui.channels.imap_wire import uid_ranges
from inbox_tui.core.compose import make_message_id
from inbox_tui.core.config import Config, EmailAccount
from inbox_tui.core.mdn import build_mdn
from inbox_tui.core.mime import parse_message
from inbox_tui.core.models import Channel, Direction, Message
from inbox_tui.core.receipt_policy import Decision, Request, decide
from inbox_tui.core.receipt_settings import answer_rules, contact_answer
from inbox_tui.core.reports import Report, parse_plain_bounce, parse_report
from inbox_tui.services.contact_settings import effective_contact
from inbox_tui.store import Store

log = logging.getLogger(__name__)
# The status part comes before the returned message: the first 256 KiB always hold it.
REPORT_FETCH = "(UID BODY.PEEK[]<0.262144>)"
MDN_KIND = "mdn"


async def process_reports(store: Store, session: ImapSession, account: str) -> int:
    """Read the pending reports of an account; returns how many matched a message."""
    pending = store.delivery.pending_reports(account)
    by_folder: dict[str, dict[int, int]] = {}
    for message_id, folder, uid in pending:
        by_folder.setdefault(folder, {})[uid] = message_id
    matched = 0
    for folder, uids in by_folder.items():
        await session.select(folder, readonly=True)
        items = await session.uid_fetch(uid_ranges(sorted(uids)), REPORT_FETCH)
        raws = {i.uid: i.body("BODY[]") or b"" for i in items if i.uid in uids}
        parsed = await asyncio.to_thread(_parse_all, raws)
        for uid, (report, text) in parsed.items():
            message_id = uids[uid]
            await asyncio.to_thread(store.mail.set_body, message_id, text, [])
            if store.delivery.settle_report(message_id, report) is not None:
                matched += 1
        # A UID missing from the answer was expunged meanwhile: the next sync removes it.
    return matched


def _parse_all(raws: dict[int, bytes]) -> dict[int, tuple[Report | None, str]]:
    out: dict[int, tuple[Report | None, str]] = {}
    for uid, raw in raws.items():
        report = parse_report(raw)
        try:
            text = parse_message(raw).text
        except Exception:  # noqa: BLE001 — the text is for display only
            text = ""
        out[uid] = (report or parse_plain_bounce(text), text)
    return out


# -- answering receipt requests -----------------------------------------------------------


def decision_for(store: Store, config: Config, msg: Message) -> Decision:
    """What the consent policy says about this message's receipt request, now."""
    account = config.account(msg.account)
    if not msg.mdn_to or msg.mdn not in (None, "asked") or not isinstance(account, EmailAccount):
        return Decision.NONE
    # The contact's answer as the contact screen left it, over the config's.
    contact = effective_contact(store, msg.contact_id)
    request = Request(
        notify_to=tuple(a.strip().lower() for a in msg.mdn_to.split(",") if a.strip()),
        return_path=msg.return_path,
        sender=msg.sender,
        to_cc=tuple(a.strip().lower() for a in msg.recipients.split(",") if a.strip()),
        mdn_sent=False,
    )
    rules = answer_rules(config, account.name)
    return decide(request, rules, (account.address.lower(),), contact_answer(contact))


def on_displayed(store: Store, config: Config, message_id: int, now: datetime) -> Decision:
    """The user opened the message: decline, ask, or send, as the policy says."""
    msg = store.messages.get(message_id)
    if msg is None:
        return Decision.NONE
    decision = decision_for(store, config, msg)
    if decision is Decision.NEVER:
        _set_mdn(store, message_id, "declined")
    elif decision is Decision.ASK:
        _set_mdn(store, message_id, "asked", push=False)
    elif decision is Decision.SEND:
        queue_receipt(store, config, message_id, now, manual=False)
    return decision


def answer(store: Store, config: Config, message_id: int, send: bool, now: datetime) -> bool:
    """The user's answer to the prompt; False when there was nothing (left) to answer."""
    msg = store.messages.get(message_id)
    if msg is None or not msg.mdn_to or msg.mdn not in (None, "asked"):
        return False
    if send:
        return queue_receipt(store, config, message_id, now, manual=True) is not None
    return _set_mdn(store, message_id, "declined")


def _set_mdn(store: Store, message_id: int, state: str, push: bool = True) -> bool:
    with store.transaction() as tx:
        changed = tx.execute(
            "UPDATE messages SET mdn = ?, flags_dirty = flags_dirty OR (? AND uid IS NOT NULL)"
            " WHERE id = ? AND (mdn IS NULL OR mdn = 'asked')",
            (state, int(push), message_id),
        ).rowcount
    return bool(changed)


def queue_receipt(
    store: Store, config: Config, message_id: int, now: datetime, *, manual: bool
) -> int | None:
    """Queue the read receipt for a message (at most one, ever); the outbox item's id."""
    msg = store.messages.get(message_id)
    account = config.account(msg.account) if msg else None
    if msg is None or not msg.mdn_to or not isinstance(account, EmailAccount):
        return None
    to = msg.mdn_to.split(",")[0].strip()
    mine = account.address.lower()
    recipients = [a.strip().lower() for a in msg.recipients.split(",")]
    domain = mine.rpartition("@")[2] or "localhost"
    mdn_id = make_message_id(domain, now)
    payload = build_mdn(
        original_message_id=msg.message_id,
        original_subject=msg.subject,
        original_recipient=mine if mine in recipients else None,
        final_recipient=mine,
        from_name=account.display_name or config.profile.name,
        from_addr=account.address,
        to_addr=to,
        date=now,
        message_id=mdn_id,
        manual=manual,
        language=config.profile.language,
    )
    receipt = Message(
        id=None,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        contact_id=None,  # hidden under the message it answers, not in the conversation
        account=account.name,
        timestamp=int(now.timestamp()),
        subject=f"Read: {msg.subject}",
        sender=account.address,
        message_id=mdn_id,
        recipients=to,
        report_of=msg.id,
        report=MDN_KIND,
    )
    with store.transaction() as tx:
        claimed = tx.execute(
            "UPDATE messages SET mdn = 'queued', flags_dirty = (uid IS NOT NULL)"
            " WHERE id = ? AND (mdn IS NULL OR mdn = 'asked')",
            (message_id,),
        ).rowcount
        if not claimed:
            return None  # answered meanwhile (another window, another client)
        _, item_id = store.outbox.enqueue_in(
            tx, receipt, payload, recipients=[to], kind=MDN_KIND, dsn=False
        )
    log.info("read receipt queued for message %s", message_id)
    return item_id
