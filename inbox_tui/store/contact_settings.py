"""The contact screen's settings (migration 8): one row per contact and key set there.

Values are validated by the core's grammar before they are written, so what a consumer
reads back is always well-formed; the merge with the config's values is the core's
(`core.contact_settings.apply`), read through `services.contact_settings`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from inbox_tui.core.contact_settings import KEYS, SLA, normalise
from inbox_tui.store.contacts import _merge_in, _refresh_fts_names

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx

_CHUNK = 500  # ids per IN (…): well under SQLite's variable limit


class ContactSettingsRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, contact_id: int) -> dict[str, str]:
        rows = self._store.query(
            "SELECT key, value FROM contact_settings WHERE contact_id = ?", (contact_id,)
        )
        return {r["key"]: r["value"] for r in rows}

    def for_contacts(self, contact_ids: Iterable[int]) -> dict[int, dict[str, str]]:
        """The settings of each of `contact_ids` that has any."""
        ids = sorted(set(contact_ids))
        found: dict[int, dict[str, str]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            rows = self._store.query(
                "SELECT contact_id, key, value FROM contact_settings"
                f" WHERE contact_id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            )
            for r in rows:
                found.setdefault(r["contact_id"], {})[r["key"]] = r["value"]
        return found

    def set(self, contact_id: int, key: str, value: str, now_ts: int) -> str:
        """Store `value` for `key` ("set here"); returns the stored form. ValueError when the
        value does not fit the key's grammar, LookupError when the contact is gone."""
        stored = normalise(key, value)
        with self._store.transaction() as tx:
            if tx.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone() is None:
                raise LookupError(f"no contact {contact_id}")
            tx.execute(
                "INSERT INTO contact_settings (contact_id, key, value, updated_ts)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(contact_id, key) DO UPDATE SET"
                " value = excluded.value, updated_ts = excluded.updated_ts",
                (contact_id, key, stored, now_ts),
            )
            if key == SLA:
                _forget_due(tx, contact_id)
        return stored

    def reset(self, contact_id: int, key: str) -> bool:
        """Back to the config's value; False when nothing was set here."""
        if key not in KEYS:
            raise ValueError(f"unknown contact setting {key!r}")
        with self._store.transaction() as tx:
            gone = tx.execute(
                "DELETE FROM contact_settings WHERE contact_id = ? AND key = ?", (contact_id, key)
            ).rowcount
            if gone and key == SLA:
                _forget_due(tx, contact_id)
        return bool(gone)

    def merge_contacts(self, keep: int, drop: int) -> None:
        """Fold `drop` into `keep` (addresses, messages) in one transaction; `keep`'s own
        settings win, `drop`'s fill the keys `keep` never set."""
        if keep == drop:
            return
        with self._store.transaction() as tx:
            # Migration 8's trigger does this when addresses move; a contact without any
            # address has none to move.
            tx.execute(
                "INSERT OR IGNORE INTO contact_settings (contact_id, key, value, updated_ts)"
                " SELECT ?, key, value, updated_ts FROM contact_settings WHERE contact_id = ?",
                (keep, drop),
            )
            _merge_in(tx, keep, drop)  # deleting `drop` cascades to its settings
            _refresh_fts_names(tx, keep)
            _forget_due(tx, keep)  # its messages now answer to the merged SLA


def _forget_due(tx: _Tx, contact_id: int) -> None:
    # Due times are computed once per waiting message (services.response_times); a new SLA
    # recomputes them from when each message arrived.
    tx.execute(
        "UPDATE messages SET due_ts = NULL WHERE contact_id = ? AND awaiting = 1", (contact_id,)
    )
