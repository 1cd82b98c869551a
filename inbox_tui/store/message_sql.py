"""SQL pieces of the message store: row mappings, the insert, view filters, FTS keys and
the contact counters that follow inserts. `MessageRepo` (messages.py) composes them."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from inbox_tui.core.models import (
    Channel,
    DeliveryState,
    Direction,
    Message,
    TimelineFilter,
    TimelineRow,
    View,
)
from inbox_tui.core.sanitize import clean, one_line

if TYPE_CHECKING:
    from inbox_tui.store.db import _Tx

Key = tuple[int, int]

ROW_COLUMNS = (
    "m.id, m.ts, m.channel, m.direction, m.contact_id, coalesce(c.name, m.sender) AS name,"
    " m.summary, m.unread, m.state"
)
INSERT_SQL = (
    "INSERT INTO messages (channel, direction, contact_id, account, ts, subject, body, summary,"
    " sender, remote_id, thread_key, unread, flagged, awaiting, state, state_reason,"
    " message_id, in_reply_to, refs, folder, uidvalidity, uid, modseq, body_loaded, size,"
    " recipients, report_of, report, mdn_to, return_path, mdn, automated)"
    " VALUES (:channel, :direction, :contact_id, :account, :ts, :subject, :body, :summary,"
    " :sender, :remote_id, :thread_key, :unread, :flagged, 0, :state, :state_reason,"
    " :message_id, :in_reply_to, :refs, :folder, :uidvalidity, :uid, :modseq, :body_loaded,"
    " :size, :recipients, :report_of, :report, :mdn_to, :return_path, :mdn, :automated)"
)
# The bulk path sets ids and search keys itself (see MessageRepo.add_many_in).
INSERT_WITH_KEYS_SQL = INSERT_SQL.replace(
    "INSERT INTO messages (", "INSERT INTO messages (id, fts_key, ", 1
).replace(" VALUES (", " VALUES (:id, :fts_key, ", 1)


# Reports are linked to what they report on and hidden; the view indexes hold only the rest.
VISIBLE = "m.report_of IS NULL"
# What can await a reply: a person's incoming message, not a report or a machine's mail.
AWAITS = "direction = 'in' AND automated = 0 AND report_of IS NULL"
LONG_PENDING = 1800  # seconds a message may wait in the outbox before it counts as stuck


def where_clause(flt: TimelineFilter) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if flt.view is View.ALL:
        clauses.append(VISIBLE)
    elif flt.view is View.EMAIL:
        clauses.append(f"m.channel = 'email' AND {VISIBLE}")
    elif flt.view is View.SMS:
        clauses.append(f"m.channel = 'sms' AND {VISIBLE}")
    elif flt.view is View.UNREAD:
        clauses.append("m.unread = 1")
    elif flt.view is View.AWAITING:
        clauses.append("m.awaiting = 1")
    elif flt.view is View.OUTBOX:
        # Not yet gone, or failed and waiting for the user: a handful of rows at most.
        clauses.append(
            "m.id IN (SELECT message_id FROM outbox WHERE state IN"
            " ('queued', 'held', 'sending', 'accepted', 'failed'))"
        )
    elif flt.view is View.UNDELIVERED:
        # Failed, or still not gone after a while; the terms repeat the partial index's.
        clauses.append(
            "m.direction = 'out' AND m.state IN ('failed', 'queued', 'sending')"
            f" AND (m.state = 'failed' OR m.ts < unixepoch() - {LONG_PENDING})"
        )
    if flt.contact_id is not None:
        clauses.append("m.contact_id = ?")
        params.append(flt.contact_id)
    return " AND ".join(clauses) or "1", params


def timeline_row(r: sqlite3.Row) -> TimelineRow:
    return TimelineRow(
        id=r[0],
        timestamp=r[1],
        channel=Channel(r[2]),
        direction=Direction(r[3]),
        contact_id=r[4],
        contact_name=r[5] or "",
        summary=r[6],
        unread=bool(r[7]),
        state=DeliveryState(r[8]),
    )


def insert_params(msg: Message) -> dict:
    subject = one_line(msg.subject, 500)
    body = clean(msg.body)
    return {
        "channel": msg.channel.value,
        "direction": msg.direction.value,
        "contact_id": msg.contact_id,
        "account": msg.account,
        "ts": msg.timestamp,
        "subject": subject,
        "body": body,
        "summary": one_line(subject or body, 160),
        "sender": one_line(msg.sender, 200),
        "remote_id": msg.remote_id,
        "thread_key": msg.thread_key,
        "unread": int(msg.unread),
        "flagged": int(msg.flagged),
        "state": msg.state.value,
        "state_reason": msg.state_reason,
        "message_id": msg.message_id,
        "in_reply_to": msg.in_reply_to,
        "refs": msg.refs,
        "folder": msg.folder,
        "uidvalidity": msg.uidvalidity,
        "uid": msg.uid,
        "modseq": msg.modseq,
        "body_loaded": int(msg.body_loaded),
        "size": msg.size,
        "recipients": one_line(msg.recipients, 1000),
        "report_of": msg.report_of,
        "report": msg.report,
        "mdn_to": msg.mdn_to,
        "return_path": msg.return_path,
        "mdn": msg.mdn,
        "automated": int(msg.automated),
    }


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """User words to an FTS5 query: every word must match, the last as a prefix.

    Words are quoted so that FTS5 operators typed by the user (NEAR, -, :) are plain text.
    """
    words = _TOKEN.findall(text)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


FTS_KEY = "((ts << 21) | (id & 2097151))"


def index_fts(tx: _Tx, message_id: int) -> None:
    key = tx.execute(f"SELECT {FTS_KEY} FROM messages WHERE id = ?", (message_id,)).fetchone()[0]
    # Two messages share a key only with the same second and ids 2M apart: probe upwards.
    while tx.execute(
        "SELECT 1 FROM messages WHERE fts_key = ? UNION ALL SELECT 1 FROM messages_fts"
        " WHERE rowid = ?",
        (key, key),
    ).fetchone():
        key += 1
    tx.execute("UPDATE messages SET fts_key = ? WHERE id = ?", (key, message_id))
    tx.execute(
        "INSERT INTO messages_fts (rowid, subject, body, name)"
        " SELECT m.fts_key, m.subject, m.body, coalesce(c.name, m.sender)"
        " FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id WHERE m.id = ?",
        (message_id,),
    )


def count_new_in(tx: _Tx, first: int) -> int:
    """Fold rows with id > `first` into their contacts' counters; returns how many.

    Incremental on purpose: recounting each touched contact's whole history per batch
    made a first sync quadratic in the mailbox size.
    """
    rows = tx.execute(
        "SELECT contact_id, unread, ts, direction FROM messages WHERE id > ?", (first,)
    ).fetchall()
    totals: dict[int, list[int]] = {}
    for contact_id, unread, ts, direction in rows:
        if contact_id is None:
            continue
        t = totals.setdefault(contact_id, [0, 0, 0])
        t[0] += unread
        t[1] = max(t[1], ts)
        if direction == "out":
            t[2] = max(t[2], ts)
    for contact_id, (unread, last_ts, last_out) in totals.items():
        tx.execute(
            "UPDATE contacts SET unread_count = unread_count + ?, last_ts = max(last_ts, ?),"
            " last_out_ts = max(last_out_ts, ?) WHERE id = ?",
            (unread, last_ts, last_out, contact_id),
        )
        if last_out:  # a reply answers everything the client wrote up to it
            tx.execute(
                "UPDATE messages SET awaiting = 0 WHERE contact_id = ? AND awaiting = 1"
                " AND ts <= ?",
                (contact_id, last_out),
            )
    tx.execute(
        f"UPDATE messages SET awaiting = ({AWAITS} AND ts > coalesce("
        " (SELECT last_out_ts FROM contacts c WHERE c.id = messages.contact_id), 0))"
        " WHERE id > ?",
        (first,),
    )
    return len(rows)


def update_counters(tx: _Tx, msg: Message, message_id: int) -> None:
    ts, contact = msg.timestamp, msg.contact_id
    tx.execute(
        "UPDATE contacts SET last_ts = max(last_ts, ?), unread_count = unread_count + ?"
        " WHERE id = ?",
        (ts, int(msg.unread), contact),
    )
    if msg.direction is Direction.OUTBOUND:
        tx.execute(
            "UPDATE contacts SET last_out_ts = max(last_out_ts, ?) WHERE id = ?", (ts, contact)
        )
        # A reply answers everything the client wrote up to it.
        tx.execute(
            "UPDATE messages SET awaiting = 0 WHERE contact_id = ? AND awaiting = 1 AND ts <= ?",
            (contact, ts),
        )
    elif not msg.automated and msg.report_of is None:
        tx.execute(
            "UPDATE messages SET awaiting = (? > (SELECT last_out_ts FROM contacts WHERE id = ?))"
            " WHERE id = ?",
            (ts, contact, message_id),
        )


def message_from_row(r: sqlite3.Row) -> Message:
    return Message(
        id=r["id"],
        channel=Channel(r["channel"]),
        direction=Direction(r["direction"]),
        contact_id=r["contact_id"],
        account=r["account"],
        timestamp=r["ts"],
        subject=r["subject"],
        body=r["body"],
        sender=r["sender"],
        remote_id=r["remote_id"],
        thread_key=r["thread_key"],
        unread=bool(r["unread"]),
        flagged=bool(r["flagged"]),
        state=DeliveryState(r["state"]),
        state_reason=r["state_reason"],
        message_id=r["message_id"],
        in_reply_to=r["in_reply_to"],
        refs=r["refs"],
        folder=r["folder"],
        uidvalidity=r["uidvalidity"],
        uid=r["uid"],
        modseq=r["modseq"],
        body_loaded=bool(r["body_loaded"]),
        size=r["size"],
        recipients=r["recipients"],
        report_of=r["report_of"],
        report=r["report"],
        mdn_to=r["mdn_to"],
        return_path=r["return_path"],
        mdn=r["mdn"],
        automated=bool(r["automated"]),
    )
