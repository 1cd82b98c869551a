"""The durable outbox, leases and the email store state (no server needed)."""

from __future__ import annotations

from inbox_tui.core.addresses import email_address
from inbox_tui.core.models import (
    Channel,
    Contact,
    DeliveryState,
    Direction,
    Message,
    TimelineFilter,
    View,
)
from inbox_tui.store import Store
from inbox_tui.store.drafts import Draft
from inbox_tui.store.mail import FolderState


def _outgoing(cid: int, ts: int = 1_800_000_000) -> Message:
    return Message(
        None,
        Channel.EMAIL,
        Direction.OUTBOUND,
        cid,
        "studio",
        ts,
        subject="Re: contratto",
        body="Va bene, ci sentiamo lunedì.",
        message_id="<a1@studio.test>",
    )


def test_enqueue_is_atomic_with_the_draft(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "Luca", [email_address("luca@client.test")]))
    draft_id = store.drafts.save(Draft(None, cid, None, Channel.EMAIL, "Re: x", "testo"))
    mid, item_id = store.outbox.enqueue(
        _outgoing(cid),
        b"raw",
        envelope_from="maria@studio.test",
        recipients=["luca@client.test"],
        draft_id=draft_id,
    )
    assert store.drafts.get(draft_id) is None
    item = store.outbox.get(item_id)
    assert (
        item.state == "queued"
        and item.payload == b"raw"
        and item.recipients == ("luca@client.test",)
    )
    assert store.messages.get(mid).state is DeliveryState.QUEUED
    assert store.messages.count(TimelineFilter(View.OUTBOX)) == 1
    assert [i.id for i in store.outbox.due(1_800_000_000)] == [item_id]


def test_state_walk_and_failure(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "Luca", [email_address("luca@client.test")]))
    mid, item_id = store.outbox.enqueue(_outgoing(cid), b"raw")
    store.outbox.mark_sending(item_id)
    assert store.messages.get(mid).state is DeliveryState.SENDING
    assert store.outbox.get(item_id).attempts == 1
    store.outbox.retry_later(item_id, "connection refused", 1_800_000_100)
    assert store.outbox.due(1_800_000_050) == []
    assert store.messages.get(mid).state is DeliveryState.QUEUED
    store.outbox.mark_sending(item_id)
    store.outbox.mark_accepted(item_id, "250 2.0.0 Ok", 1_800_000_200)
    assert store.messages.get(mid).state is DeliveryState.SENT
    assert store.outbox.get(item_id).state == "accepted"  # still needs its copy in Sent
    store.outbox.mark_sent(item_id, 1_800_000_201)
    assert store.outbox.due(1_900_000_000) == []
    assert store.messages.count(TimelineFilter(View.OUTBOX)) == 0

    mid2, item2 = store.outbox.enqueue(_outgoing(cid, 1_800_000_300), b"raw2")
    store.outbox.fail(item2, "550 5.1.1 no such user")
    msg = store.messages.get(mid2)
    assert msg.state is DeliveryState.FAILED and "no such user" in msg.state_reason


def test_held_items_wait_and_cancel_restores_a_draft(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "Luca", [email_address("luca@client.test")]))
    mid, item_id = store.outbox.enqueue(_outgoing(cid), b"raw", not_before_ts=1_800_030_000)
    assert store.outbox.get(item_id).state == "held"
    assert store.messages.get(mid).state is DeliveryState.HELD
    assert store.outbox.due(1_800_000_000) == []
    assert [i.id for i in store.outbox.due(1_800_030_000)] == [item_id]
    draft_id = store.outbox.cancel(item_id)
    assert store.messages.get(mid) is None
    draft = store.drafts.get(draft_id)
    assert draft.body == "Va bene, ci sentiamo lunedì." and draft.contact_id == cid
    assert store.outbox.cancel(item_id) is None  # only once
    assert store.messages.search("lunedì") == []  # no orphan search hit


def test_lease_is_exclusive_and_expires(store: Store) -> None:
    assert store.leases.acquire("sender", "tui", 60, now=1000)
    assert not store.leases.acquire("sender", "daemon", 60, now=1030)
    assert store.leases.acquire("sender", "tui", 60, now=1050)  # renewal
    assert store.leases.acquire("sender", "daemon", 60, now=1111)  # the TUI died: expired
    assert store.leases.holder("sender", now=1112) == "daemon"
    store.leases.release("sender", "daemon")
    assert store.leases.holder("sender", now=1113) is None


def _synced(uid: int, unread: bool = True, mid: str | None = None) -> Message:
    return Message(
        None,
        Channel.EMAIL,
        Direction.INBOUND,
        None,
        "studio",
        1_800_000_000 + uid,
        subject=f"msg {uid}",
        sender="luca@client.test",
        unread=unread,
        folder="INBOX",
        uidvalidity=7,
        uid=uid,
        body_loaded=False,
        message_id=mid or f"<{uid}@x>",
    )


def test_batches_are_idempotent_and_flags_merge(store: Store) -> None:
    with store.transaction() as tx:
        assert store.mail.add_batch_in(tx, [_synced(1), _synced(2)]) == 2
    with store.transaction() as tx:
        assert store.mail.add_batch_in(tx, [_synced(2), _synced(3)]) == 1
    assert store.mail.all_uids("studio", "INBOX") == {1, 2, 3}
    one = store.mail.by_message_id("studio", "<1@x>")
    store.messages.mark_read(one)  # local change, not yet pushed
    assert [f.uid for f in store.mail.dirty_flags("studio")] == [1]
    with store.transaction() as tx:
        # The server still says unread for 1 (stale) and read for 2: 1 keeps the local state.
        store.mail.apply_flags_in(
            tx, "studio", "INBOX", [(1, True, False, 9, False), (2, False, True, 9, False)]
        )
    assert store.messages.get(one).unread is False
    two = store.messages.get(store.mail.by_message_id("studio", "<2@x>"))
    assert two.unread is False and two.flagged is True
    store.mail.flags_pushed([one])
    assert store.mail.dirty_flags("studio") == []
    with store.transaction() as tx:
        assert store.mail.remove_uids_in(tx, "studio", "INBOX", [3]) == 1
    assert store.messages.search("msg 3") == []


def test_uidvalidity_reset_keeps_our_sent_messages(store: Store) -> None:
    cid = store.contacts.upsert(Contact(None, "Luca", [email_address("luca@client.test")]))
    mid, _ = store.outbox.enqueue(_outgoing(cid), b"raw")
    with store.transaction() as tx:
        copy = _synced(10, mid="<a1@studio.test>")
        copy.direction, copy.folder = Direction.OUTBOUND, "Sent"
        # Our own message found in Sent is attached to the outbox row, not duplicated.
        assert store.mail.add_batch_in(tx, [copy, _synced(11)]) == 1
    assert store.messages.get(mid).uid == 10
    store.mail.save_folder(FolderState("studio", "Sent", "sent", 7, 12, 5, 1, True))
    removed = store.mail.reset_folder("studio", "Sent", 8)
    assert removed == 0 and store.messages.get(mid) is not None
    assert store.messages.get(mid).uid is None
    st = store.mail.folder("studio", "Sent")
    assert (st.uidvalidity, st.uidnext, st.complete, st.role) == (8, 0, False, "sent")


def test_bodies_on_demand(store: Store) -> None:
    with store.transaction() as tx:
        store.mail.add_batch_in(tx, [_synced(1)])
    mid = store.mail.by_message_id("studio", "<1@x>")
    assert store.messages.search("ricorso") == []
    store.mail.set_body(
        mid,
        "Ecco il ricorso \x1b]52;c;x\x07firmato",
        [("2", "ricorso.pdf", "application/pdf", 1234)],
    )
    msg = store.messages.get(mid)
    assert msg.body_loaded and "\x1b" not in msg.body
    assert [r.id for r in store.messages.search("ricorso")] == [mid]
    assert store.mail.attachments(mid) == [("2", "ricorso.pdf", "application/pdf", 1234)]


def test_lease_of_a_killed_holder_is_taken_over_at_once(store: Store) -> None:
    import socket

    dead = f"{socket.gethostname()}:999999999:abcd"  # no such pid on this host
    assert store.leases.acquire("sender", dead, 90, now=1000)
    assert store.leases.acquire("sender", "successor", 90, now=1001)


def test_incremental_counters_match_a_full_recount(tmp_path) -> None:
    import random

    from inbox_tui.store.contacts import recompute_contacts

    rng = random.Random(4)
    store = Store(tmp_path / "c.sqlite3")
    ids = [
        store.contacts.upsert(Contact(None, f"C{i}", [email_address(f"c{i}@x.test")]))
        for i in range(5)
    ]
    for _ in range(6):  # batches interleaving old and new, in and out
        batch = [
            Message(
                None, Channel.EMAIL, rng.choice([Direction.INBOUND, Direction.OUTBOUND]),
                rng.choice(ids), "studio", rng.randint(1_000, 9_000), subject="s",
                unread=rng.random() < 0.5,
            )
            for _ in range(40)
        ]  # fmt: skip
        store.messages.add_many(batch)
    query = "SELECT id, unread_count, last_ts, last_out_ts FROM contacts ORDER BY id"
    before = [tuple(r) for r in store.query(query)]
    awaiting = [tuple(r) for r in store.query("SELECT id, awaiting FROM messages ORDER BY id")]
    with store.transaction() as tx:
        recompute_contacts(tx)
    assert [tuple(r) for r in store.query(query)] == before
    assert [
        tuple(r) for r in store.query("SELECT id, awaiting FROM messages ORDER BY id")
    ] == awaiting
    store.close()
