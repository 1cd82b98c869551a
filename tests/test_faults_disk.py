"""Faults against the real servers, store side: the disk fills up (a size-limited tmpfs,
filled to the last page) during a sync and between the SMTP server's 250 and our record
of it; the store's files turn read-only while the app runs (`chattr +i`, which stops
root too); the store sits on a read-only mount at start. Each time: a clear StoreError
(not an sqlite3 traceback), PRAGMA integrity_check = ok, nothing lost from the outbox,
and once the disk takes writes again everything converges, each message sent once."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from test_faults_sync import assert_store_equals_server

from email_helpers import LUCA, MARIA, config_for, imap_client, mail, password_of, runner_for
from inbox_tui.services.compose_send import queue_email
from inbox_tui.services.outbox_reconcile import INTERRUPTED_GRACE
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.store import Store, StoreError
from servers.dovecot import DovecotServer
from servers.smtp import SmtpServer

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
DISK = "4m"


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs: ENOSPC for real, as on a full laptop disk. Needs root (CI runs so)."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={DISK},mode=0700", "tmpfs", str(where))
    if mounted.returncode:  # fail, never skip: the fault would go untested
        pytest.fail(f"cannot mount a small tmpfs (needs root): {mounted.stderr}", pytrace=False)
    try:
        yield where
    finally:
        if _run("umount", str(where)).returncode:
            _run("umount", "-l", str(where))  # a failed test left the store open


def fill(disk: Path) -> Path:
    """Write zeros until the disk says ENOSPC; returns the file to delete to free it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in (1 << 20, 1 << 12, 1 << 9):
            try:
                while True:
                    out.write(bytes(chunk))
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    return filler


def _queue(store: Store, config, count: int) -> dict[int, str]:
    """Replies to Luca's first message; {outbox item: Message-ID}."""
    original = store.messages.get(store.mail.by_message_id("studio", "<m1@client.test>"))
    queued = {}
    for k in range(count):
        mid, item = queue_email(
            store, config, contact=None, original=original, subject=f"Re: Pratica {k}",
            body=f"Risposta {k}.", now=NOW,
        )  # fmt: skip
        queued[item] = store.messages.get(mid).message_id
    return queued


def _arrived(dovecot: DovecotServer, msgids: list[str]) -> list[int]:
    client = imap_client(dovecot, LUCA)
    client.select("INBOX", readonly=True)
    counts = []
    for msgid in msgids:
        _, data = client.search(None, "HEADER", "Message-ID", msgid)
        counts.append(len(data[0].split()))
    client.logout()
    return counts


def _write_sync_config(path: Path, dovecot: DovecotServer) -> None:
    """For the CLI runs: the mailbox to sync, no SMTP needed (port 1)."""
    path.write_text(f"""
[[accounts]]
name = "studio"
kind = "email"
address = "{MARIA}"
username = "{MARIA}"
password_command = "echo maria-pw"
imap = {{ host = "127.0.0.1", port = {dovecot.imaps_port} }}
smtp = {{ host = "127.0.0.1", port = 1, security = "starttls" }}
cafile = "{dovecot.cafile}"
""")


class Clock:
    def __init__(self) -> None:
        self.now = NOW.timestamp()

    def __call__(self) -> float:
        return self.now


async def test_disk_full_during_a_sync_and_a_send(
    dovecot: DovecotServer, smtp_server: SmtpServer, small_disk: Path
) -> None:
    store = Store(small_disk / "store.sqlite3")
    config = config_for(dovecot, smtp_server)
    dovecot.seed_maildir(MARIA, [mail(n) for n in range(1, 51)], flags=())
    runner = runner_for(store, config)
    await runner.sync_once()
    queued = _queue(store, config, 5)
    payloads = {item: store.outbox.get(item).payload for item in queued}

    # The disk fills up while the app is closed; a big sync finds it full.
    filler = fill(small_disk)
    dovecot.seed_maildir(MARIA, [mail(n) for n in range(51, 1551)], flags=())
    with pytest.raises(StoreError, match="disk is full") as sync_error:
        await runner.sync_once()
    assert str(store.path) in str(sync_error.value)
    assert store.integrity_ok()
    clock = Clock()
    sender = OutboxSender(store, config, {"studio": runner}, password_of, clock=clock)
    with pytest.raises(StoreError, match="disk is full"):
        await sender.run_once()
    assert smtp_server.received == []  # nothing leaves that the store could not record
    items = [store.outbox.get(item) for item in queued]
    assert [(i.state, i.payload) for i in items] == [("queued", payloads[i.id]) for i in items]

    filler.unlink()
    await runner.sync_once()
    assert_store_equals_server(dovecot, store)
    # Full again, this time right after the SMTP server took the first reply: the 250
    # cannot be recorded, the reply stays `sending`, and must not go out a second time.
    accept = smtp_server._accept
    fillers: list[Path] = []

    def accept_then_fill(*args):  # runs in the SMTP server's thread
        reply = accept(*args)
        if not fillers:
            fillers.append(fill(small_disk))
        return reply

    smtp_server._accept = accept_then_fill  # type: ignore[method-assign]
    with pytest.raises(StoreError, match="disk is full"):
        await sender.run_once()
    assert store.integrity_ok() and len(smtp_server.received) == 1
    assert sorted(i.state for i in map(store.outbox.get, queued)) == ["queued"] * 4 + ["sending"]
    fillers[0].unlink()
    clock.now += INTERRUPTED_GRACE + 1  # the interrupted one is looked for, then
    assert await sender.run_once() == 5
    assert [store.outbox.get(item).state for item in queued] == ["sent"] * 5
    assert _arrived(dovecot, list(queued.values())) == [1] * 5
    assert len(smtp_server.received) == 5
    await runner.sync_once()
    assert_store_equals_server(dovecot, store)
    store.close()


async def test_store_turns_read_only_while_running(
    dovecot: DovecotServer, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    """As after the disk is remounted read-only: every write refused (EPERM), root too.
    (A read-only remount is refused while the store's files are open for writing.)"""
    store = Store(tmp_path / "store.sqlite3")
    config = config_for(dovecot, smtp_server)
    dovecot.seed_maildir(MARIA, [mail(n) for n in range(1, 51)], flags=())
    runner = runner_for(store, config)
    await runner.sync_once()
    queued = _queue(store, config, 3)
    files = [str(store.path), f"{store.path}-wal"]  # not -shm: it is mapped in memory
    frozen = _run("chattr", "+i", *files)
    assert frozen.returncode == 0, f"chattr +i is needed for this test: {frozen.stderr}"
    try:
        dovecot.seed_maildir(MARIA, [mail(n) for n in range(51, 301)], flags=())
        with pytest.raises(StoreError, match="refused the write"):
            await runner.sync_once()
        sender = OutboxSender(store, config, {"studio": runner}, password_of, clock=Clock())
        with pytest.raises(StoreError, match="refused the write"):
            await sender.run_once()
        assert smtp_server.received == []
    finally:
        _run("chattr", "-i", *files)
    assert store.integrity_ok()
    assert [store.outbox.get(item).state for item in queued] == ["queued"] * 3
    assert await sender.run_once() == 3
    assert _arrived(dovecot, list(queued.values())) == [1] * 3
    await runner.sync_once()
    assert_store_equals_server(dovecot, store)
    store.close()


def test_read_only_store_at_start_is_a_clear_error(
    dovecot: DovecotServer, small_disk: Path, tmp_path: Path
) -> None:
    store_path = small_disk / "store.sqlite3"
    Store(store_path).close()
    config_file = tmp_path / "config.toml"
    _write_sync_config(config_file, dovecot)
    remounted = _run("mount", "-o", "remount,ro", str(small_disk))
    assert remounted.returncode == 0, remounted.stderr
    base = [sys.executable, "-m", "inbox_tui", "--config", str(config_file)]
    for command in (["sync", "--once"], ["daemon"]):
        done = subprocess.run(
            [*base, "--store", str(store_path), *command],
            capture_output=True, text=True, timeout=60, env=dict(os.environ),
        )  # fmt: skip
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        assert "cannot open the store" in done.stderr and "read-only" in done.stderr
        assert "corrupt" not in done.stderr  # it is not: never advise moving it away
    _run("mount", "-o", "remount,rw", str(small_disk))
    store = Store(store_path)
    assert store.integrity_ok()
    store.close()


def test_sync_command_on_a_disk_that_fills_is_a_message_not_a_traceback(
    dovecot: DovecotServer, small_disk: Path, tmp_path: Path
) -> None:
    store_path = small_disk / "store.sqlite3"
    Store(store_path).close()
    dovecot.seed_maildir(MARIA, [mail(n) for n in range(1, 1001)], flags=())
    config_file = tmp_path / "config.toml"
    _write_sync_config(config_file, dovecot)
    filler = fill(small_disk)
    # Room to open the store and start, not to hold 1,000 messages: it fills mid-sync.
    os.truncate(filler, max(filler.stat().st_size - 192 * 1024, 0))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "inbox_tui", "--config", str(config_file),
             "--store", str(store_path), "sync", "--once"],
            capture_output=True, text=True, timeout=120, env=dict(os.environ),
        )  # fmt: skip
    finally:
        filler.unlink()
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert "inbox-tui:" in done.stderr and "disk is full" in done.stderr, done.stderr
    assert "cannot open" not in done.stderr  # it did start: the disk filled during the sync
    store = Store(store_path)
    assert store.integrity_ok()
    store.close()
