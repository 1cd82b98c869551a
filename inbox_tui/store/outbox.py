"""The durable outbox: a message is written here, whole, before any network call.

States: queued → sending → accepted (the server took it) → sent (copy filed), or held
(waits for `not_before_ts`), failed (definitive), cancelled (back to a draft). A crash
leaves an item in `sending` or `accepted`; the sender resumes from there and uses the
Message-ID to avoid sending twice.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inbox_tui.core.models import Channel, DeliveryState, Message

if TYPE_CHECKING:
    from inbox_tui.store.db import Store

ACTIVE = ("queued", "held", "sending", "accepted")


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    message_id: int | None
    account: str
    kind: str
    state: str
    payload: bytes
    header_message_id: str | None
    envelope_from: str
    recipients: tuple[str, ...]
    attempts: int
    not_before_ts: int | None
    next_attempt_ts: int
    last_error: str | None
    created_ts: int


class OutboxRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def enqueue(
        self,
        message: Message,
        payload: bytes,
        *,
        envelope_from: str = "",
        recipients: list[str] | tuple[str, ...] = (),
        not_before_ts: int | None = None,
        draft_id: int | None = None,
    ) -> tuple[int, int]:
        """Store the timeline row and the outbox item in one transaction; (message, item) ids.

        The draft it came from is deleted in the same transaction: the text is never in
        neither place.
        """
        held = not_before_ts is not None and not_before_ts > message.timestamp
        message.state = DeliveryState.HELD if held else DeliveryState.QUEUED
        with self._store.transaction() as tx:
            message_id = self._store.messages.add_in(tx, message)
            item_id = tx.execute(
                "INSERT INTO outbox (message_id, account, kind, state, payload, created_ts,"
                " not_before_ts, header_message_id, envelope_from, recipients, next_attempt_ts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (
                    message_id,
                    message.account,
                    message.channel.value,
                    "held" if held else "queued",
                    payload,
                    message.timestamp,
                    not_before_ts,
                    message.message_id,
                    envelope_from,
                    json.dumps(list(recipients)),
                ),
            ).lastrowid
            if draft_id is not None:
                tx.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return message_id, item_id

    def get(self, item_id: int) -> OutboxItem | None:
        row = self._store.query_one("SELECT * FROM outbox WHERE id = ?", (item_id,))
        return _item(row) if row else None

    def for_message(self, message_id: int) -> OutboxItem | None:
        row = self._store.query_one("SELECT * FROM outbox WHERE message_id = ?", (message_id,))
        return _item(row) if row else None

    def active(self, kind: Channel | None = None) -> list[OutboxItem]:
        where = f"state IN ({','.join('?' * len(ACTIVE))})"
        params: list = list(ACTIVE)
        if kind is not None:
            where += " AND kind = ?"
            params.append(kind.value)
        rows = self._store.query(f"SELECT * FROM outbox WHERE {where} ORDER BY id", tuple(params))
        return [_item(r) for r in rows]

    def due(self, now: int, kind: Channel | None = None) -> list[OutboxItem]:
        """Items to work on now: interrupted ones first, then queued and due holds."""
        return [
            item
            for item in self.active(kind)
            if item.next_attempt_ts <= now
            and (item.state != "held" or (item.not_before_ts or 0) <= now)
        ]

    def _set(self, item_id: int, state: str, msg_state: DeliveryState | None, **cols) -> None:
        sets = ", ".join(f"{k} = ?" for k in cols)
        with self._store.transaction() as tx:
            tx.execute(
                f"UPDATE outbox SET state = ?{', ' + sets if sets else ''} WHERE id = ?",
                (state, *cols.values(), item_id),
            )
            if msg_state is not None:
                tx.execute(
                    "UPDATE messages SET state = ?, state_reason = ? WHERE id ="
                    " (SELECT message_id FROM outbox WHERE id = ?)",
                    (msg_state.value, cols.get("last_error"), item_id),
                )

    def mark_sending(self, item_id: int) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?",
                (item_id,),
            )
            tx.execute(
                "UPDATE messages SET state = 'sending' WHERE id ="
                " (SELECT message_id FROM outbox WHERE id = ?)",
                (item_id,),
            )

    def mark_accepted(self, item_id: int, response: str, now: int | None = None) -> None:
        now = int(time.time()) if now is None else now
        self._set(item_id, "accepted", None, server_response=response, accepted_ts=now)
        with self._store.transaction() as tx:
            # Only forward: a delivery report may already have overtaken the hand-over.
            tx.execute(
                "UPDATE messages SET state = 'sent' WHERE state IN ('queued', 'held', 'sending')"
                " AND id = (SELECT message_id FROM outbox WHERE id = ?)",
                (item_id,),
            )

    def mark_sent(self, item_id: int, now: int | None = None) -> None:
        now = int(time.time()) if now is None else now
        self._set(item_id, "sent", None, sent_ts=now)

    def retry_later(self, item_id: int, error: str, next_attempt_ts: int) -> None:
        self._set(
            item_id,
            "queued",
            DeliveryState.QUEUED,
            last_error=error,
            next_attempt_ts=next_attempt_ts,
        )

    def defer(self, item_id: int, error: str, next_attempt_ts: int) -> None:
        """Try again later from the same state (an interrupted send stays `sending`)."""
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE outbox SET last_error = ?, next_attempt_ts = ? WHERE id = ?",
                (error, next_attempt_ts, item_id),
            )

    def fail(self, item_id: int, reason: str) -> None:
        self._set(item_id, "failed", DeliveryState.FAILED, last_error=reason)

    def release_hold(self, item_id: int) -> None:
        """Send now: the explicit override of a hold."""
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE outbox SET state = 'queued', not_before_ts = NULL WHERE id = ?"
                " AND state = 'held'",
                (item_id,),
            )
            tx.execute(
                "UPDATE messages SET state = 'queued' WHERE id ="
                " (SELECT message_id FROM outbox WHERE id = ? AND state = 'queued')",
                (item_id,),
            )

    def cancel(self, item_id: int) -> int | None:
        """Take a not-yet-sent item back: its text becomes a draft again. Returns the draft id."""
        with self._store.transaction() as tx:
            row = tx.execute(
                "SELECT o.state, o.message_id, m.contact_id, m.channel, m.subject, m.body,"
                " (SELECT r.id FROM messages r WHERE r.message_id = m.in_reply_to"
                "  AND m.in_reply_to IS NOT NULL LIMIT 1) AS reply_to"
                " FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.id = ?",
                (item_id,),
            ).fetchone()
            if row is None or row["state"] not in ("queued", "held"):
                return None
            draft_id = tx.execute(
                "INSERT INTO drafts (contact_id, reply_to, channel, subject, body, updated_ts)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    row["contact_id"],
                    row["reply_to"],
                    row["channel"],
                    row["subject"],
                    row["body"],
                    int(time.time()),
                ),
            ).lastrowid
            tx.execute("UPDATE outbox SET state = 'cancelled' WHERE id = ?", (item_id,))
            self._store.messages.delete_where_in(tx, "id = ?", (row["message_id"],))
            return draft_id


def _item(row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        message_id=row["message_id"],
        account=row["account"],
        kind=row["kind"],
        state=row["state"],
        payload=bytes(row["payload"]),
        header_message_id=row["header_message_id"],
        envelope_from=row["envelope_from"],
        recipients=tuple(json.loads(row["recipients"] or "[]")),
        attempts=row["attempts"],
        not_before_ts=row["not_before_ts"],
        next_attempt_ts=row["next_attempt_ts"],
        last_error=row["last_error"],
        created_ts=row["created_ts"],
    )
