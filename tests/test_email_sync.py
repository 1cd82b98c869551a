"""IMAP sync against a real Dovecot: first and incremental sync, flags both ways, expunges,
UIDVALIDITY changes, IDLE push, bad credentials and certificates, a server killed mid-sync."""

from __future__ import annotations

import asyncio
import ssl

import pytest

from email_helpers import LUCA, MARIA, config_for, imap_client, mail, runner_for
from inbox_tui.channels.imap_session import ImapAuthError, ImapError, ImapSession, ImapTLSError
from inbox_tui.core.models import Direction, TimelineFilter
from inbox_tui.store import Store
from servers.dovecot import DovecotServer


def uids(store: Store) -> list[int]:
    rows = store.query("SELECT uid FROM messages WHERE folder = 'INBOX' ORDER BY uid")
    return [r[0] for r in rows]


async def test_first_sync_newest_first_then_incremental(
    dovecot: DovecotServer, store: Store
) -> None:
    dovecot.seed_maildir(MARIA, [mail(i) for i in range(1, 251)], flags=())
    runner = runner_for(store, config_for(dovecot))
    seen: list[tuple[str, int, int]] = []
    results = await runner.sync_once(lambda f, d, t: seen.append((f, d, t)))
    assert uids(store) == list(range(1, 251))
    assert {f for f, _ in runner.folders} == {"INBOX", "Sent"}
    assert ("INBOX", 100, 250) in seen  # progress in batches
    newest = store.messages.page_after(TimelineFilter(), None, 1)[0]
    assert newest.summary == "Pratica 250" and newest.unread
    msg = store.messages.get(newest.id)
    assert msg.body_loaded is False and msg.message_id == "<m250@client.test>"
    assert store.contacts.get(msg.contact_id).name == "Luca Bianchi"
    assert results[0].added == 250

    # Nothing changed: with QRESYNC the SELECT alone tells us so.
    again = await runner.sync_once()
    assert [r.round_trips for r in again] == [1, 1] and not any(r.added for r in again)

    dovecot.deliver(MARIA, mail(251))
    dovecot.deliver(MARIA, mail(252))
    results = await runner.sync_once()
    assert results[0].added == 2 and uids(store)[-2:] == [251, 252]
    assert store.messages.count() == 252


async def test_flags_round_trip_and_expunge(dovecot: DovecotServer, store: Store) -> None:
    dovecot.seed_maildir(MARIA, [mail(i) for i in range(1, 6)], flags=())
    runner = runner_for(store, config_for(dovecot))
    await runner.sync_once()
    first = store.query("SELECT id FROM messages WHERE uid = 1")[0][0]
    store.messages.mark_read(first)  # read in the app
    await runner.sync_once()
    client = imap_client(dovecot)
    client.select("INBOX")
    _, data = client.uid("FETCH", "1", "(FLAGS)")
    assert b"\\Seen" in data[0]
    # Another client flags 2, reads 3 and deletes 5.
    client.uid("STORE", "2", "+FLAGS", "(\\Flagged)")
    client.uid("STORE", "3", "+FLAGS", "(\\Seen)")
    client.uid("STORE", "5", "+FLAGS", "(\\Deleted)")
    client.expunge()
    client.logout()
    await runner.sync_once()
    rows = {r[0]: (r[1], r[2]) for r in store.query("SELECT uid, unread, flagged FROM messages")}
    assert rows == {1: (0, 0), 2: (1, 1), 3: (0, 0), 4: (1, 0)}
    assert store.contacts.all()[0].id is not None
    unread = store.query_one("SELECT unread_count FROM contacts WHERE unread_count > 0")[0]
    assert unread == 2  # counters follow the server's changes


async def test_uidvalidity_change_resyncs_cleanly(dovecot: DovecotServer, store: Store) -> None:
    dovecot.seed_maildir(MARIA, [mail(i) for i in range(1, 11)], flags=())
    runner = runner_for(store, config_for(dovecot))
    await runner.sync_once()
    before = store.mail.folder("studio", "INBOX").uidvalidity
    dovecot.uidvalidity_reset(MARIA, "INBOX", renumber=True)
    results = await runner.sync_once()
    assert results[0].reset and store.mail.folder("studio", "INBOX").uidvalidity != before
    assert store.messages.count() == 10 and uids(store) == list(range(1, 11))


async def test_idle_push_arrives(dovecot: DovecotServer, store: Store) -> None:
    changed = asyncio.Event()
    runner = runner_for(store, config_for(dovecot), on_change=changed.set)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    for _ in range(200):
        if runner.status.state == "idle":
            break
        await asyncio.sleep(0.02)
    assert runner.status.state == "idle"
    changed.clear()
    dovecot.deliver(MARIA, mail(1, subject="Urgente: udienza"))
    await asyncio.wait_for(changed.wait(), 10)
    assert store.messages.search("udienza")
    stop.set()
    await asyncio.wait_for(task, 10)


async def test_wrong_password_stops_without_retrying(dovecot: DovecotServer, store: Store) -> None:
    runner = runner_for(store, config_for(dovecot))
    runner._password = lambda: "wrong"  # noqa: SLF001
    with pytest.raises(ImapAuthError, match="refused"):
        await runner.sync_once()
    stop = asyncio.Event()
    await asyncio.wait_for(runner.run(stop), 5)  # returns by itself: no retry loop
    assert runner.status.state == "stopped" and "refused" in runner.status.detail


async def test_untrusted_certificate_is_refused(dovecot: DovecotServer) -> None:
    with pytest.raises(ImapTLSError, match="not trusted"):
        await ImapSession.open(
            "127.0.0.1", dovecot.imaps_port, MARIA, "maria-pw", ssl.create_default_context()
        )


async def test_server_down_is_transient(store: Store, dovecot: DovecotServer) -> None:
    dovecot.kill()
    runner = runner_for(store, config_for(dovecot))
    with pytest.raises(ImapError, match="refused") as info:
        await runner.sync_once()
    assert not isinstance(info.value, ImapAuthError | ImapTLSError)


async def test_killed_mid_sync_converges(dovecot: DovecotServer, store: Store) -> None:
    # Large enough that a kill after the second batch cannot find every later batch
    # already received (up to four are in flight at once).
    dovecot.seed_maildir(MARIA, [mail(i) for i in range(1, 3001)], flags=())
    runner = runner_for(store, config_for(dovecot))

    def crash(folder: str, done: int, total: int) -> None:
        if folder == "INBOX" and done == 350:
            dovecot.kill()

    with pytest.raises(ImapError):
        await runner.sync_once(crash)
    partial = store.messages.count()
    assert 350 <= partial < 3000
    dovecot.start()
    await runner.sync_once()
    assert uids(store) == list(range(1, 3001))  # every message once, none twice
    assert store.mail.folder("studio", "INBOX").complete


async def test_body_on_demand_and_sent_folder(dovecot: DovecotServer, store: Store) -> None:
    raw = (
        b"From: Luca <luca@client.test>\r\nTo: maria@studio.test\r\nSubject: Contratto\r\n"
        b"Message-ID: <c1@client.test>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        b"Ecco il contratto, perch\xe9 lo firmi.\r\n--b\r\n"
        b'Content-Type: application/pdf; name="contratto.pdf"\r\n'
        b'Content-Disposition: attachment; filename="contratto.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
    )
    dovecot.deliver(MARIA, raw)
    sent = mail(99, sender=MARIA, to=LUCA, subject="Re: Contratto")
    dovecot.seed_maildir(MARIA, [sent], folder="Sent")
    runner = runner_for(store, config_for(dovecot))
    await runner.sync_once()
    mid = store.mail.by_message_id("studio", "<c1@client.test>")
    assert store.messages.get(mid).body == ""
    assert await runner.fetch_body(mid)
    await runner.close()
    msg = store.messages.get(mid)
    assert msg.body_loaded and "perché lo firmi" in msg.body
    assert store.mail.attachments(mid) == [("2", "contratto.pdf", "application/pdf", 9)]
    reply = store.messages.get(store.mail.by_message_id("studio", "<m99@client.test>"))
    assert reply.direction is Direction.OUTBOUND and reply.contact_id == msg.contact_id
    # Reading a body never marks it \Seen on the server (BODY.PEEK).
    client = imap_client(dovecot)
    client.select("INBOX")
    _, data = client.fetch("1", "(FLAGS)")
    assert b"\\Seen" not in data[0]
    client.logout()


async def test_two_thousand_varied_mime_messages(dovecot: DovecotServer, store: Store) -> None:
    from mime_corpus import varied_messages

    corpus = varied_messages(2000, seed=11)
    dovecot.seed_maildir(MARIA, corpus, flags=())
    runner = runner_for(store, config_for(dovecot))
    await runner.sync_once()
    assert store.messages.count() == 2000
    assert store.query_one("SELECT count(DISTINCT uid) FROM messages")[0] == 2000
    # Bodies of a spread of them parse and store without a crash, text always clean.
    ids = [r[0] for r in store.query("SELECT id FROM messages WHERE uid % 97 = 0")]
    for mid in ids:
        assert await runner.fetch_body(mid)
    await runner.close()
    bodies = [store.messages.get(i).body for i in ids]
    assert all("\x1b" not in b for b in bodies) and any(b.strip() for b in bodies)


async def test_without_qresync_flags_and_expunges_still_converge(
    dovecot: DovecotServer, store: Store
) -> None:
    dovecot.seed_maildir(MARIA, [mail(i) for i in range(1, 21)], flags=())
    runner = runner_for(store, config_for(dovecot))
    original_connect = runner.connect

    async def no_qresync():
        session = await original_connect()
        session.qresync = False  # as against a server without QRESYNC
        return session

    runner.connect = no_qresync
    await runner.sync_once()
    client = imap_client(dovecot)
    client.select("INBOX")
    client.uid("STORE", "4", "+FLAGS", "(\\Seen \\Flagged)")
    client.uid("STORE", "5", "+FLAGS", "(\\Deleted)")
    client.expunge()
    client.logout()
    dovecot.deliver(MARIA, mail(21))
    results = await runner.sync_once()
    assert results[0].added == 1 and results[0].removed == 1
    assert uids(store) == [u for u in range(1, 22) if u != 5]
    assert store.query_one("SELECT unread, flagged FROM messages WHERE uid = 4")[:] == (0, 1)
    # After the expunge, sequence numbers and UIDs differ: the \Seen must land on UID 10.
    store.messages.mark_read(store.query_one("SELECT id FROM messages WHERE uid = 10")[0])
    await runner.sync_once()
    client = imap_client(dovecot)
    client.select("INBOX")
    _, data = client.uid("SEARCH", "SEEN")
    client.logout()
    assert sorted(int(u) for u in data[0].split()) == [4, 10]
