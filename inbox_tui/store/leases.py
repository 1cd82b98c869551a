"""Leases: one holder at a time across processes (the TUI and a daemon on one store).

A lease expires unless renewed, so a holder that crashed (kill -9) frees it by itself.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inbox_tui.store.db import Store


def lease_owner() -> str:
    """host:pid:random — lets a successor on the same host see that the holder died."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_dead(owner: str) -> bool:
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine (a shared store): only the expiry tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class LeaseRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def acquire(self, name: str, owner: str, ttl: float, now: float | None = None) -> bool:
        """Take or renew `name` for `ttl` seconds; False while someone else holds it."""
        now = time.time() if now is None else now
        with self._store.transaction() as tx:
            row = tx.execute(
                "SELECT owner, until_ts FROM leases WHERE name = ?", (name,)
            ).fetchone()
            if (
                row is not None
                and row["owner"] != owner
                and row["until_ts"] > now
                and not _holder_dead(row["owner"])  # killed (-9): no need to wait it out
            ):
                return False
            tx.execute(
                "INSERT INTO leases (name, owner, until_ts) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET owner = excluded.owner,"
                " until_ts = excluded.until_ts",
                (name, owner, now + ttl),
            )
            return True

    def release(self, name: str, owner: str) -> None:
        with self._store.transaction() as tx:
            tx.execute("DELETE FROM leases WHERE name = ? AND owner = ?", (name, owner))

    def holder(self, name: str, now: float | None = None) -> str | None:
        now = time.time() if now is None else now
        row = self._store.query_one(
            "SELECT owner FROM leases WHERE name = ? AND until_ts > ?", (name, now)
        )
        return row[0] if row else None
