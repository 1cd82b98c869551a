"""Faults against the real servers, sending side: the outbox sender (`inbox-tui daemon`)
killed with SIGKILL at random points while it sends email through SMTP and SMS through
Kannel, restarted each time, until the outbox is empty; then every message arrived once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from email import message_from_bytes
from pathlib import Path

import pytest

from email_helpers import LUCA, MARIA, imap_client, studio_and_sms_toml
from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Contact
from inbox_tui.services.compose_send import queue_email, queue_sms
from inbox_tui.store import Store
from servers import free_port
from servers.dovecot import DovecotServer
from servers.kannel import KannelMissing, KannelServer
from servers.smtp import SmtpServer

LUCA_PHONE = "+393331234567"
EMAILS, TEXTS, KILLS = 25, 25, 20


def _daemon_config(dovecot: DovecotServer, smtp: SmtpServer, kannel: KannelServer) -> str:
    hook = free_port()
    return f"""
[profile]
name = "Avv. Maria Rossi"
timezone = "UTC"
{studio_and_sms_toml(dovecot, smtp, kannel, hook, password_commands=True)}"""


def _queue_all(
    store: Store, config, emails: int = EMAILS, texts_: int = TEXTS
) -> tuple[list[str], list[str]]:
    """Emails and texts to Luca, interleaved; (Message-IDs, texts)."""
    luca = store.contacts.get(
        store.contacts.upsert(
            Contact(None, "Luca Bianchi", [email_address(LUCA), phone_address(LUCA_PHONE)])
        )
    )
    now = datetime.now(timezone.utc)
    msgids, texts = [], []
    for n in range(max(emails, texts_)):
        if n < emails:
            mid, _ = queue_email(
                store, config, contact=luca, original=None, subject=f"Pratica {n}",
                body=f"Messaggio {n}.", now=now, delivery_report=True,
            )  # fmt: skip
            msgids.append(store.messages.get(mid).message_id)
        if n < texts_:
            texts.append(f"fault-sms-{n}")
            queue_sms(store, config, contact=luca, original=None, text=texts[-1], now=now)
    return msgids, texts


def _progress(store: Store) -> int:
    """A number that grows with every step the sender commits."""
    return store.query_one("SELECT count(*) FROM delivery_events")[0]


def _spawn(
    config_file: Path, store_path: Path, log: Path, fault: str | None = None
) -> subprocess.Popen[bytes]:
    env = dict(os.environ, **({"INBOX_TUI_FAULT": fault} if fault else {}))
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "inbox_tui", "--config", str(config_file),
             "--store", str(store_path), "daemon"],
            stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env,
        )  # fmt: skip


def _drain(config_file: Path, store_path: Path, store: Store, log: Path) -> None:
    """Start the daemon, let it work until the outbox is empty, then stop it cleanly."""
    logged = log.stat().st_size if log.exists() else 0
    proc = _spawn(config_file, store_path, log)
    deadline = time.monotonic() + 90
    # Its first status line: the process is past interpreter start-up (a SIGTERM before
    # that is Python's default death, -15, whatever the daemon does).
    while log.stat().st_size == logged and time.monotonic() < deadline:
        time.sleep(0.05)
    while store.outbox.active() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0, log.read_text()[-3000:]


def _smtp_counts(smtp: SmtpServer) -> Counter[str]:
    return Counter(
        line.partition(b":")[2].strip().decode()
        for r in smtp.received
        for line in r.data.split(b"\r\n")
        if line.lower().startswith(b"message-id:")
    )


def _histories(store: Store, keys: list[str]) -> str:
    """What the store went through for these messages (a failure's diagnosis)."""
    rows = store.query(
        "SELECT m.id, m.body, m.message_id, e.id, e.ts, e.state, e.source, e.note"
        " FROM messages m JOIN delivery_events e ON e.message_id = m.id ORDER BY e.id"
    )
    return "\n".join(str(tuple(r)) for r in rows if r[1] in keys or r[2] in keys)


def _count_in(dovecot: DovecotServer, user: str, folder: str) -> Counter[str]:
    client = imap_client(dovecot, user)
    client.select(folder, readonly=True)
    _, data = client.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    client.logout()
    found: Counter[str] = Counter()
    for part in data:
        if isinstance(part, tuple):
            found[str(message_from_bytes(part[1])["Message-ID"]).strip()] += 1
    return found


@pytest.fixture
def patient_kannel() -> Iterator[KannelServer]:
    """Kannel calling a delivery-report URL again for 60 s while nobody answers it, so a
    report reaches a sender that was killed and restarted (the default is 0 retries)."""
    try:
        server = KannelServer(http_request_retry=60, http_queue_delay=1)
    except KannelMissing as err:
        pytest.fail(str(err), pytrace=False)  # fail, never skip
    try:
        server.start()
        yield server
    finally:
        print(f"--- kannel log ({server.dir}) ---\n{server.log_text()}")
        server.cleanup()


def test_sender_killed_20_times_sends_each_message_once(
    dovecot: DovecotServer, smtp_server: SmtpServer, patient_kannel: KannelServer, tmp_path: Path
) -> None:
    kannel = patient_kannel
    rng = random.Random(int(os.environ.get("INBOX_TUI_FAULT_SEED", "8")))
    config_file = tmp_path / "config.toml"
    config_file.write_text(_daemon_config(dovecot, smtp_server, kannel))
    config = parse_config_text(config_file.read_text(), str(config_file))
    store_path = tmp_path / "store.sqlite3"
    store = Store(store_path)
    msgids, texts = _queue_all(store, config)
    log = tmp_path / "daemon.log"
    started = time.monotonic()
    seen: set[tuple[int, int]] = set()  # (item, attempt) found interrupted
    window: Counter[str] = Counter()  # interrupted after the server took it, per kind
    interrupted = 0
    for _ in range(KILLS):
        before = _progress(store)
        proc = _spawn(config_file, store_path, log)
        deadline = time.monotonic() + 3
        while _progress(store) == before and time.monotonic() < deadline:
            time.sleep(0.005)  # until it is at work: then a random point in its work
        time.sleep(rng.uniform(0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
        time.sleep(0.05)  # what the servers took before the kill is in by now
        fresh = [
            i for i in store.outbox.active()
            if i.state == "sending" and (i.id, i.attempts) not in seen
        ]  # fmt: skip
        seen.update((i.id, i.attempts) for i in fresh)
        interrupted += bool(fresh)
        emails, sms = _smtp_counts(smtp_server), Counter(m.text for m in kannel.received_mt)
        for i in fresh:  # the window: the server has it, our store does not know it yet
            if i.kind == "email" and emails[i.header_message_id]:
                window["email"] += 1
            elif i.kind == "sms" and sms[json.loads(i.payload)["text"]]:
                window["sms"] += 1
    killed_at = time.monotonic()
    _drain(config_file, store_path, store, log)
    print(
        f"\n{KILLS} kills in {killed_at - started:.1f} s: {interrupted} interrupted a send, "
        f"{window['email']} email(s) and {window['sms']} text(s) after the server took "
        f"them; outbox drained {time.monotonic() - killed_at:.1f} s after the last kill"
    )
    states = Counter(r[0] for r in store.query("SELECT state FROM outbox"))
    assert states == {"sent": EMAILS + TEXTS}, log.read_text()[-3000:]
    # Exactly once: at the SMTP server, in Luca's INBOX, in Maria's Sent, at the SMSC.
    smtp, inbox = _smtp_counts(smtp_server), _count_in(dovecot, LUCA, "INBOX")
    sent = _count_in(dovecot, MARIA, "Sent")
    sms = Counter(m.text for m in kannel.received_mt)
    for where, counts, wanted in (
        ("smtp", smtp, msgids), ("inbox", inbox, msgids), ("sent", sent, msgids),
        ("smsc", sms, texts),
    ):  # fmt: skip
        twice = [k for k in wanted if counts[k] != 1]
        assert not twice, f"{where}: {twice}\n" + _histories(store, twice)
    assert sum(smtp.values()) == EMAILS and len(kannel.received_mt) == TEXTS
    assert "Traceback" not in log.read_text()  # 21 runs, none crashed by itself
    store.close()


def test_killed_after_the_server_took_it_is_not_sent_again(
    dovecot: DovecotServer, smtp_server: SmtpServer, patient_kannel: KannelServer, tmp_path: Path
) -> None:
    """The window no client closes alone, hit on purpose: the SMTP server's 250 or
    Kannel's "Accepted" came in, the sender died before recording it. The restarted one
    finds the trace (the DSN in INBOX, Kannel's delivery report with our id) and does
    not send again."""
    kannel = patient_kannel
    config_file = tmp_path / "config.toml"
    config_file.write_text(_daemon_config(dovecot, smtp_server, kannel))
    config = parse_config_text(config_file.read_text(), str(config_file))
    store_path, log = tmp_path / "store.sqlite3", tmp_path / "daemon.log"
    store = Store(store_path)
    msgids, texts = _queue_all(store, config, emails=1, texts_=1)
    for _ in range(2):  # the email first, then (the email waiting its grace) the text
        proc = _spawn(config_file, store_path, log, fault="before-record")
        assert proc.wait(60) == -signal.SIGKILL, log.read_text()[-3000:]
    assert [i.state for i in store.outbox.active()] == ["sending", "sending"]
    assert len(smtp_server.received) == 1 and len(kannel.smsc.wait_mt(1)) == 1
    _drain(config_file, store_path, store, log)
    time.sleep(0.5)  # a text sent again would reach the SMSC in this time
    assert _smtp_counts(smtp_server) == {msgids[0]: 1}
    assert Counter(m.text for m in kannel.received_mt) == {texts[0]: 1}
    assert _count_in(dovecot, LUCA, "INBOX")[msgids[0]] == 1
    assert _count_in(dovecot, MARIA, "Sent")[msgids[0]] == 1  # the copy filed all the same
    # Recorded as found, not as sent anew (which trace depends on whether the daemon's
    # own sync matched the DSN before its sender looked).
    notes = [r[0] for r in store.query("SELECT server_response FROM outbox ORDER BY id")]
    assert all(n.endswith("after an interrupted send") for n in notes), notes
    store.close()
