"""One outbox row as the sender reads it: the payload to send, to whom, and how far it got."""

from __future__ import annotations

import json
from dataclasses import dataclass


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
    dsn: bool | None = None
    server_response: str | None = None


def item_from_row(row) -> OutboxItem:
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
        dsn=None if row["dsn"] is None else bool(row["dsn"]),
        server_response=row["server_response"],
    )
