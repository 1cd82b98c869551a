"""Messages: insertion with derived counters, keyset timeline pages, conversations, FTS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from inbox_tui.core.models import DeliveryState, Message, TimelineFilter, TimelineRow
from inbox_tui.store.contacts import recompute_contacts
from inbox_tui.store.message_sql import (
    INSERT_SQL,
    INSERT_WITH_KEYS_SQL,
    ROW_COLUMNS,
    count_new_in,
    fts_query,
    index_fts,
    insert_params,
    message_from_row,
    timeline_row,
    update_counters,
    where_clause,
)

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx

Key = tuple[int, int]
FTS_ID_MASK = 2097151  # the low 21 bits of the id, as in message_sql.FTS_KEY
__all__ = ["Key", "MessageRepo", "fts_query"]


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
        params = insert_params(msg)
        message_id = tx.execute(INSERT_SQL, params).lastrowid
        index_fts(tx, message_id)
        if msg.contact_id is not None:
            update_counters(tx, msg, message_id)
        return message_id

    def add_many(self, msgs: Iterable[Message]) -> int:
        """Bulk insert (seeding, first sync): derived columns recomputed once at the end."""
        with self._store.transaction() as tx:
            return self.add_many_in(tx, msgs)

    def add_many_in(self, tx: _Tx, msgs: Iterable[Message], skip_known: bool = False) -> int:
        """Bulk insert inside a transaction; `skip_known` leaves out IMAP messages whose
        (folder, UID) is already stored, so a repeated batch is harmless."""
        batch = list(msgs)
        if skip_known:
            batch = _unknown_in(tx, batch)
        first = tx.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        rows = []
        for k, msg in enumerate(batch, start=1):
            params = insert_params(msg)
            # Ids and search keys are set here, not in a second UPDATE pass over the rows;
            # a (practically impossible) key clash fails the batch loudly, never silently.
            params["id"] = first + k
            params["fts_key"] = (params["ts"] << 21) | ((first + k) & FTS_ID_MASK)
            rows.append(params)
        tx.executemany(INSERT_WITH_KEYS_SQL, rows)
        tx.execute(
            "INSERT INTO messages_fts (rowid, subject, body, name)"
            " SELECT m.fts_key, m.subject, m.body, coalesce(c.name, m.sender)"
            " FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id WHERE m.id > ?",
            (first,),
        )
        return count_new_in(tx, first)

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

    def set_state(self, message_id: int, state: DeliveryState, reason: str | None) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE messages SET state = ?, state_reason = ? WHERE id = ?",
                (state.value, reason, message_id),
            )

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
        where, params = where_clause(flt or TimelineFilter())
        return self._store.query_one(f"SELECT count(*) FROM messages m WHERE {where}", params)[0]

    def page_after(self, flt: TimelineFilter, key: Key | None, limit: int) -> list[TimelineRow]:
        """Up to `limit` rows older than `key` (or the newest rows), newest first."""
        where, params = where_clause(flt)
        if key is not None:
            where += " AND (m.ts, m.id) < (?, ?)"
            params += list(key)
        rows = self._store.query(
            f"SELECT {ROW_COLUMNS} FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id"
            f" WHERE {where} ORDER BY m.ts DESC, m.id DESC LIMIT ?",
            (*params, limit),
        )
        return [timeline_row(r) for r in rows]

    def page_before(self, flt: TimelineFilter, key: Key, limit: int) -> list[TimelineRow]:
        """Up to `limit` rows newer than `key`, returned newest first."""
        where, params = where_clause(flt)
        rows = self._store.query(
            f"SELECT {ROW_COLUMNS} FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id"
            f" WHERE {where} AND (m.ts, m.id) > (?, ?) ORDER BY m.ts ASC, m.id ASC LIMIT ?",
            (*params, *key, limit),
        )
        return [timeline_row(r) for r in reversed(rows)]

    def page_at(self, flt: TimelineFilter, offset: int, limit: int) -> list[TimelineRow]:
        """Rows from position `offset`: for jumps (G, scrollbar drags) with no neighbour key.

        OFFSET walks the index without touching rows, so it stays in milliseconds at 100k;
        sequential scrolling uses the keyset pages above.
        """
        where, params = where_clause(flt)
        rows = self._store.query(
            f"SELECT {ROW_COLUMNS} FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id"
            f" WHERE {where} ORDER BY m.ts DESC, m.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [timeline_row(r) for r in rows]

    def page_by_due(
        self, offset: int, limit: int, contact_id: int | None = None
    ) -> list[TimelineRow]:
        """Messages awaiting a reply, the earliest due first; those without a promised
        response time follow, oldest first. The order is the partial index's."""
        where, params = "m.awaiting = 1", []
        if contact_id is not None:
            where += " AND m.contact_id = ?"
            params.append(contact_id)
        rows = self._store.query(
            f"SELECT {ROW_COLUMNS}, m.due_ts FROM messages m"
            " LEFT JOIN contacts c ON c.id = m.contact_id"
            f" WHERE {where} ORDER BY m.due_ts IS NULL, m.due_ts, m.ts, m.id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [replace(timeline_row(r), due_ts=r["due_ts"]) for r in rows]

    def position(self, flt: TimelineFilter, key: Key) -> int:
        """How many rows sort before `key` in this view: its index in the timeline."""
        where, params = where_clause(flt)
        return self._store.query_one(
            f"SELECT count(*) FROM messages m WHERE {where} AND (m.ts, m.id) > (?, ?)",
            (*params, *key),
        )[0]

    def get(self, message_id: int) -> Message | None:
        r = self._store.query_one("SELECT * FROM messages WHERE id = ?", (message_id,))
        return message_from_row(r) if r else None

    def conversation(self, contact_id: int, around: int | None, window: int = 60) -> list[Message]:
        """A contact's messages on every channel, oldest first, centred on `around`."""
        centre = self.get(around) if around is not None else None
        if centre is None:
            rows = self._store.query(
                "SELECT * FROM messages WHERE contact_id = ? ORDER BY ts DESC, id DESC LIMIT ?",
                (contact_id, window),
            )
            return [message_from_row(r) for r in reversed(rows)]
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
        return [message_from_row(r) for r in reversed(older)] + [message_from_row(r) for r in newer]

    def search(self, text: str, limit: int = 200) -> list[TimelineRow]:
        """Full-text search over subject, body and contact name; newest first."""
        query = fts_query(text)
        if not query:
            return []
        rows = self._store.query(
            f"SELECT {ROW_COLUMNS} FROM (SELECT rowid AS k FROM messages_fts"
            "  WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f"
            " JOIN messages m ON m.fts_key = f.k LEFT JOIN contacts c ON c.id = m.contact_id"
            " WHERE m.report_of IS NULL ORDER BY m.ts DESC, m.id DESC",
            (query, limit),
        )
        return [timeline_row(r) for r in rows]


def _unknown_in(tx: _Tx, batch: list[Message]) -> list[Message]:
    """The messages of `batch` whose IMAP position is not stored yet."""
    by_place: dict[tuple[str, str | None], list[int]] = {}
    for m in batch:
        if m.uid is not None:
            by_place.setdefault((m.account, m.folder), []).append(m.uid)
    known: set[tuple[str, str | None, int]] = set()
    for (account, folder), uids in by_place.items():
        for i in range(0, len(uids), 500):
            chunk = uids[i : i + 500]
            rows = tx.execute(
                f"SELECT uid FROM messages WHERE account = ? AND folder = ?"
                f" AND uid IN ({','.join('?' * len(chunk))})",
                (account, folder, *chunk),
            )
            known.update((account, folder, r[0]) for r in rows)
    return [m for m in batch if m.uid is None or (m.account, m.folder, m.uid) not in known]
