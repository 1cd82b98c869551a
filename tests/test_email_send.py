"""Sending through the durable outbox against real servers: SMTP (STARTTLS+AUTH, DSN) into
Dovecot, the copy in Sent, servers down, refusals, and a sender killed (SIGKILL) between
the SMTP acceptance and the copy."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from email_helpers import LUCA, MARIA, config_for, imap_client, mail, password_of, runner_for
from inbox_tui.core.mime import parse_message
from inbox_tui.core.models import DeliveryState
from inbox_tui.services.compose_send import queue_email
from inbox_tui.services.outbox_sender import CONFIG_RETRY, OutboxSender
from inbox_tui.store import Store
from servers.dovecot import DovecotServer
from servers.smtp import SmtpServer

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def _reply_setup(store: Store, dovecot: DovecotServer, smtp: SmtpServer, extra: str = ""):
    config = config_for(dovecot, smtp, extra=extra)
    dovecot.deliver(MARIA, mail(1, subject="Contratto", body="Mi manda la bozza?"))
    return config


async def _synced_original(store: Store, config):
    runner = runner_for(store, config)
    await runner.sync_once()
    first = store.mail.by_message_id("studio", "<m1@client.test>")
    await runner.fetch_body(first)  # as the reading pane does when the message is shown
    return runner, store.messages.get(first)


def _count(dovecot: DovecotServer, user: str, folder: str, needle: str) -> int:
    client = imap_client(dovecot, user)
    client.select(folder)
    _, data = client.search(None, "HEADER", "Message-ID", needle)
    client.logout()
    return len(data[0].split())


async def test_reply_is_sent_filed_and_threaded(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    config = _reply_setup(store, dovecot, smtp_server)
    runner, original = await _synced_original(store, config)
    contact = store.contacts.get(original.contact_id)
    mid, item_id = queue_email(
        store, config, contact=contact, original=original, subject="Re: Contratto",
        body="Gentile Luca,\nle invio la bozza entro domani.", now=NOW,
    )  # fmt: skip
    sender = OutboxSender(store, config, {"studio": runner}, password_of, clock=NOW.timestamp)
    assert await sender.run_once() == 1
    item = store.outbox.get(item_id)
    assert item.state == "sent", item.last_error
    assert store.messages.get(mid).state is DeliveryState.SENT
    (received,) = smtp_server.received
    assert received.rcpt_tos == [LUCA] and received.auth_user == MARIA
    assert received.rcpt_options == [["NOTIFY=SUCCESS,FAILURE"]]  # DSN requested
    assert b"In-Reply-To: <m1@client.test>" in received.data
    sent_text = parse_message(received.data).text
    assert "le invio la bozza" in sent_text and "> Mi manda la bozza?" in sent_text
    assert "Luca Bianchi ha scritto:" in sent_text  # quoted, attributed in Italian
    msgid = store.messages.get(mid).message_id
    assert _count(dovecot, LUCA, "INBOX", msgid) == 1
    assert _count(dovecot, MARIA, "Sent", msgid) == 1
    # The next sync finds the copy in Sent and attaches it to our row: no duplicate.
    await runner.sync_once()
    assert store.query_one("SELECT count(*) FROM messages WHERE message_id = ?", (msgid,))[0] == 1
    assert store.messages.get(mid).folder == "Sent"
    assert await sender.run_once() == 0  # nothing sent twice


async def test_smtp_down_stays_queued_then_goes(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    config = _reply_setup(store, dovecot, smtp_server)
    runner, original = await _synced_original(store, config)
    smtp_server.stop()
    mid, item_id = queue_email(
        store, config, contact=None, original=original, subject="Re: x", body="ok", now=NOW
    )
    clock = [NOW.timestamp()]
    sender = OutboxSender(store, config, {"studio": runner}, password_of, clock=lambda: clock[0])
    await sender.run_once()
    item = store.outbox.get(item_id)
    assert item.state == "queued" and "refused" in (item.last_error or "")
    assert item.next_attempt_ts > clock[0]
    assert store.messages.get(mid).state is DeliveryState.QUEUED
    smtp_server.start()
    clock[0] = item.next_attempt_ts
    await sender.run_once()
    assert store.outbox.get(item_id).state == "sent"
    assert len(smtp_server.received) == 1


async def test_bad_password_and_refused_recipient(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    config = _reply_setup(store, dovecot, smtp_server)
    runner, original = await _synced_original(store, config)
    _, item_id = queue_email(
        store, config, contact=None, original=original, subject="Re: x", body="ok", now=NOW
    )
    bad = OutboxSender(store, config, {"studio": runner}, lambda a: "wrong", clock=NOW.timestamp)
    await bad.run_once()
    item = store.outbox.get(item_id)
    assert "login refused" in item.last_error
    assert item.next_attempt_ts == int(NOW.timestamp()) + CONFIG_RETRY  # no retry storm
    store.outbox.cancel(item_id)
    store.leases.release("sender", bad.owner)  # one sender per store: hand over

    stranger = store.messages.get(original.id)
    stranger.sender = "nobody@client.test"  # not a mailbox on the server: 550 at RCPT
    _, item2 = queue_email(
        store, config, contact=None, original=stranger, subject="Re: x", body="ok", now=NOW
    )
    good = OutboxSender(store, config, {"studio": runner}, password_of, clock=NOW.timestamp)
    await good.run_once()
    failed = store.outbox.get(item2)
    assert failed.state == "failed" and "550" in failed.last_error


SENDER_SCRIPT = """
import asyncio, sys
from inbox_tui.config_file import load_config
from inbox_tui.services.mail_service import MailService
from inbox_tui.store import Store
store = Store(sys.argv[1])
service = MailService(store, load_config(__import__('pathlib').Path(sys.argv[2])))
print(asyncio.run(service.sender.run_once()))
"""


async def test_sigkill_between_smtp_and_copy_sends_once(
    dovecot: DovecotServer, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    extra_account = 'password_command = "echo maria-pw"'
    config = config_for(dovecot, smtp_server)
    config_file = tmp_path / "config.toml"
    config_file.write_text(_config_text(dovecot, smtp_server, extra_account))
    store_path = tmp_path / "store.sqlite3"
    store = Store(store_path)
    dovecot.deliver(MARIA, mail(1, subject="Contratto"))
    runner, original = await _synced_original(store, config)
    mid, item_id = queue_email(
        store, config, contact=None, original=original, subject="Re: Contratto", body="Sì.",
        now=NOW,
    )  # fmt: skip
    env = dict(os.environ, INBOX_TUI_FAULT="after-smtp")
    crashed = subprocess.run(
        [sys.executable, "-c", SENDER_SCRIPT, str(store_path), str(config_file)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert crashed.returncode == -9, crashed.stderr  # killed right after the server's 250
    assert store.outbox.get(item_id).state == "accepted"
    msgid = store.messages.get(mid).message_id
    assert _count(dovecot, LUCA, "INBOX", msgid) == 1
    assert _count(dovecot, MARIA, "Sent", msgid) == 0
    done = subprocess.run(
        [sys.executable, "-c", SENDER_SCRIPT, str(store_path), str(config_file)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert store.outbox.get(item_id).state == "sent"
    assert _count(dovecot, LUCA, "INBOX", msgid) == 1  # not sent twice
    assert _count(dovecot, MARIA, "Sent", msgid) == 1
    assert len(smtp_server.received) == 1
    store.close()


async def test_interrupted_send_found_in_sent_is_not_resent(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    config = _reply_setup(store, dovecot, smtp_server)
    runner, original = await _synced_original(store, config)
    _, item_id = queue_email(
        store, config, contact=None, original=original, subject="Re: x", body="ok", now=NOW
    )
    item = store.outbox.get(item_id)
    store.outbox.mark_sending(item_id)  # a crash left it here; another client filed it
    client = imap_client(dovecot)
    client.append("Sent", "(\\Seen)", None, item.payload)
    client.logout()
    sender = OutboxSender(store, config, {"studio": runner}, password_of, clock=NOW.timestamp)
    await sender.run_once()
    assert store.outbox.get(item_id).state == "sent"
    assert smtp_server.received == []


def _config_text(dovecot: DovecotServer, smtp: SmtpServer, extra: str) -> str:
    return f"""
[profile]
name = "Avv. Maria Rossi"
timezone = "Europe/Rome"
[[accounts]]
name = "studio"
kind = "email"
address = "{MARIA}"
username = "{MARIA}"
imap = {{ host = "127.0.0.1", port = {dovecot.imaps_port} }}
smtp = {{ host = "127.0.0.1", port = {smtp.starttls_port}, security = "starttls" }}
cafile = "{dovecot.cafile}"
{extra}
"""
