import sqlite3
from pathlib import Path

import pytest

from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import (
    Channel,
    Contact,
    DeliveryState,
    Direction,
    Message,
    TimelineFilter,
    View,
)
from inbox_tui.store import Store, StoreError
from inbox_tui.store.drafts import Draft
from inbox_tui.store.message_sql import where_clause
from inbox_tui.store.messages import fts_query
from inbox_tui.store.migrations import SCHEMA_VERSION


def _msg(contact_id, ts, direction=Direction.INBOUND, channel=Channel.EMAIL, **kw) -> Message:
    return Message(None, channel, direction, contact_id, kw.pop("account", "studio"), ts, **kw)


def test_schema_version_and_wal(store: Store) -> None:
    assert store.query_one("PRAGMA user_version")[0] == SCHEMA_VERSION
    assert store.query_one("PRAGMA journal_mode")[0] == "wal"
    assert store.integrity_ok()


def test_reopen_keeps_data(tmp_path: Path) -> None:
    s = Store(tmp_path / "a.db")
    cid = s.contacts.upsert(Contact(None, "Luca", [email_address("luca@example.org")]))
    s.messages.add(_msg(cid, 100, subject="hello"))
    s.close()
    s = Store(tmp_path / "a.db")
    assert s.messages.count() == 1
    s.close()


def test_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer inbox-tui"):
        Store(path)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_garbage_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an inbox-tui store"):
        Store(path)
    assert path.read_bytes() == before


def test_corrupt_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    s = Store(path)
    s.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page after the header
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(StoreError):
        Store(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE firefox (a)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an inbox-tui store"):
        Store(path)


def test_addresses_map_to_one_contact(store: Store) -> None:
    cid = store.contacts.upsert(
        Contact(
            None,
            "Luca Bianchi",
            [email_address("Luca.Bianchi@Example.org"), phone_address("+39 333 1234567")],
        )
    )
    assert store.contacts.find_by_address(phone_address("0039 333 1234567")) == cid
    assert store.contacts.find_by_address(phone_address("333 1234567", "IT")) == cid
    assert store.contacts.find_by_address(email_address("luca.bianchi@example.org")) == cid


def test_unknown_sender_becomes_provisional_and_merges(store: Store) -> None:
    with store.transaction() as tx:
        stranger = store.contacts.resolve_in(tx, phone_address("+39 347 1112223"), "")
        store.messages.add_in(tx, _msg(stranger, 10, channel=Channel.SMS, body="ciao", unread=True))
    assert store.contacts.get(stranger).provisional
    known = store.contacts.upsert(Contact(None, "Anna", [email_address("anna@example.com")]))
    store.contacts.merge(known, stranger)
    assert store.contacts.get(stranger) is None
    merged = store.contacts.get(known)
    assert {a.value for a in merged.addresses} == {"anna@example.com", "+393471112223"}
    assert store.messages.count(TimelineFilter(contact_id=known)) == 1
    assert store.contacts.sidebar()[0] == (known, "Anna", 1)
    # The name is searchable under the merged contact.
    assert [r.contact_name for r in store.messages.search("anna")] == ["Anna"]


def test_upsert_absorbs_provisional_owner(store: Store) -> None:
    with store.transaction() as tx:
        stranger = store.contacts.resolve_in(tx, email_address("x@example.com"), "X")
        store.messages.add_in(tx, _msg(stranger, 10))
    cid = store.contacts.upsert(Contact(None, "Xavier", [email_address("x@example.com")]))
    contact = store.contacts.get(cid)
    assert contact.name == "Xavier" and not contact.provisional


def test_remote_id_is_idempotent(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "A", [email_address("a@example.com")]))
    first = store.messages.add(_msg(cid, 10, remote_id="<1@x>"))
    again = store.messages.add(_msg(cid, 10, remote_id="<1@x>"))
    other_account = store.messages.add(_msg(cid, 10, remote_id="<1@x>", account="other"))
    assert first == again != other_account
    assert store.messages.count() == 2


def test_views_and_awaiting_reply(store: Store) -> None:
    a = store.contacts.upsert(Contact(None, "A", [email_address("a@example.com")]))
    b = store.contacts.upsert(Contact(None, "B", [email_address("b@example.com")]))
    store.messages.add(_msg(a, 10, unread=True))
    store.messages.add(_msg(a, 20, channel=Channel.SMS, body="sms"))
    store.messages.add(_msg(b, 15))
    store.messages.add(_msg(b, 30, Direction.OUTBOUND, state=DeliveryState.SENT))
    assert store.messages.count(TimelineFilter(View.ALL)) == 4
    assert store.messages.count(TimelineFilter(View.EMAIL)) == 3
    assert store.messages.count(TimelineFilter(View.SMS)) == 1
    assert store.messages.count(TimelineFilter(View.UNREAD)) == 1
    awaiting = store.messages.page_after(TimelineFilter(View.AWAITING), None, 10)
    assert [r.timestamp for r in awaiting] == [20, 10]  # A is waiting; B was answered
    store.messages.add(_msg(a, 25, Direction.OUTBOUND, state=DeliveryState.QUEUED))
    assert store.messages.count(TimelineFilter(View.AWAITING)) == 0
    store.messages.add(_msg(a, 40))
    assert store.messages.count(TimelineFilter(View.AWAITING)) == 1


def test_mark_read_updates_counts(store: Store) -> None:
    a = store.contacts.upsert(Contact(None, "A", [email_address("a@example.com")]))
    mid = store.messages.add(_msg(a, 10, unread=True))
    assert store.contacts.sidebar() == [(a, "A", 1)]
    assert store.messages.mark_read(mid) is True
    assert store.messages.mark_read(mid) is False
    assert store.contacts.sidebar() == [(a, "A", 0)]
    assert store.messages.count(TimelineFilter(View.UNREAD)) == 0


def test_keyset_pages_cover_everything_in_order(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "A", [email_address("a@example.com")]))
    # Equal timestamps on purpose: the id breaks ties so no row is skipped or repeated.
    store.messages.add_many(_msg(cid, 1000 + i // 3, subject=f"m{i}") for i in range(250))
    flt = TimelineFilter()
    seen, key = [], None
    while True:
        page = store.messages.page_after(flt, key, 40)
        if not page:
            break
        seen += page
        key = page[-1].key
    assert len(seen) == 250 == len({r.id for r in seen})
    assert [r.key for r in seen] == sorted((r.key for r in seen), reverse=True)
    back = store.messages.page_before(flt, seen[100].key, 40)
    assert [r.id for r in back] == [r.id for r in seen[60:100]]
    assert [r.id for r in store.messages.page_at(flt, 100, 40)] == [r.id for r in seen[100:140]]
    assert store.messages.position(flt, seen[137].key) == 137


def test_timeline_queries_use_indexes(store: Store) -> None:
    """Every view's real WHERE clause walks its own index: no sort, no count by scan."""
    order = " ORDER BY m.ts DESC, m.id DESC LIMIT 5"
    views = {
        View.ALL: "messages_all",
        View.EMAIL: "messages_channel",
        View.SMS: "messages_channel",
        View.UNREAD: "messages_unread",
        View.AWAITING: "messages_awaiting",
        View.UNDELIVERED: "messages_undelivered",
    }
    for view, index in views.items():
        where, params = where_clause(TimelineFilter(view))
        for sql in (
            f"SELECT m.id FROM messages m WHERE {where} AND (m.ts, m.id) < (1, 1){order}",
            f"SELECT count(*) FROM messages m WHERE {where}",
        ):
            plan = " ".join(r[3] for r in store.query("EXPLAIN QUERY PLAN " + sql, params))
            assert index in plan and "TEMP B-TREE" not in plan, (view, sql, plan)


def test_search_newest_first_and_safe_queries(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "Anna Verdi", [email_address("anna@example.com")]))
    store.messages.add(_msg(cid, 10, subject="Dieta", body="posso mangiare riso o pasta?"))
    store.messages.add(_msg(cid, 30, channel=Channel.SMS, body="Pasta stasera, va bene?"))
    store.messages.add(_msg(cid, 20, subject="Fattura", body="la fattura di ottobre"))
    assert [r.timestamp for r in store.messages.search("pasta")] == [30, 10]
    assert [r.timestamp for r in store.messages.search("fatt")] == [20]  # prefix
    assert [r.timestamp for r in store.messages.search("verdi riso")] == [10]
    assert len(store.messages.search("pàsta")) == 2  # diacritics folded
    for hostile in ['"', "NEAR(", "a OR", "-x", "col:x", "*", ""]:
        store.messages.search(hostile)  # must not raise
    assert fts_query('riso "or pasta') == '"riso" "or" "pasta"*'


def test_stored_text_is_sanitised(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "A", [email_address("a@example.com")]))
    mid = store.messages.add(_msg(cid, 1, subject="\x1b]0;pwn\x07Hi\x1b[31m", body="x\x9b2Jy"))
    msg = store.messages.get(mid)
    assert msg.subject == "Hi" and msg.body == "xy"


def test_drafts_round_trip(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "A", [email_address("a@example.com")]))
    mid = store.messages.add(_msg(cid, 1, subject="Q"))
    draft = Draft(None, cid, mid, Channel.EMAIL, "Re: Q", "first words")
    draft_id = store.drafts.save(draft)
    draft.body = "first words, more"
    assert store.drafts.save(draft) == draft_id
    assert store.drafts.for_reply(mid).body == "first words, more"
    assert store.drafts.count() == 1


def test_settings(store: Store) -> None:
    assert store.settings.get("dnd") is None
    store.settings.set("dnd", "on")
    store.settings.set("dnd", "off")
    assert store.settings.get("dnd") == "off"
