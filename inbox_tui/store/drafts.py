"""Drafts: the composer saves here before anything else happens to the text."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inbox_tui.core.models import Channel

if TYPE_CHECKING:
    from inbox_tui.store.db import Store


@dataclass(slots=True)
class Draft:
    id: int | None
    contact_id: int | None
    reply_to: int | None
    channel: Channel
    subject: str = ""
    body: str = ""
    updated_ts: int = 0


class DraftRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def save(self, draft: Draft) -> int:
        """Insert or update; returns the draft id (set on the object too)."""
        draft.updated_ts = int(time.time())
        values = (
            draft.contact_id,
            draft.reply_to,
            draft.channel.value,
            draft.subject,
            draft.body,
            draft.updated_ts,
        )
        with self._store.transaction() as tx:
            if draft.id is None:
                draft.id = tx.execute(
                    "INSERT INTO drafts (contact_id, reply_to, channel, subject, body, updated_ts)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    values,
                ).lastrowid
            else:
                tx.execute(
                    "UPDATE drafts SET contact_id = ?, reply_to = ?, channel = ?, subject = ?,"
                    " body = ?, updated_ts = ? WHERE id = ?",
                    (*values, draft.id),
                )
        return draft.id

    def for_reply(self, reply_to: int) -> Draft | None:
        row = self._store.query_one(
            "SELECT * FROM drafts WHERE reply_to = ? ORDER BY updated_ts DESC LIMIT 1", (reply_to,)
        )
        return _draft(row) if row else None

    def get(self, draft_id: int) -> Draft | None:
        row = self._store.query_one("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        return _draft(row) if row else None

    def delete(self, draft_id: int) -> None:
        with self._store.transaction() as tx:
            tx.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def count(self) -> int:
        return self._store.query_one("SELECT count(*) FROM drafts")[0]


def _draft(row) -> Draft:
    return Draft(
        id=row["id"],
        contact_id=row["contact_id"],
        reply_to=row["reply_to"],
        channel=Channel(row["channel"]),
        subject=row["subject"],
        body=row["body"],
        updated_ts=row["updated_ts"],
    )
