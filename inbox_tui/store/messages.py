"""Messages: insertion with derived counters, keyset timeline pages, conversations, FTS."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
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
from inbox_tui.store.contacts import recompute_contacts

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx

Key = tuple[int, int]

_ROW_COLUMNS = (
    "m.id, m.ts, m.channel, m.direction, m.contact_id, coalesce(c.name, m.sender) AS name,"
    " m.summary, m.unread, m.state"
)
_INSERT = (
    "INSERT INTO messages (channel, direction, contact_id, account, ts, subject, body, summary,"
    " sender, remote_id, thread_key, unread, flagged, awaiting, state, state_reason,"
    " message_id, in_reply_to, refs, folder, uidvalidity, uid, modseq, body_loaded, size,"
    " recipients)"
    " VALUES (:channel, :direction, :contact_id, :account, :ts, :subject, :body, :summary,"
    " :sender, :remote_id, :thread_key, :unread, :flagged, 0, :state, :state_reason,"
    " :message_id, :in_reply_to, :refs, :folder, :uidvalidity, :uid, :modseq, :body_loaded,"
    " :size, :recipients)"
)


def _where(flt: TimelineFilter) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if flt.view is View.EMAIL:
        clauses.append("m.channel = 'email'")
    elif flt.view is View.SMS:
        clauses.append("m.channel = 'sms'")
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
    if flt.contact_id is not None:
        clauses.append("m.contact_id = ?")
        params.append(flt.contact_id)
    return " AND ".join(clauses) or "1", params


def _row(r: sqlite3.Row) -> TimelineRow:
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


def _params(msg: Message) -> dict:
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
    }


class MessageRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- writing -------------------------------------------------------------------------

    def add(self, msg: Message) -> int:
        """Store one message; a repeat of (account, remote_id) returns the existing id."""
        with self._store.transaction() as tx:
            return self.add_in(tx, msg)

    def add_in(self, tx: _Tx, msg: Message) -> int:
        if msg.remote_id is not None:
            row = tx.execute(
                "SELECT id FROM messages WHERE account = ? AND remote_id = ?",
                (msg.account, msg.remote_id),
            ).fetchone()
            if row:
                return row[0]
        params = _params(msg)
        message_id = tx.execute(_INSERT, params).lastrowid
        _index_fts(tx, message_id)
        if msg.contact_id is not None:
            _update_counters(tx, msg, message_id)
        return message_id

    def add_many(self, msgs: Iterable[Message]) -> int:
        """Bulk insert (seeding, first sync): derived columns recomputed once at the end."""
        with self._store.transaction() as tx:
            return self.add_many_in(tx, msgs)

    def add_many_in(self, tx: _Tx, msgs: Iterable[Message], skip_known: bool = False) -> int:
        """Bulk insert inside a transaction; `skip_known` ignores rows whose remote position
        (IMAP folder/UID, gateway id) is already stored, so a repeated batch is harmless."""
        first = tx.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        sql = _INSERT.replace("INSERT", "INSERT OR IGNORE", 1) if skip_known else _INSERT
        tx.executemany(sql, (_params(m) for m in msgs))
        tx.execute(f"UPDATE messages SET fts_key = {_FTS_KEY} WHERE id > ?", (first,))
        tx.execute(
            "INSERT INTO messages_fts (rowid, subject, body, name)"
            " SELECT m.fts_key, m.subject, m.body, coalesce(c.name, m.sender)"
            " FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id WHERE m.id > ?",
            (first,),
        )
        return _count_new_in(tx, first)

    def delete_where_in(self, tx: _Tx, where: str, params: tuple) -> int:
        """Delete messages (and their search entries); counters follow."""
        doomed = tx.execute(
            f"SELECT id, contact_id, fts_key FROM messages WHERE {where}", params
        ).fetchall()
        for r in doomed:
            tx.execute("DELETE FROM messages_fts WHERE rowid = ?", (r["fts_key"],))
            tx.execute("DELETE FROM messages WHERE id = ?", (r["id"],))
        recompute_contacts(tx, sorted({r["contact_id"] for r in doomed if r["contact_id"]}))
        return len(doomed)

    def mark_read(self, message_id: int, read: bool = True) -> bool:
        """Set the read flag; returns True when it changed."""
        with self._store.transaction() as tx:
            row = tx.execute(
                "SELECT contact_id, unread FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None or bool(row["unread"]) != read:
                return False
            # flags_dirty: the server copy must learn it (\\Seen) on the next sync.
            tx.execute(
                "UPDATE messages SET unread = ?, flags_dirty = (uid IS NOT NULL) WHERE id = ?",
                (int(not read), message_id),
            )
            if row["contact_id"] is not None:
                tx.execute(
                    "UPDATE contacts SET unread_count = max(unread_count + ?, 0) WHERE id = ?",
                    (-1 if read else 1, row["contact_id"]),
                )
            return True

    # -- reading -------------------------------------------------------------------------

    def count(self, flt: TimelineFilter | None = None) -> int:
        where, params = _where(flt or TimelineFilter())
        return self._store.query_one(f"SELECT count(*) FROM messages m WHERE {where}", params)[0]

    def page_after(self, flt: TimelineFilter, key: Key | None, limit: int) -> list[TimelineRow]:
        """Up to `limit` rows older than `key` (or the newest rows), newest first."""
        where, params = _where(flt)
        if key is not None:
            where += " AND (m.ts, m.id) < (?, ?)"
            params += list(key)
        rows = self._store.query(
            f"SELECT {_ROW_COLUMNS} FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id"
            f" WHERE {where} ORDER BY m.ts DESC, m.id DESC LIMIT ?",
            (*params, limit),
        )
        return [_row(r) for r in rows]

    def page_before(self, flt: TimelineFilter, key: Key, limit: int) -> list[TimelineRow]:
        """Up to `limit` rows newer than `key`, returned newest first."""
        where, params = _where(flt)
        rows = self._store.query(
            f"SELECT {_ROW_COLUMNS} FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id"
            f" WHERE {where} AND (m.ts, m.id) > (?, ?) ORDER BY m.ts ASC, m.id ASC LIMIT ?",
            (*params, *key, limit),
        )
        return [_row(r) for r in reversed(rows)]

    def page_at(self, flt: TimelineFilter, offset: int, limit: int) -> list[TimelineRow]:
        """Rows from position `offset`: for jumps (G, scrollbar drags) with no neighbour key.

        OFFSET walks the index without touching rows, so it stays in milliseconds at 100k;
        sequential scrolling uses the keyset pages above.
        """
        where, params = _where(flt)
        rows = self._store.query(
            f"SELECT {_ROW_COLUMNS} FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id"
            f" WHERE {where} ORDER BY m.ts DESC, m.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_row(r) for r in rows]

    def position(self, flt: TimelineFilter, key: Key) -> int:
        """How many rows sort before `key` in this view: its index in the timeline."""
        where, params = _where(flt)
        return self._store.query_one(
            f"SELECT count(*) FROM messages m WHERE {where} AND (m.ts, m.id) > (?, ?)",
            (*params, *key),
        )[0]

    def get(self, message_id: int) -> Message | None:
        r = self._store.query_one("SELECT * FROM messages WHERE id = ?", (message_id,))
        return _message(r) if r else None

    def conversation(self, contact_id: int, around: int | None, window: int = 60) -> list[Message]:
        """A contact's messages on every channel, oldest first, centred on `around`."""
        centre = self.get(around) if around is not None else None
        if centre is None:
            rows = self._store.query(
                "SELECT * FROM messages WHERE contact_id = ? ORDER BY ts DESC, id DESC LIMIT ?",
                (contact_id, window),
            )
            return [_message(r) for r in reversed(rows)]
        key = (centre.timestamp, centre.id)
        older = self._store.query(
            "SELECT * FROM messages WHERE contact_id = ? AND (ts, id) <= (?, ?)"
            " ORDER BY ts DESC, id DESC LIMIT ?",
            (contact_id, *key, window),
        )
        newer = self._store.query(
            "SELECT * FROM messages WHERE contact_id = ? AND (ts, id) > (?, ?)"
            " ORDER BY ts ASC, id ASC LIMIT ?",
            (contact_id, *key, window // 3),
        )
        return [_message(r) for r in reversed(older)] + [_message(r) for r in newer]

    def search(self, text: str, limit: int = 200) -> list[TimelineRow]:
        """Full-text search over subject, body and contact name; newest first."""
        query = fts_query(text)
        if not query:
            return []
        rows = self._store.query(
            f"SELECT {_ROW_COLUMNS} FROM (SELECT rowid AS k FROM messages_fts"
            "  WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f"
            " JOIN messages m ON m.fts_key = f.k LEFT JOIN contacts c ON c.id = m.contact_id"
            " ORDER BY m.ts DESC, m.id DESC",
            (query, limit),
        )
        return [_row(r) for r in rows]


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


_FTS_KEY = "((ts << 21) | (id & 2097151))"


def _index_fts(tx: _Tx, message_id: int) -> None:
    key = tx.execute(f"SELECT {_FTS_KEY} FROM messages WHERE id = ?", (message_id,)).fetchone()[0]
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


def _count_new_in(tx: _Tx, first: int) -> int:
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
        "UPDATE messages SET awaiting = (direction = 'in' AND ts > coalesce("
        " (SELECT last_out_ts FROM contacts c WHERE c.id = messages.contact_id), 0))"
        " WHERE id > ?",
        (first,),
    )
    return len(rows)


def _update_counters(tx: _Tx, msg: Message, message_id: int) -> None:
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
    else:
        tx.execute(
            "UPDATE messages SET awaiting = (? > (SELECT last_out_ts FROM contacts WHERE id = ?))"
            " WHERE id = ?",
            (ts, contact, message_id),
        )


def _message(r: sqlite3.Row) -> Message:
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
    )
