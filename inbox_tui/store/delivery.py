"""What happened to each outgoing message: signals applied through the core's state
machine, every one kept as an event for the details view, and the reports behind them."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inbox_tui.core.delivery import Outcome, Signal, apply
from inbox_tui.core.models import DeliveryState, Message
from inbox_tui.core.reports import Report
from inbox_tui.core.sanitize import one_line
from inbox_tui.store.message_sql import message_from_row

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx


@dataclass(frozen=True, slots=True)
class DeliveryEvent:
    at: int
    state: DeliveryState  # what the source said
    source: str
    reason: str | None
    code: str | None
    changed: bool  # it moved the message's state
    note: str | None


class DeliveryRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def record_in(
        self,
        tx: _Tx,
        message_id: int,
        state: DeliveryState,
        source: str,
        *,
        reason: str | None = None,
        code: str | None = None,
        changed: bool = True,
        note: str | None = None,
        at: int | None = None,
    ) -> None:
        """Log a transition the outbox made itself (queued, held, sending, retry)."""
        tx.execute(
            "INSERT INTO delivery_events (message_id, ts, state, source, reason, code, changed,"
            " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                message_id,
                int(time.time()) if at is None else at,
                state.value,
                source,
                one_line(reason, 500) if reason else None,
                one_line(code, 40) if code else None,
                int(changed),
                note,
            ),
        )

    def apply_in(self, tx: _Tx, message_id: int, signal: Signal) -> Outcome | None:
        """Apply a channel's signal (never backwards) and log it; None for no such message."""
        row = tx.execute(
            "SELECT state, state_reason FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        if row is None:
            return None
        outcome = apply(DeliveryState(row[0]), row[1], signal)
        if outcome.changed:
            tx.execute(
                "UPDATE messages SET state = ?, state_reason = ? WHERE id = ?",
                (outcome.state.value, outcome.reason, message_id),
            )
        self.record_in(
            tx,
            message_id,
            signal.state,
            signal.source,
            reason=signal.reason,
            code=signal.code,
            changed=outcome.changed,
            note=outcome.note,
            at=signal.at,
        )
        return outcome

    def apply(self, message_id: int, signal: Signal) -> Outcome | None:
        with self._store.transaction() as tx:
            return self.apply_in(tx, message_id, signal)

    def history(self, message_id: int) -> list[DeliveryEvent]:
        rows = self._store.query(
            "SELECT ts, state, source, reason, code, changed, note FROM delivery_events"
            " WHERE message_id = ? ORDER BY id",
            (message_id,),
        )
        return [
            DeliveryEvent(r[0], DeliveryState(r[1]), r[2], r[3], r[4], bool(r[5]), r[6])
            for r in rows
        ]

    def reports_for(self, message_id: int) -> list[Message]:
        """The hidden reports and receipts linked to a message, oldest first."""
        rows = self._store.query(
            "SELECT * FROM messages WHERE report_of = ? ORDER BY ts, id", (message_id,)
        )
        return [message_from_row(r) for r in rows]

    def find_outgoing(self, tx: _Tx, ids: list[str]) -> int | None:
        """Our message with one of these Message-IDs (best candidate first)."""
        for mid in ids:
            row = tx.execute(
                "SELECT id FROM messages WHERE message_id = ? AND direction = 'out'"
                " AND report_of IS NULL ORDER BY id LIMIT 1",
                (mid,),
            ).fetchone()
            if row:
                return row[0]
        return None

    # -- reports read from the mailbox ----------------------------------------------------

    def pending_reports(self, account: str) -> list[tuple[int, str, int]]:
        """(id, folder, uid) of the reports whose body is still to be read."""
        rows = self._store.query(
            "SELECT id, folder, uid FROM messages WHERE account = ? AND report_of = 0"
            " AND uid IS NOT NULL ORDER BY folder, uid",
            (account,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def settle_report(self, report_id: int, report: Report | None) -> int | None:
        """Link a pending report to the message it is about and apply what it says, dated
        when the report arrived; one that is unreadable or about no message of ours is
        shown like any mail. Returns the original's id when matched."""
        with self._store.transaction() as tx:
            row = tx.execute(
                "SELECT ts FROM messages WHERE id = ? AND report_of = 0", (report_id,)
            ).fetchone()
            if row is None:  # expunged meanwhile, or already settled: apply nothing twice
                return None
            original = None
            if report is not None:
                ids = [xtext_decode(report.envelope_id)] if report.envelope_id else []
                original = self.find_outgoing(tx, ids + list(report.message_ids))
            kind = "unreadable" if report is None else report.kind if original else "unmatched"
            tx.execute(
                "UPDATE messages SET report_of = ?, report = ? WHERE id = ?",
                (original, kind, report_id),
            )
            if original is None or report is None:
                return None
            signal = Signal(report.state, report.kind, row[0], report.reason, report.code)
            self.apply_in(tx, original, signal)
            return original


def xtext_decode(value: str) -> str:
    """RFC 3461 xtext ("+2B" is "+"): how a DSN carries back the ENVID we sent."""
    return re.sub(r"\+([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), value)
