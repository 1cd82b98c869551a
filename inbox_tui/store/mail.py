"""Email-specific state: IMAP folder positions, synced batches, flags, bodies on demand.

The sync engine talks to the server; this module only records what it learned, each step
in one transaction so a kill at any point leaves the store consistent with some prefix
of the sync (the next run converges from there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inbox_tui.core.models import Message
from inbox_tui.core.sanitize import clean, one_line
from inbox_tui.store.contacts import recompute_contacts

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx


@dataclass(slots=True)
class FolderState:
    account: str
    folder: str
    role: str = ""
    uidvalidity: int = 0
    uidnext: int = 0
    highestmodseq: int = 0
    lowest_uid: int = 0  # 0: nothing fetched yet
    complete: bool = False  # the first sync reached UID 1


@dataclass(frozen=True, slots=True)
class LocalFlags:
    id: int
    folder: str
    uid: int
    unread: bool
    flagged: bool
    mdn_done: bool = False  # a receipt request answered or declined here: set $MDNSent


class MailRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- folder positions -------------------------------------------------------------

    def folder(self, account: str, folder: str) -> FolderState:
        row = self._store.query_one(
            "SELECT * FROM imap_folders WHERE account = ? AND folder = ?", (account, folder)
        )
        if row is None:
            return FolderState(account, folder)
        return FolderState(
            account,
            folder,
            row["role"],
            row["uidvalidity"],
            row["uidnext"],
            row["highestmodseq"],
            row["lowest_uid"],
            bool(row["complete"]),
        )

    def save_folder_in(self, tx: _Tx, st: FolderState) -> None:
        tx.execute(
            "INSERT INTO imap_folders (account, folder, role, uidvalidity, uidnext,"
            " highestmodseq, lowest_uid, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(account, folder) DO UPDATE SET role = excluded.role,"
            " uidvalidity = excluded.uidvalidity, uidnext = excluded.uidnext,"
            " highestmodseq = excluded.highestmodseq, lowest_uid = excluded.lowest_uid,"
            " complete = excluded.complete",
            (
                st.account,
                st.folder,
                st.role,
                st.uidvalidity,
                st.uidnext,
                st.highestmodseq,
                st.lowest_uid,
                int(st.complete),
            ),
        )

    def save_folder(self, st: FolderState) -> None:
        with self._store.transaction() as tx:
            self.save_folder_in(tx, st)

    def reset_folder(self, account: str, folder: str, uidvalidity: int) -> int:
        """UIDVALIDITY changed: forget the folder's server copies; returns rows removed.

        Outgoing messages we sent stay (they are ours, not a cache): only their server
        position is cleared, and the resync re-attaches them by Message-ID.
        """
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE messages SET folder = NULL, uid = NULL, uidvalidity = NULL"
                " WHERE account = ? AND folder = ? AND id IN (SELECT message_id FROM outbox)",
                (account, folder),
            )
            removed = self._delete_in(
                tx, "account = ? AND folder = ? AND uid IS NOT NULL", (account, folder)
            )
            st = FolderState(account, folder, self.folder(account, folder).role, uidvalidity)
            self.save_folder_in(tx, st)
            return removed

    # -- synced messages --------------------------------------------------------------

    def known_uids(self, account: str, folder: str, uids: Iterable[int]) -> set[int]:
        wanted = list(uids)
        found: set[int] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self._store.query(
                f"SELECT uid FROM messages WHERE account = ? AND folder = ?"
                f" AND uid IN ({','.join('?' * len(chunk))})",
                (account, folder, *chunk),
            )
            found.update(r[0] for r in rows)
        return found

    def all_uids(self, account: str, folder: str) -> set[int]:
        rows = self._store.query(
            "SELECT uid FROM messages WHERE account = ? AND folder = ? AND uid IS NOT NULL",
            (account, folder),
        )
        return {r[0] for r in rows}

    def add_batch_in(self, tx: _Tx, msgs: list[Message]) -> int:
        """Store one fetched batch; our own sent messages found in Sent are re-attached
        to their outbox row (by Message-ID) instead of showing twice."""
        fresh: list[Message] = []
        for m in msgs:
            if m.message_id and m.direction.value == "out":
                row = tx.execute(
                    "SELECT id FROM messages WHERE account = ? AND message_id = ?"
                    " AND uid IS NULL AND id IN (SELECT message_id FROM outbox)",
                    (m.account, m.message_id),
                ).fetchone()
                if row:
                    tx.execute(
                        "UPDATE messages SET folder = ?, uidvalidity = ?, uid = ?, modseq = ?"
                        " WHERE id = ?",
                        (m.folder, m.uidvalidity, m.uid, m.modseq, row[0]),
                    )
                    continue
            fresh.append(m)
        return self._store.messages.add_many_in(tx, fresh, skip_known=True) if fresh else 0

    def apply_flags_in(
        self,
        tx: _Tx,
        account: str,
        folder: str,
        changes: list[tuple[int, bool, bool, int, bool]],
    ) -> list[int]:
        """(uid, unread, flagged, modseq, $MDNSent) from the server; a local change not yet
        pushed wins over the server's older view. Returns the contact ids whose counts
        changed."""
        touched: set[int] = set()
        for uid, unread, flagged, modseq, mdn_sent in changes:
            row = tx.execute(
                "SELECT id, contact_id, unread, flagged, mdn, mdn_to FROM messages"
                " WHERE account = ? AND folder = ? AND uid = ? AND flags_dirty = 0",
                (account, folder, uid),
            ).fetchone()
            if row is None:
                continue
            if mdn_sent and row["mdn_to"] and row["mdn"] in (None, "asked"):
                # Answered or declined by another client: stop asking here too.
                tx.execute("UPDATE messages SET mdn = 'sent' WHERE id = ?", (row["id"],))
            if (bool(row["unread"]), bool(row["flagged"])) == (unread, flagged):
                continue
            tx.execute(
                "UPDATE messages SET unread = ?, flagged = ?, modseq = ? WHERE id = ?",
                (int(unread), int(flagged), modseq, row["id"]),
            )
            if row["contact_id"] is not None:
                touched.add(row["contact_id"])
        recompute_contacts(tx, sorted(touched))
        return sorted(touched)

    def remove_uids_in(self, tx: _Tx, account: str, folder: str, uids: Iterable[int]) -> int:
        """Expunged on the server (another client deleted or moved them)."""
        removed = 0
        wanted = list(uids)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            removed += self._delete_in(
                tx,
                f"account = ? AND folder = ? AND uid IN ({','.join('?' * len(chunk))})",
                (account, folder, *chunk),
            )
        return removed

    def _delete_in(self, tx: _Tx, where: str, params: tuple) -> int:
        return self._store.messages.delete_where_in(tx, where, params)

    # -- local changes to push ----------------------------------------------------------

    def dirty_flags(self, account: str) -> list[LocalFlags]:
        rows = self._store.query(
            "SELECT id, folder, uid, unread, flagged, mdn IN ('queued', 'sent', 'declined')"
            " FROM messages WHERE account = ? AND flags_dirty = 1 AND uid IS NOT NULL",
            (account,),
        )
        return [LocalFlags(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5])) for r in rows]

    def flags_pushed(self, ids: Iterable[int]) -> None:
        with self._store.transaction() as tx:
            tx.executemany("UPDATE messages SET flags_dirty = 0 WHERE id = ?", [(i,) for i in ids])

    # -- bodies ---------------------------------------------------------------------------

    def set_body(
        self, message_id: int, text: str, attachments: list[tuple[str, str, str, int]]
    ) -> None:
        """The full body fetched on open: text for display and search, attachment list."""
        body = clean(text)
        with self._store.transaction() as tx:
            row = tx.execute(
                "SELECT fts_key, subject FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                return
            tx.execute(
                "UPDATE messages SET body = ?, body_loaded = 1,"
                " summary = CASE WHEN subject = '' THEN ? ELSE summary END WHERE id = ?",
                (body, one_line(body, 160), message_id),
            )
            tx.execute("UPDATE messages_fts SET body = ? WHERE rowid = ?", (body, row[0]))
            tx.execute("DELETE FROM attachments WHERE message_id = ?", (message_id,))
            tx.executemany(
                "INSERT OR IGNORE INTO attachments (message_id, part_id, filename,"
                " content_type, size) VALUES (?, ?, ?, ?, ?)",
                [(message_id, p, one_line(f, 200), c, s) for p, f, c, s in attachments],
            )

    def attachments(self, message_id: int) -> list[tuple[str, str, str, int]]:
        rows = self._store.query(
            "SELECT part_id, filename, content_type, size FROM attachments"
            " WHERE message_id = ? ORDER BY part_id",
            (message_id,),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def by_message_id(self, account: str, message_id: str) -> int | None:
        row = self._store.query_one(
            "SELECT id FROM messages WHERE account = ? AND message_id = ? LIMIT 1",
            (account, message_id),
        )
        return row[0] if row else None
