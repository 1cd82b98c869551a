"""The manual do-not-disturb state, kept in the store so the TUI, the daemon and the shell
agree on it (each reads it fresh; the store's data_version tells an open TUI it changed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inbox_tui.core.availability import ManualDnd

if TYPE_CHECKING:
    from inbox_tui.store.db import Store

KEY = "dnd"


class AvailabilityRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get_manual(self) -> ManualDnd | None:
        """None when DND is off. A value we cannot read counts as off: a damaged row must
        not silence the user's clients' messages forever."""
        row = self._store.query_one("SELECT value FROM settings WHERE key = ?", (KEY,))
        if row is None:
            return None
        try:
            return ManualDnd.from_json(row[0])
        except ValueError:
            return None

    def set_manual(self, state: ManualDnd | None) -> None:
        # Switching off removes the row: "off" needs no value, and SettingsRepo has no
        # delete of its own.
        with self._store.transaction() as tx:
            if state is None:
                tx.execute("DELETE FROM settings WHERE key = ?", (KEY,))
            else:
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (KEY, state.to_json()),
                )

    def held_count(self) -> int:
        """Outgoing items waiting for work hours (or for DND to end): the status bar shows it."""
        row = self._store.query_one("SELECT count(*) FROM outbox WHERE state = 'held'")
        return int(row[0]) if row else 0
