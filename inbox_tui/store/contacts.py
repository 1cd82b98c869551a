"""Contacts and their addresses: one person, many emails and phone numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inbox_tui.core.models import Address, AddressKind, Contact
from inbox_tui.store.message_sql import AWAITS

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx


class ContactRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def find_by_address(self, address: Address) -> int | None:
        row = self._store.query_one(
            "SELECT contact_id FROM addresses WHERE kind = ? AND value = ?",
            (address.kind.value, address.value),
        )
        return row[0] if row else None

    def get(self, contact_id: int) -> Contact | None:
        row = self._store.query_one("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        if row is None:
            return None
        addresses = [
            Address(AddressKind(a["kind"]), a["value"])
            for a in self._store.query(
                "SELECT kind, value FROM addresses WHERE contact_id = ? ORDER BY kind, value",
                (contact_id,),
            )
        ]
        return _contact(row, addresses)

    def upsert(self, contact: Contact) -> int:
        """Insert or update a known contact, matched by any of its addresses.

        A provisional contact that owns one of the addresses is absorbed into it, so a
        sender seen before the user listed them keeps their history.
        """
        with self._store.transaction() as tx:
            return self.upsert_in(tx, contact)

    def upsert_in(self, tx: _Tx, contact: Contact) -> int:
        owners = {
            r[0]
            for a in contact.addresses
            for r in tx.execute(
                "SELECT contact_id FROM addresses WHERE kind = ? AND value = ?",
                (a.kind.value, a.value),
            )
        }
        fields = (
            contact.name,
            contact.sla,
            int(contact.urgent),
            contact.receipts,
            int(contact.auto_ack),
            int(contact.provisional),
            _opt_int(contact.request_read),
            _opt_int(contact.request_delivery),
        )
        if owners:
            keep = min(owners)
            tx.execute(
                "UPDATE contacts SET name = ?, sla = ?, urgent = ?, receipts = ?, auto_ack = ?,"
                " provisional = ?, request_read = ?, request_delivery = ? WHERE id = ?",
                (*fields, keep),
            )
            for other in sorted(owners - {keep}):
                _merge_in(tx, keep, other)
        else:
            keep = tx.execute(
                "INSERT INTO contacts (name, sla, urgent, receipts, auto_ack, provisional,"
                " request_read, request_delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                fields,
            ).lastrowid
        for a in contact.addresses:
            tx.execute(
                "INSERT OR IGNORE INTO addresses (kind, value, contact_id) VALUES (?, ?, ?)",
                (a.kind.value, a.value, keep),
            )
        _refresh_fts_names(tx, keep)
        return keep

    def resolve_in(self, tx: _Tx, address: Address, display_name: str) -> int:
        """The contact owning `address`, creating a provisional one for a stranger."""
        row = tx.execute(
            "SELECT contact_id FROM addresses WHERE kind = ? AND value = ?",
            (address.kind.value, address.value),
        ).fetchone()
        if row:
            return row[0]
        contact_id = tx.execute(
            "INSERT INTO contacts (name, provisional) VALUES (?, 1)",
            (display_name or address.value,),
        ).lastrowid
        tx.execute(
            "INSERT INTO addresses (kind, value, contact_id) VALUES (?, ?, ?)",
            (address.kind.value, address.value, contact_id),
        )
        return contact_id

    def merge(self, keep_id: int, drop_id: int) -> None:
        """Fold `drop_id` (its addresses and messages) into `keep_id`."""
        if keep_id == drop_id:
            return
        with self._store.transaction() as tx:
            _merge_in(tx, keep_id, drop_id)
            _refresh_fts_names(tx, keep_id)

    def sidebar(self, limit: int = 500) -> list[tuple[int, str, int]]:
        """(id, name, unread) for the sidebar: known contacts and anyone with unread mail."""
        rows = self._store.query(
            "SELECT id, name, unread_count FROM contacts"
            " WHERE provisional = 0 OR unread_count > 0"
            " ORDER BY last_ts DESC, name LIMIT ?",
            (limit,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def all(self, provisional_only: bool = False) -> list[Contact]:
        where = " WHERE c.provisional = 1" if provisional_only else ""
        rows = self._store.query(f"SELECT * FROM contacts c{where} ORDER BY c.name, c.id")
        owned: dict[int, list[Address]] = {}
        for a in self._store.query("SELECT kind, value, contact_id FROM addresses ORDER BY value"):
            owned.setdefault(a["contact_id"], []).append(
                Address(AddressKind(a["kind"]), a["value"])
            )
        return [_contact(r, owned.get(r["id"], [])) for r in rows]

    def count(self) -> int:
        return self._store.query_one("SELECT count(*) FROM contacts")[0]


def _contact(row, addresses: list[Address]) -> Contact:
    return Contact(
        id=row["id"],
        name=row["name"],
        addresses=addresses,
        sla=row["sla"],
        urgent=bool(row["urgent"]),
        receipts=row["receipts"],
        auto_ack=bool(row["auto_ack"]),
        provisional=bool(row["provisional"]),
        request_read=_opt_bool(row["request_read"]),
        request_delivery=_opt_bool(row["request_delivery"]),
    )


# NULL must survive the round trip: it means "inherit", unlike an explicit false.
def _opt_int(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _opt_bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _merge_in(tx: _Tx, keep: int, drop: int) -> None:
    tx.execute("UPDATE addresses SET contact_id = ? WHERE contact_id = ?", (keep, drop))
    tx.execute("UPDATE messages SET contact_id = ? WHERE contact_id = ?", (keep, drop))
    tx.execute("DELETE FROM contacts WHERE id = ?", (drop,))
    recompute_contacts(tx, [keep])


def _refresh_fts_names(tx: _Tx, contact_id: int) -> None:
    name = tx.execute("SELECT name FROM contacts WHERE id = ?", (contact_id,)).fetchone()[0]
    tx.execute(
        "UPDATE messages_fts SET name = ? WHERE rowid IN"
        " (SELECT fts_key FROM messages WHERE contact_id = ?) AND name IS NOT ?",
        (name, contact_id, name),
    )


def recompute_contacts(tx: _Tx, contact_ids: list[int] | None = None) -> None:
    """Re-derive counters and the awaiting-reply flags from the messages themselves."""
    where = ""
    params: tuple = ()
    if contact_ids is not None:
        if not contact_ids:
            return
        where = f" WHERE id IN ({','.join('?' * len(contact_ids))})"
        params = tuple(contact_ids)
    tx.execute(
        "UPDATE contacts SET"
        " unread_count = (SELECT count(*) FROM messages m"
        "   WHERE m.contact_id = contacts.id AND m.unread = 1),"
        " last_ts = coalesce((SELECT max(ts) FROM messages m"
        "   WHERE m.contact_id = contacts.id), 0),"
        " last_out_ts = coalesce((SELECT max(ts) FROM messages m"
        "   WHERE m.contact_id = contacts.id AND m.direction = 'out'), 0)" + where,
        params,
    )
    msg_where = "" if contact_ids is None else f" AND contact_id IN ({','.join('?' * len(params))})"
    tx.execute(
        f"UPDATE messages SET awaiting = ({AWAITS} AND ts > coalesce("
        " (SELECT last_out_ts FROM contacts c WHERE c.id = messages.contact_id), 0))"
        " WHERE 1" + msg_where,
        params,
    )
