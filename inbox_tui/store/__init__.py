"""SQLite persistence: one database file, opened once per process."""

from inbox_tui.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
