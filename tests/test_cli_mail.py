"""`inbox-tui sync --once` and `inbox-tui daemon` as a user runs them, against Dovecot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from email_helpers import MARIA, mail
from inbox_tui.store import Store
from servers.dovecot import DovecotServer
from servers.smtp import SmtpServer
from test_email_send import _config_text

EXE = str(Path(sys.executable).with_name("inbox-tui"))


def _config(tmp_path: Path, dovecot: DovecotServer, smtp: SmtpServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(_config_text(dovecot, smtp, 'password_command = "echo maria-pw"'))
    return path


def test_sync_once(dovecot: DovecotServer, smtp_server: SmtpServer, tmp_path: Path) -> None:
    dovecot.seed_maildir(MARIA, [mail(i) for i in range(1, 151)], flags=())
    config, store_path = _config(tmp_path, dovecot, smtp_server), tmp_path / "s.sqlite3"
    out = subprocess.run(
        [EXE, "--config", str(config), "--store", str(store_path), "sync", "--once"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "studio: 150 new" in out.stdout
    assert "INBOX" in out.stderr and "150/150" in out.stderr  # the progress bar
    store = Store(store_path)
    assert store.messages.count() == 150
    store.close()


def test_sync_once_wrong_password(
    dovecot: DovecotServer, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    config = _config(tmp_path, dovecot, smtp_server)
    config.write_text(config.read_text().replace("echo maria-pw", "echo nope"))
    out = subprocess.run(
        [EXE, "--config", str(config), "--store", str(tmp_path / "s.sqlite3"), "sync", "--once"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 1 and "refused" in out.stderr and "nope" not in out.stderr


def test_daemon_syncs_and_stops_on_sigterm(
    dovecot: DovecotServer, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    config, store_path = _config(tmp_path, dovecot, smtp_server), tmp_path / "s.sqlite3"
    daemon = subprocess.Popen(
        [EXE, "--config", str(config), "--store", str(store_path), "daemon"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for line in daemon.stderr:
            if "studio: idle" in line:
                break
        dovecot.deliver(MARIA, mail(1, subject="Arrivato al daemon"))
        store = Store(store_path)
        deadline = time.monotonic() + 20
        while not store.messages.search("daemon") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.messages.search("daemon")
        # A second process on the same store does not sync too: the lease says who does.
        assert store.leases.holder("mail-service") is not None
        store.close()
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(20) == 0
    finally:
        if daemon.poll() is None:
            os.kill(daemon.pid, signal.SIGKILL)
            daemon.wait()


def test_webhooks_prints_the_callback_urls(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[webhooks]\nlisten = "127.0.0.1:8787"\npublic_url = "https://hooks.example"\n'
        '[[accounts]]\nname = "sms"\nkind = "sms"\ngateway = "kannel"\n'
        'number = "+390212345678"\nurl = "http://127.0.0.1:13013/cgi-bin/sendsms"\n'
        'username = "inbox"\npassword_command = "echo pw"\n'
    )
    store_path = tmp_path / "s.sqlite3"
    args = [EXE, "--config", str(config), "--store", str(store_path), "webhooks"]
    first = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "https://hooks.example/hook/sms/" in first.stdout
    assert "/kannel/inbound?from=%p" in first.stdout
    again = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert again.stdout == first.stdout  # the secret path token is kept in the store


async def test_tui_and_daemon_share_a_store_and_send_once(
    dovecot: DovecotServer, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    import asyncio
    from datetime import datetime, timezone

    from email_helpers import password_of
    from inbox_tui.config_file import load_config
    from inbox_tui.core.models import TimelineFilter
    from inbox_tui.services.compose_send import queue_email
    from inbox_tui.services.mail_service import MailService

    config_path, store_path = _config(tmp_path, dovecot, smtp_server), tmp_path / "s.sqlite3"
    dovecot.deliver(MARIA, mail(1, subject="Contratto"))
    daemon = subprocess.Popen(
        [EXE, "--config", str(config_path), "--store", str(store_path), "daemon"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for line in daemon.stderr:
            if "studio: idle" in line:
                break
        store = Store(store_path)
        tui = MailService(store, load_config(config_path), password=password_of)
        stop = asyncio.Event()
        task = asyncio.create_task(tui.run(stop))
        await asyncio.sleep(0.5)
        assert not tui.active  # the daemon holds the lease: the TUI only watches
        original = store.messages.page_after(TimelineFilter(), None, 1)[0]
        queue_email(
            store, tui.config, contact=None, original=store.messages.get(original.id),
            subject="Re: Contratto", body="Ricevuto.", now=datetime.now(timezone.utc),
        )  # fmt: skip
        for _ in range(200):
            if len(smtp_server.received) == 1 and not store.outbox.active():
                break
            await asyncio.sleep(0.05)
        assert len(smtp_server.received) == 1 and not store.outbox.active()
        await asyncio.sleep(1)
        assert len(smtp_server.received) == 1  # sent once, by one of the two
        stop.set()
        await asyncio.wait_for(task, 10)
        store.close()
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(20)
