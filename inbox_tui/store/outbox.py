"""The durable outbox: a message is written here, whole, before any network call.

States: queued → sending → accepted (the server took it) → sent (copy filed), or held
(waits for `not_before_ts`), failed (definitive), cancelled (back to a draft). A crash
leaves an item in `sending` or `accepted`; the sender resumes from there and uses the
Message-ID to avoid sending twice.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from inbox_tui.core.delivery import Signal
from inbox_tui.core.models import Channel, DeliveryState, Message
from inbox_tui.core.sanitize import one_line
from inbox_tui.store.outbox_item import OutboxItem, item_from_row

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx

ACTIVE = ("queued", "held", "sending", "accepted")
__all__ = ["ACTIVE", "OutboxItem", "OutboxRepo"]


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
        kind: str | None = None,
        dsn: bool | None = None,
    ) -> tuple[int, int]:
        """Store the timeline row and the outbox item in one transaction; (message, item) ids.

        The draft it came from is deleted in the same transaction: the text is never in
        neither place.
        """
        with self._store.transaction() as tx:
            return self.enqueue_in(
                tx, message, payload, envelope_from=envelope_from, recipients=recipients,
                not_before_ts=not_before_ts, draft_id=draft_id, kind=kind, dsn=dsn,
            )  # fmt: skip

    def enqueue_in(
        self,
        tx: _Tx,
        message: Message,
        payload: bytes,
        *,
        envelope_from: str = "",
        recipients: list[str] | tuple[str, ...] = (),
        not_before_ts: int | None = None,
        draft_id: int | None = None,
        kind: str | None = None,  # "email" | "sms" | "mdn"; the message's channel by default
        dsn: bool | None = None,  # ask for delivery reports; None: the config's default
    ) -> tuple[int, int]:
        held = not_before_ts is not None and not_before_ts > message.timestamp
        message.state = DeliveryState.HELD if held else DeliveryState.QUEUED
        message_id = self._store.messages.add_in(tx, message)
        item_id = tx.execute(
            "INSERT INTO outbox (message_id, account, kind, state, payload, created_ts,"
            " not_before_ts, header_message_id, envelope_from, recipients, next_attempt_ts,"
            " dsn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            (
                message_id,
                message.account,
                kind or message.channel.value,
                "held" if held else "queued",
                payload,
                message.timestamp,
                not_before_ts,
                message.message_id,
                envelope_from,
                json.dumps(list(recipients)),
                None if dsn is None else int(dsn),
            ),
        ).lastrowid
        if draft_id is not None:
            tx.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        self._store.delivery.record_in(
            tx, message_id, message.state, "outbox", at=message.timestamp
        )
        return message_id, item_id

    def get(self, item_id: int) -> OutboxItem | None:
        row = self._store.query_one("SELECT * FROM outbox WHERE id = ?", (item_id,))
        return item_from_row(row) if row else None

    def for_message(self, message_id: int) -> OutboxItem | None:
        row = self._store.query_one("SELECT * FROM outbox WHERE message_id = ?", (message_id,))
        return item_from_row(row) if row else None

    def active(self, kind: Channel | None = None) -> list[OutboxItem]:
        where = f"state IN ({','.join('?' * len(ACTIVE))})"
        params: list = list(ACTIVE)
        if kind is not None:
            where += " AND kind = ?"
            params.append(kind.value)
        rows = self._store.query(f"SELECT * FROM outbox WHERE {where} ORDER BY id", tuple(params))
        return [item_from_row(r) for r in rows]

    def due(self, now: int, kind: Channel | None = None) -> list[OutboxItem]:
        """Items to work on now: interrupted ones first, then queued and due holds."""
        return [
            item
            for item in self.active(kind)
            if item.next_attempt_ts <= now
            and (item.state != "held" or (item.not_before_ts or 0) <= now)
        ]

    def _set(self, tx: _Tx, item_id: int, state: str, **cols) -> int | None:
        """Set the item's state and columns; returns its timeline message id."""
        sets = ", ".join(f"{k} = ?" for k in cols)
        tx.execute(
            f"UPDATE outbox SET state = ?{', ' + sets if sets else ''} WHERE id = ?",
            (state, *cols.values(), item_id),
        )
        row = tx.execute("SELECT message_id FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    def _message_state(
        self, tx: _Tx, message_id: int | None, state: DeliveryState, source: str, **kw
    ) -> None:
        """An outbox-internal move (a retry goes back to queued): set, and log it."""
        if message_id is None:
            return
        tx.execute(
            "UPDATE messages SET state = ?, state_reason = ? WHERE id = ?",
            (state.value, kw.get("reason"), message_id),
        )
        self._store.delivery.record_in(tx, message_id, state, source, **kw)

    def mark_sending(self, item_id: int, recheck_at: int | None = None) -> None:
        """An attempt starts. `recheck_at`: if it is interrupted (a crash), when to look
        for traces of it before trying again; the answer's commit clears it."""
        with self._store.transaction() as tx:
            tx.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", (item_id,))
            again = {} if recheck_at is None else {"next_attempt_ts": recheck_at}
            message_id = self._set(tx, item_id, "sending", **again)
            self._message_state(tx, message_id, DeliveryState.SENDING, "outbox")

    def mark_accepted(
        self, item_id: int, response: str, now: int | None = None, source: str = "smtp"
    ) -> None:
        now = int(time.time()) if now is None else now
        with self._store.transaction() as tx:
            message_id = self._set(
                tx, item_id, "accepted", server_response=response, accepted_ts=now,
                next_attempt_ts=0,  # a crash now: file the copy at once, no grace
            )  # fmt: skip
            if message_id is not None:
                # Only forward: a delivery report may already have overtaken the hand-over.
                signal = Signal(DeliveryState.SENT, source, now, one_line(response, 300))
                self._store.delivery.apply_in(tx, message_id, signal)

    def mark_sent(self, item_id: int, now: int | None = None) -> None:
        now = int(time.time()) if now is None else now
        with self._store.transaction() as tx:
            self._set(tx, item_id, "sent", sent_ts=now)

    def retry_later(self, item_id: int, error: str, next_attempt_ts: int) -> None:
        with self._store.transaction() as tx:
            message_id = self._set(
                tx, item_id, "queued", last_error=error, next_attempt_ts=next_attempt_ts
            )
            when = time.strftime("%H:%M", time.localtime(next_attempt_ts))
            self._message_state(
                tx, message_id, DeliveryState.QUEUED, "outbox", reason=error,
                note=f"will try again at {when}",
            )  # fmt: skip

    def retry(self, message_id: int) -> bool:
        """The user's retry of a failed message (refused, bounced): queued again, now."""
        with self._store.transaction() as tx:
            row = tx.execute(
                "SELECT o.id FROM outbox o JOIN messages m ON m.id = o.message_id"
                " WHERE o.message_id = ? AND (o.state = 'failed' OR m.state = 'failed')"
                " ORDER BY o.id DESC LIMIT 1",
                (message_id,),
            ).fetchone()
            if row is None:
                return False
            self._set(
                tx, row[0], "queued", attempts=0, next_attempt_ts=0, last_error=None,
                not_before_ts=None,
            )  # fmt: skip
            self._message_state(tx, message_id, DeliveryState.QUEUED, "user", note="retry")
            return True

    def defer(self, item_id: int, error: str, next_attempt_ts: int) -> None:
        """Try again later from the same state (an interrupted send stays `sending`)."""
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE outbox SET last_error = ?, next_attempt_ts = ? WHERE id = ?",
                (error, next_attempt_ts, item_id),
            )

    def fail(self, item_id: int, reason: str, source: str = "outbox") -> None:
        with self._store.transaction() as tx:
            message_id = self._set(tx, item_id, "failed", last_error=reason)
            if message_id is not None:
                signal = Signal(DeliveryState.FAILED, source, int(time.time()), reason)
                self._store.delivery.apply_in(tx, message_id, signal)

    def release_hold(self, item_id: int) -> None:
        """Send now: the explicit override of a hold."""
        with self._store.transaction() as tx:
            released = tx.execute(
                "UPDATE outbox SET state = 'queued', not_before_ts = NULL WHERE id = ?"
                " AND state = 'held'",
                (item_id,),
            ).rowcount
            row = tx.execute("SELECT message_id FROM outbox WHERE id = ?", (item_id,)).fetchone()
            if row and released:
                self._message_state(
                    tx, row[0], DeliveryState.QUEUED, "user", note="send now (hold overridden)"
                )

    def hold(self, item_id: int, until_ts: int, *, scheduled: bool = False) -> None:
        """Hold (or hold again) until `until_ts`: written in quiet time, due at night after
        a clock jump, or rescheduled by the user (`scheduled`)."""
        with self._store.transaction() as tx:
            message_id = self._set(
                tx, item_id, "held", not_before_ts=until_ts, scheduled=int(scheduled)
            )
            when = time.strftime("%a %H:%M", time.localtime(until_ts))
            self._message_state(
                tx, message_id, DeliveryState.HELD, "user" if scheduled else "shield",
                note=f"until {when}",
            )  # fmt: skip

    def rehold_all(self, until_ts: int) -> int:
        """Bring automatic holds forward to `until_ts` (do-not-disturb switched off);
        times the user chose stay."""
        with self._store.transaction() as tx:
            return tx.execute(
                "UPDATE outbox SET not_before_ts = ? WHERE state = 'held' AND scheduled = 0"
                " AND not_before_ts > ?",
                (until_ts, until_ts),
            ).rowcount

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
