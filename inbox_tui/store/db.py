"""The Store: one SQLite connection (WAL) shared by the repositories.

The connection is opened once per process and guarded by a lock, so UI workers (threads)
and the service layer can call it from any thread; WAL lets a daemon in another process
write while the TUI reads.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inbox_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A store that cannot be used; the message says why and what to do."""


class StoreWriteError(StoreError):
    """The disk refused a write (full, read-only): that step was rolled back whole, the
    store is intact, and the step can be done again once the disk takes writes."""


# SQLite's answers that mean "cannot be written now", not "damaged". By extended code
# name (Python >= 3.11), else by SQLite's fixed message.
_CANNOT_WRITE = (
    ("SQLITE_FULL", "disk is full", "the disk is full: free some space"),
    ("SQLITE_READONLY", "readonly database", "it is read-only: check the permissions of "
     "the file and its folder, and that the disk is not mounted read-only"),
    ("SQLITE_CANTOPEN", "unable to open database", "it cannot be opened for writing: "
     "check the permissions of the file and its folder, and that the disk is not mounted "
     "read-only"),
    ("SQLITE_IOERR", "disk i/o error", "the disk refused the write: it may be full, "
     "failing, or mounted read-only after an error"),
)  # fmt: skip


def _cannot_write(exc: sqlite3.Error) -> str | None:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    for code, message, advice in _CANNOT_WRITE:
        if name.startswith(code) or (not name and message in text):
            return advice
    return None


class Store:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._check_file()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=10
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        self._conn.row_factory = sqlite3.Row
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise
        from inbox_tui.store.contacts import ContactRepo
        from inbox_tui.store.delivery import DeliveryRepo
        from inbox_tui.store.drafts import DraftRepo
        from inbox_tui.store.leases import LeaseRepo
        from inbox_tui.store.mail import MailRepo
        from inbox_tui.store.messages import MessageRepo
        from inbox_tui.store.outbox import OutboxRepo
        from inbox_tui.store.settings import SettingsRepo

        self.contacts = ContactRepo(self)
        self.messages = MessageRepo(self)
        self.settings = SettingsRepo(self)
        self.drafts = DraftRepo(self)
        self.outbox = OutboxRepo(self)
        self.leases = LeaseRepo(self)
        self.mail = MailRepo(self)
        self.delivery = DeliveryRepo(self)

    def _check_file(self) -> None:
        """Refuse a file that is not SQLite before SQLite gets a chance to touch it."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        with self.path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
        if head != _SQLITE_MAGIC:
            raise StoreError(
                f"{self.path} is not an inbox-tui store (not an SQLite database). "
                "It was left untouched; move it away or pass another path with --store."
            )

    def _migrate(self) -> None:
        try:
            self._inspect_and_migrate()
        except sqlite3.DatabaseError as exc:
            if advice := _cannot_write(exc):  # not damaged: never tell to move it away
                raise StoreError(
                    f"cannot open the store {self.path}: {advice}. It was left untouched."
                ) from exc
            raise StoreError(
                f"{self.path} is corrupt ({exc}). It was left untouched; "
                "restore a backup or move it away to start a new store."
            ) from exc

    def _inspect_and_migrate(self) -> None:
        conn = self._conn
        # Reading the schema first makes SQLite parse every table definition: a smashed
        # schema fails here, before anything is written.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer inbox-tui (schema {version}, this "
                f"version knows up to {SCHEMA_VERSION}). It was left untouched; upgrade "
                "inbox-tui to open it."
            )
        if version == 0:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StoreError(
                    f"{self.path} is an SQLite database but not an inbox-tui store. "
                    "It was left untouched; pass another path with --store."
                )
        # journal_mode changes the file, so only after we know it is ours.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as cur:
                cur.executescript_in_tx(MIGRATIONS[number - 1])
                cur.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        """One write transaction; rolled back whole on any error, the COMMIT's included.
        A write the disk refuses (full, read-only) raises StoreWriteError."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield _Tx(self._conn)
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
            except sqlite3.OperationalError as exc:
                advice = _cannot_write(exc)
                if advice is None:
                    raise
                raise StoreWriteError(
                    f"cannot write to the store {self.path}: {advice}. Nothing was lost: "
                    "what failed is done again once the store can be written."
                ) from exc

    def _rollback(self) -> None:
        # On a full disk SQLite has already rolled back by itself: a second ROLLBACK
        # would fail and hide the real error. A failed COMMIT may leave it open instead,
        # and then every later BEGIN would fail.
        if self._conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def data_version(self) -> int:
        """Changes when another connection (a daemon, another TUI) commits to the file."""
        return self.query_one("PRAGMA data_version")[0]

    def integrity_ok(self) -> bool:
        return self.query_one("PRAGMA integrity_check")[0] == "ok"

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class _Tx:
    """The cursor-like handle given inside `Store.transaction()`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        return self._conn.executemany(sql, rows)

    def executescript_in_tx(self, script: str) -> None:
        # executescript() would COMMIT first; run statement by statement to stay atomic.
        for statement in _split_sql(script):
            self._conn.execute(statement)


def _split_sql(script: str) -> list[str]:
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
