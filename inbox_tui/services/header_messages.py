"""Message rows from fetched IMAP headers: a report kept hidden until it is matched, or a
conversation message with its direction, read and flagged state and receipt request.

The IMAP flag names live here because a row's state is read from them; the folder sync
writes them back with the same names.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

from inbox_tui.channels.imap_wire import FetchedItem
from inbox_tui.core.automated import is_automated
from inbox_tui.core.mime import EmailHeaders, thread_key
from inbox_tui.core.models import Channel, DeliveryState, Direction, Message
from inbox_tui.core.reports import looks_like_bounce
from inbox_tui.store.mail import FolderState

FLAG_SEEN, FLAG_FLAGGED = "\\Seen", "\\Flagged"
FLAG_MDN_SENT = "$MDNSent"  # RFC 3503: a receipt was sent or declined, ask no more
REPORT_TYPES = ("delivery-status", "disposition-notification")


def is_report(h: EmailHeaders) -> bool:
    """A report (RFC 6522) of the kinds we match, DSN or MDN, or a plain-text bounce."""
    if h.content_type != "multipart/report":
        return looks_like_bounce(h.from_addr, h.subject)
    kind = (h.report_type or "").removeprefix("global-")
    return kind in REPORT_TYPES


def report_message(
    account: str, folder: str, st: FolderState, item: FetchedItem, h: EmailHeaders
) -> Message:
    # A delivery report or read receipt: hidden (report_of = 0) until its body is
    # read and matched; it belongs to no contact, so no counter ever sees it.
    return Message(
        id=None, channel=Channel.EMAIL, direction=Direction.INBOUND, contact_id=None,
        account=account,
        timestamp=h.date or _internal_date(item) or int(time.time()),
        subject=h.subject, sender=h.from_addr or h.from_name, message_id=h.message_id,
        folder=folder, uidvalidity=st.uidvalidity, uid=item.uid, modseq=item.modseq,
        body_loaded=False, size=_int(item.attrs.get("RFC822.SIZE")), report_of=0,
    )  # fmt: skip


def conversation_message(
    account: str,
    folder: str,
    st: FolderState,
    item: FetchedItem,
    h: EmailHeaders,
    outbound: bool,
    contact_id: int | None,
) -> Message:
    """A message of a conversation, ours (`outbound`) or the contact's, body not loaded."""
    flags = item.flags
    asks_receipt = bool(h.disposition_notification_to) and not outbound
    return Message(
        id=None,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
        contact_id=contact_id,
        account=account,
        timestamp=h.date or _internal_date(item) or int(time.time()),
        subject=h.subject,
        body="",
        sender=h.from_addr or h.from_name,
        thread_key=thread_key(h),
        unread=FLAG_SEEN not in flags and not outbound,
        flagged=FLAG_FLAGGED in flags,
        state=DeliveryState.SENT if outbound else DeliveryState.RECEIVED,
        message_id=h.message_id,
        in_reply_to=h.in_reply_to,
        refs=" ".join(h.references),
        folder=folder,
        uidvalidity=st.uidvalidity,
        uid=item.uid,
        modseq=item.modseq,
        body_loaded=False,
        size=_int(item.attrs.get("RFC822.SIZE")),
        recipients=", ".join(a for _, a in (*h.to, *h.cc)),
        mdn_to=", ".join(h.disposition_notification_to) if asks_receipt else None,
        return_path=h.return_path if asks_receipt else None,
        # Another client (or an earlier install) already answered or declined it.
        mdn="sent" if asks_receipt and FLAG_MDN_SENT in flags else None,
        automated=not outbound
        and is_automated(h.auto_submitted, h.precedence, h.list_id, h.from_addr),
    )


def _int(value) -> int:
    return int(value) if isinstance(value, bytes) and value.isdigit() else 0


def _internal_date(item: FetchedItem) -> int | None:
    value = item.attrs.get("INTERNALDATE")
    if not isinstance(value, bytes):
        return None
    try:
        text = value.decode()
        day, mon, rest = text.split("-", 2)
        return int(parsedate_to_datetime(f"{day} {mon} {rest}").timestamp())
    except (ValueError, TypeError, IndexError):
        return None
