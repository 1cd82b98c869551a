"""Small key/value state shared by the TUI, the daemon and the shell (e.g. manual DND)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inbox_tui.store.db import Store


class SettingsRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._store.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
