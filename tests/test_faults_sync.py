"""Faults against the real servers, syncing side: Dovecot killed (SIGKILL, master and
children at once) at ten different moments of a sync of a 2,000-message mailbox, with
flag changes, expunges and new mail on the server and read/unread changes in the app
between runs; after a final clean sync the store equals the server."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable

from email_helpers import LUCA, MARIA, config_for, imap_client, mail, runner_for
from inbox_tui.channels.imap_session import ImapError, ImapSession
from inbox_tui.services.email_account import EmailAccountRunner
from inbox_tui.store import Store
from servers.dovecot import DovecotServer

SEED_SIZE, SENT_SIZE, NEW_PER_RUN = 2000, 60, 400

# When Dovecot dies in each run: ("command", k) before the k-th IMAP command of the sync,
# ("select", folder) before that folder is selected, ("batch", n) once the n-th header
# batch of INBOX is stored (0: before the first is fetched), ("timer", n) a random
# 0-20 ms after the n-th batch, while the next ones are in flight.
MOMENTS: list[tuple[str, int | str]] = [
    ("batch", 2),  # the first sync of 2,000 (batches already received still get stored)
    ("command", 1),  # logged in, nothing selected yet
    ("timer", 1),  # the resumed first sync (no QRESYNC state yet), mid-stream
    ("select", "Sent"),  # INBOX complete at last, Sent not started
    ("command", 3),  # between the app's flag pushes (+Seen done, -Seen not)
    ("batch", 0),  # QRESYNC's expunges and flags applied, new UIDs found, none fetched
    ("timer", 0),
    ("batch", 3),
    ("select", "INBOX"),
    ("batch", 1),
]


class Killer:
    """Kills Dovecot at one moment of a sync; the session and server are the real ones."""

    def __init__(self, dovecot: DovecotServer, moment: tuple[str, int | str], rng: random.Random):
        self.dovecot, (self.kind, self.at), self.rng = dovecot, moment, rng
        self.commands = self.batches = 0
        self.timer: threading.Timer | None = None
        self.fired = False

    def kill(self) -> None:
        if not self.fired:
            self.fired = True
            self.dovecot.kill()

    def wrap(self, runner: EmailAccountRunner) -> None:
        connect = type(runner).connect.__get__(runner)  # not a previous run's wrapper

        async def counting_connect() -> ImapSession:
            session = await connect()
            for name in ("select", "uid_search", "store_flags", "uid_fetch", "list_folders"):
                setattr(session, name, self._counted(getattr(session, name)))
            return session

        runner.connect = counting_connect  # type: ignore[method-assign]

    def _counted(self, call: Callable) -> Callable:
        async def counted(*args, **kwargs):
            self.commands += 1
            named = call.__name__ == "select" and args[0]
            if (self.kind, self.at) in (("command", self.commands), ("select", named)):
                self.kill()
            return await call(*args, **kwargs)

        return counted

    def progress(self, folder: str, done: int, total: int) -> None:
        if folder != "INBOX":
            return
        batch = 0 if done == 0 else self.batches + 1
        self.batches = batch
        if batch != self.at or self.fired or self.timer is not None:
            return
        if self.kind == "batch":
            self.kill()
        elif self.kind == "timer":
            self.timer = threading.Timer(self.rng.uniform(0, 0.02), self.kill)
            self.timer.start()

    def join(self) -> None:
        if self.timer is not None:
            self.timer.join()


def server_state(dovecot: DovecotServer, folder: str) -> tuple[int, dict[int, set[str]]]:
    """(UIDVALIDITY, {uid: flags}) as another IMAP client sees the folder."""
    client = imap_client(dovecot)
    client.select(folder, readonly=True)
    uidvalidity = int(client.response("UIDVALIDITY")[1][0])
    _, data = client.uid("FETCH", "1:*", "(UID FLAGS)")
    client.logout()
    flags: dict[int, set[str]] = {}
    for line in data:
        if not line:
            continue
        text = line.decode()
        uid = int(text.split("UID ", 1)[1].split()[0].rstrip(")"))
        flags[uid] = set(text.split("FLAGS (", 1)[1].split(")", 1)[0].split())
    return uidvalidity, flags


def churn(dovecot: DovecotServer, store: Store, rng: random.Random, first_new: int) -> None:
    """Between two runs: new mail, another client's flag changes and expunges on the
    server, and the app's own read/unread changes (on other messages) waiting to go up."""
    dovecot.seed_maildir(
        MARIA, [mail(n) for n in range(first_new, first_new + NEW_PER_RUN)], flags=()
    )
    _, server = server_state(dovecot, "INBOX")
    pending = {r[0] for r in store.query("SELECT uid FROM messages WHERE flags_dirty = 1")}
    uids = sorted(set(server) - pending)
    seen, flagged, unseen, gone = (rng.sample(uids, k) for k in (40, 15, 20, 25))
    client = imap_client(dovecot)
    client.select("INBOX")
    for uid_list, change in (
        (seen, "+FLAGS (\\Seen)"), (unseen, "-FLAGS (\\Seen)"),
        (flagged, "+FLAGS (\\Flagged)"), (gone, "+FLAGS (\\Deleted)"),
    ):  # fmt: skip
        op, flag = change.split(" ", 1)
        client.uid("STORE", ",".join(map(str, uid_list)), op, flag)
    client.uid("EXPUNGE", ",".join(map(str, gone)))
    client.logout()
    stored = store.query(
        "SELECT id, unread, uid FROM messages WHERE folder = 'INBOX' AND flags_dirty = 0"
    )
    touched = set(seen) | set(unseen) | set(flagged) | set(gone)
    for row in rng.sample([r for r in stored if r[2] not in touched], min(10, len(stored))):
        store.messages.mark_read(row[0], read=bool(row[1]))  # the app flips read/unread


def assert_store_equals_server(dovecot: DovecotServer, store: Store) -> None:
    for folder in ("INBOX", "Sent"):
        uidvalidity, server = server_state(dovecot, folder)
        rows = store.query(
            "SELECT uid, unread, flagged, message_id, uidvalidity, report_of FROM messages"
            " WHERE account = 'studio' AND folder = ?",
            (folder,),
        )
        uids = [r[0] for r in rows]
        assert len(uids) == len(set(uids)), f"{folder}: a UID stored twice"
        assert len({r[3] for r in rows}) == len(rows), f"{folder}: a message stored twice"
        assert set(uids) == set(server), (
            f"{folder}: missing {sorted(set(server) - set(uids))[:10]}, "
            f"expunged but kept {sorted(set(uids) - set(server))[:10]}"
        )
        assert {r[4] for r in rows} <= {uidvalidity}
        inbound = folder == "INBOX"
        # Delivery reports are kept hidden, never unread: their flags are not compared.
        mine = {r[0]: (bool(r[1]), bool(r[2])) for r in rows if r[5] is None}
        theirs = {
            uid: (inbound and "\\Seen" not in f, "\\Flagged" in f) for uid, f in server.items()
        }
        wrong = {u: (mine[u], theirs[u]) for u in mine if mine[u] != theirs[u]}
        assert not wrong, f"{folder}: (unread, flagged) store vs server differ: {wrong}"
        state = store.mail.folder("studio", folder)
        assert state.complete and state.uidvalidity == uidvalidity
    assert not store.query("SELECT id FROM messages WHERE flags_dirty = 1")
    # The sidebar's counter follows the messages, whatever the crashes interrupted.
    counted = store.query_one("SELECT count(*) FROM messages WHERE unread = 1")[0]
    assert store.query_one("SELECT sum(unread_count) FROM contacts")[0] == counted
    assert store.integrity_ok()


async def test_dovecot_killed_10_times_mid_sync_store_equals_server(
    dovecot: DovecotServer, store: Store
) -> None:
    rng = random.Random(int(os.environ.get("INBOX_TUI_FAULT_SEED", "8")))
    dovecot.seed_maildir(MARIA, [mail(n) for n in range(1, SEED_SIZE + 1)], flags=())
    sent = [mail(n, sender=MARIA, to=LUCA) for n in range(90001, 90001 + SENT_SIZE)]
    dovecot.seed_maildir(MARIA, sent, folder="Sent")
    runner = runner_for(store, config_for(dovecot))
    next_new, outcomes = SEED_SIZE + 1, []
    started = time.monotonic()
    for number, moment in enumerate(MOMENTS):
        if number:
            churn(dovecot, store, rng, next_new)
            next_new += NEW_PER_RUN
        killer = Killer(dovecot, moment, rng)
        killer.wrap(runner)
        before = store.messages.count()
        try:
            await runner.sync_once(killer.progress)
            outcome = "completed"
        except ImapError:
            outcome = "interrupted"
        finally:
            killer.join()
            await runner.close()
        outcomes.append((moment, outcome, store.messages.count() - before))
        assert killer.fired and outcome == "interrupted", (moment, outcome)
        assert store.integrity_ok()
        dovecot.start()  # the same instance, ports and mail: as after a crash and reboot
    runner = runner_for(store, config_for(dovecot))
    await runner.sync_once()
    print(f"\n{len(outcomes)} kills in {time.monotonic() - started:.1f} s: {outcomes}")
    assert_store_equals_server(dovecot, store)


async def test_back_after_3000_new_messages_and_a_mark_all_read(
    dovecot: DovecotServer, store: Store
) -> None:
    """Found by the test above: with 1,000+ changes since the last sync, the QRESYNC
    SELECT's answer overflowed aioimaplib's recursive reader; the connection dropped at
    every attempt and the account never synced again."""
    dovecot.seed_maildir(MARIA, [mail(n) for n in range(1, 101)], flags=())
    runner = runner_for(store, config_for(dovecot))
    await runner.sync_once()
    dovecot.seed_maildir(MARIA, [mail(n) for n in range(101, 3101)], flags=())
    await runner.sync_once()  # a holiday's worth of mail
    client = imap_client(dovecot)
    client.select("INBOX")
    client.uid("STORE", "1:*", "+FLAGS", "(\\Seen)")  # "mark all read" in webmail
    client.logout()
    await runner.sync_once()
    assert_store_equals_server(dovecot, store)
    assert store.query_one("SELECT count(*) FROM messages WHERE unread = 1")[0] == 0
