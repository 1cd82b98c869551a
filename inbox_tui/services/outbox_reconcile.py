"""After a crash mid-send: did the message leave? Evidence a client can really check.

An item found in `sending` was interrupted between our commit of the attempt and our
commit of the server's answer. The server may have taken it (a resend would duplicate
it) or not (skipping it would lose it). Neither SMTP nor an SMS gateway can be asked
"did you take message X?", so we look for traces the message can only leave once it
has left:

- a report about it from the channel, already in the store: a DSN or read receipt
  matched by the sync, or a gateway's delivery report carrying our own id;
- email: its copy in Sent (servers that file one themselves), or any message in the
  INBOX that names its Message-ID (a DSN, a reply, a copy to ourselves) — the id is
  random and made here, so it reaches the server only through the send.

Reports can lag the acceptance, so an attempt marks its item "not before
INTERRUPTED_GRACE seconds" when it starts (cleared as soon as the answer is stored); a
crash leaves that in place and the check runs once the grace is over. A text also waits
until we have listened for reports that long (see report_wait). With no trace by then
the item is sent again: at least once, never lost. The remaining window is a server that
neither files a copy nor reports in time, or a gateway that gives up on a report that
found us down.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from inbox_tui.channels.imap_session import ImapSession
from inbox_tui.channels.imap_wire import quote
from inbox_tui.store import Store
from inbox_tui.store.outbox_item import OutboxItem

INTERRUPTED_GRACE = 10  # seconds; a local DSN, a gateway's first report are faster
# A text's only trace is the gateway's report, which reaches us only while we listen:
# past this age an interrupted text goes again even if nobody listened in between.
REPORT_WAIT_MAX = 600
# Delivery events we write ourselves; every other source is the channel speaking.
OWN_SOURCES = ("outbox", "user", "shield")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def last_attempt(store: Store, item: OutboxItem) -> tuple[int, int]:
    """(event id, wall-clock time) of the item's last `sending` step; (0, 0) if none."""
    row = store.query_one(
        "SELECT id, ts FROM delivery_events WHERE message_id = ? AND source = 'outbox'"
        " AND state = 'sending' ORDER BY id DESC LIMIT 1",
        (item.message_id,),
    )
    return (row[0], row[1]) if row else (0, 0)


def reported_after_attempt(store: Store, item: OutboxItem) -> bool:
    """A channel's report about the message arrived after its last attempt began."""
    if item.message_id is None:
        return False
    marks = ",".join("?" * len(OWN_SOURCES))
    row = store.query_one(
        "SELECT count(*) FROM delivery_events WHERE message_id = ? AND id > ?"
        f" AND source NOT IN ({marks})",
        (item.message_id, last_attempt(store, item)[0], *OWN_SOURCES),
    )
    return bool(row and row[0])


def report_wait(store: Store, item: OutboxItem, listened: float | None, now: float) -> float:
    """Seconds an interrupted text should still wait for its report before going again.

    `listened`: how long this process has been receiving reports (None: not at all, as
    in `sync --once`). A gateway retries a report that found us down (Kannel: smsbox's
    `http-request-retry`), so a report is only missing once we listened for the grace.
    """
    age = now - last_attempt(store, item)[1]
    if age >= REPORT_WAIT_MAX:
        return 0.0
    if listened is None:
        return REPORT_WAIT_MAX - age
    return max(0.0, min(INTERRUPTED_GRACE - listened, REPORT_WAIT_MAX - age))


async def found_on_server(
    session: ImapSession, folders: list[tuple[str, str]], item: OutboxItem
) -> str | None:
    """Where the server shows the message left (a note for the history), else None."""
    msgid = item.header_message_id
    if not msgid:
        return None
    sent = next((f for f, role in folders if role == "sent"), None)
    if sent is not None:
        await session.select(sent, readonly=True)
        if await session.find_message_id(msgid):
            return "found in Sent after an interrupted send"
    await session.select("INBOX", readonly=True)
    # Only mail that arrived since it was queued can be about it; SINCE keeps the
    # (unindexed) text search to those days.
    if await session.uid_search("SINCE", _imap_date(item.created_ts), "TEXT", quote(msgid)):
        return "a report or reply names it after an interrupted send"
    return None


def _imap_date(ts: int) -> str:
    # A day early: SINCE compares dates in the server's time zone, not ours.
    day = datetime.fromtimestamp(ts, timezone.utc) - timedelta(days=1)
    return f"{day.day}-{_MONTHS[day.month - 1]}-{day.year}"
