"""The log file: rotating, 0600, no secrets and no message bodies at the default level, and
with `--debug` protocol traces (IMAP, SMTP, Kannel HTTP, webhooks) that still hold neither.

Sync, send and SMS run against the real Dovecot, SMTP and Kannel fixtures; the password
has a space and a quote so IMAP quoting is part of what is checked."""

from __future__ import annotations

import base64
import logging
import os
import ssl
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
from sms_helpers import kannel_setup, until

from email_helpers import LUCA, MARIA, config_for, mail
from inbox_tui.channels.trace import TracingSMTP
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Contact, DeliveryState
from inbox_tui.core.redact import describe_body, imap_line, redact, redact_headers, redact_url
from inbox_tui.logging_setup import QUIET, configure_logging, log_file_name
from inbox_tui.services.compose_send import queue_email, queue_sms
from inbox_tui.services.email_account import EmailAccountRunner
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.store import Store
from servers import free_port
from servers.dovecot import DovecotMissing, DovecotServer
from servers.smtp import SmtpServer
from test_email_send import _config_text

EXE = str(Path(sys.executable).with_name("inbox-tui"))
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
PASSWORD = 'Zq9 p@ss"w0rd!'
INBOUND_BODY = "Riservato ZEBRA-4417: il codice del fascicolo e' 88123."
SENT_BODY = "Risposta riservata KOALA-9921, con i dettagli del conto."
SMS_BODY = "Codice accesso TAPIR-5530 per domani"
MO_BODY = "Risposta dal cliente OKAPI-7781 grazie"
OUR_NUMBER, HANDSET = "+390212345678", "+393331234567"


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging changes the process's root logger: put it back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    names = ("inbox_tui", "inbox_tui.trace", *QUIET)
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


@pytest.fixture
def secret_mail() -> Iterator[tuple[DovecotServer, SmtpServer]]:
    """The usual Dovecot + SMTP fixtures, with Maria's password set to PASSWORD."""
    try:
        dovecot = DovecotServer(users={MARIA: PASSWORD, LUCA: "luca-pw"})
    except DovecotMissing as err:
        pytest.fail(str(err), pytrace=False)  # fail, never skip
    smtp = SmtpServer(dovecot)
    try:
        dovecot.start()
        smtp.start()
        yield dovecot, smtp
    finally:
        smtp.stop()
        print(f"--- dovecot log ({dovecot.dir}) ---\n{dovecot.log_text()}")
        dovecot.cleanup()


def _log_text(directory: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = sorted(directory.glob("*.log*"))
    assert files, f"no log file in {directory}"
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _assert_private(text: str, *bodies: str) -> None:
    secrets = [
        PASSWORD,
        PASSWORD.replace('"', '\\"'),  # as IMAP quotes it
        _b64(PASSWORD),  # AUTH LOGIN's continuation
        _b64(f"\0{MARIA}\0{PASSWORD}"),  # AUTH PLAIN
        "inbox-pw",  # Kannel's sendsms password
        quote("inbox-pw"),
    ]
    for secret in secrets:
        assert secret not in text, f"secret {secret!r} in the log"
    for body in bodies:
        for form in (body, _b64(body), quote(body), quote(body).replace("%20", "+")):
            assert form not in text, f"message body {form!r} in the log"
        for word in body.split():
            if "-" in word and word[0].isupper():  # the marker, e.g. ZEBRA-4417
                assert word.rstrip(":,") not in text, f"body marker {word!r} in the log"


# --- the pure redaction -----------------------------------------------------------------

PLAIN_BLOB = _b64("\0u\0secret-pw")


@pytest.mark.parametrize(
    ("line", "hidden", "kept"),
    [
        ('A001 LOGIN "user" "p@ss word"', ["p@ss", "word"], ['LOGIN "user" ***']),
        ("a2 LOGIN maria@studio.test {8}", ["{8}"], ["LOGIN maria@studio.test ***"]),
        (f"AUTH PLAIN {PLAIN_BLOB}", [PLAIN_BLOB], ["AUTH PLAIN ***"]),
        ("AUTH LOGIN bWFyaWE=", ["bWFyaWE="], ["AUTH LOGIN ***"]),
        ("A3 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=", ["dGVzdAB0"], ["AUTHENTICATE PLAIN ***"]),
        ("Authorization: Basic dXNlcjpwYXNz", ["dXNlcjpwYXNz"], ["Authorization: Basic ***"]),
        ("{'Authorization': 'Bearer ab.cd-ef'}", ["ab.cd-ef"], ["Bearer ***"]),
        ("x-api-key: k-123", ["k-123"], ["x-api-key: ***"]),
        ("GET /sendsms?user=a&password=s3cr3t&to=1", ["s3cr3t"], ["password=***&to=1"]),
        ("GET /status.txt?password=adm1n", ["adm1n"], ["password=***"]),
        ("api_key=sk-live-42 and more", ["sk-live-42"], ["api_key=*** and more"]),
        ('{"api_key": "sk 42", "auth_token":"t0k"}', ["sk 42", "t0k"], ['"api_key": ***']),
        ("smsc-password = fail-pw", ["fail-pw"], ["smsc-password = ***"]),
        ("https://bob:hunter2@gw.example/x", ["hunter2"], ["https://bob:***@gw.example/x"]),
        ("no route '/hook/sms/Tk-9aZ/kannel'", ["Tk-9aZ"], ["/hook/sms/***/kannel"]),
        ("dlr-url=http%3A%2F%2Fh%2Fhook%2Fsms%2FTk9aZ%2Fx", ["Tk9aZ"], ["%2Fhook%2Fsms%2F***"]),
        ("GET /sendsms?to=1&text=Ciao%20Luca&x=2", ["Ciao"], ["text=<9 bytes>&x=2"]),
    ],
)
def test_redact_crafted_lines(line: str, hidden: list[str], kept: list[str]) -> None:
    out = redact(line)
    for secret in hidden:
        assert secret not in out, out
    for text in kept:
        assert text in out, out
    assert redact(out) == out  # the filter may see a line twice


@pytest.mark.parametrize(
    "line",
    [
        "250-AUTH PLAIN LOGIN CRAM-MD5",  # a capability list, not credentials
        "* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN",
        "A5 OK [CAPABILITY IMAP4rev1 LOGIN-REFERRALS] Logged in",
        "SMTP C: MAIL FROM:<maria@studio.test> RET=HDRS",
        "* 1 FETCH (UID 7 FLAGS (\\Seen) RFC822.SIZE 1234)",
    ],
)
def test_redact_leaves_ordinary_lines_alone(line: str) -> None:
    assert redact(line) == line


def test_trace_helpers_show_bodies_by_size() -> None:
    url = "http://k/cgi-bin/sendsms?username=inbox&password=pw%20x&text=Ciao+mondo&coding=2"
    assert redact_url(url) == (
        "http://k/cgi-bin/sendsms?username=inbox&password=***&text=<10 bytes>&coding=2"
    )
    assert imap_line(bytearray(b"Subject: hi\r\n\r\nbody")) == "<literal 19 bytes>"
    assert imap_line(b'* 2 FETCH (UID 9 BODY[TEXT] "ciao a te")') == (
        "* 2 FETCH (UID 9 BODY[TEXT] <9 bytes>)"
    )
    form = b"To=%2B39&Body=Ciao+Luca&StatusCallback=http%3A%2F%2Fh%2Fhook%2Fa%2Ftok%2Fx"
    shown = describe_body(form, "application/x-www-form-urlencoded; charset=utf-8")
    assert "Ciao" not in shown and "Body=<9 bytes>" in shown and "tok" not in shown
    payload = b'{"textMessage": {"text": "ciao"}, "phoneNumbers": ["+39"], "password": "p"}'
    shown = describe_body(payload, "application/json")
    assert '"text": "<4 bytes>"' in shown and '"p"' not in shown and "+39" in shown
    assert describe_body(b"\x00\x01binary", "application/octet-stream") == "<8 bytes>"
    headers = {"Authorization": "Basic dXNlcjpwdw==", "X-Twilio-Signature": "abc="}
    assert redact_headers(headers) == "Authorization: Basic ***; X-Twilio-Signature: ***"


# --- the file: filter, rotation, permissions --------------------------------------------


def test_filter_redacts_args_tracebacks_and_control_characters(
    tmp_path: Path, restore_logging: None
) -> None:
    configure_logging(False, tmp_path / "logs")
    log = logging.getLogger("inbox_tui.some.module")
    log.warning("login with %s", "password=hunter2")
    try:
        raise RuntimeError("gateway said Authorization: Bearer tok-abc-123")
    except RuntimeError:
        log.exception("send failed for \x1b]52;c;Zm9v\x07 subject\nforged line")
    logging.getLogger("aioimaplib.aioimaplib").info("Received : b'* 1 FETCH body text'")
    logging.getLogger("inbox_tui.trace").debug("IMAP C: A1 SELECT INBOX")
    text = _log_text(tmp_path / "logs")
    assert "hunter2" not in text and "tok-abc-123" not in text
    assert "password=***" in text and "Bearer ***" in text
    assert "\x1b" not in text and "\\x1b]52;c;Zm9v\\x07 subject\\nforged line" in text
    assert "RuntimeError" in text  # the traceback is kept, redacted
    assert "body text" not in text  # third-party INFO stays out
    assert "IMAP C:" not in text  # no traces at the default level
    assert "started" in text


def test_rotation_and_permissions(tmp_path: Path, restore_logging: None) -> None:
    directory = tmp_path / "logs"
    path = configure_logging(False, directory, max_bytes=4000, backups=3)
    log = logging.getLogger("inbox_tui.rotation")
    for i in range(400):
        log.info("line %04d %s", i, "x" * 60)
    for handler in logging.getLogger().handlers:
        handler.flush()
    names = sorted(p.name for p in directory.iterdir())
    assert names == ["inbox-tui.log", "inbox-tui.log.1", "inbox-tui.log.2", "inbox-tui.log.3"]
    for file in directory.iterdir():
        assert file.stat().st_size <= 4000
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert "line 0399" in path.read_text()  # the newest in the current file
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_each_process_that_runs_beside_the_tui_rotates_its_own_file() -> None:
    names = {cmd: log_file_name(cmd) for cmd in (None, "setup", "daemon", "sync", "dnd")}
    assert names == {
        None: "inbox-tui.log",
        "setup": "inbox-tui.log",
        "daemon": "daemon.log",
        "sync": "sync.log",
        "dnd": "commands.log",
    }
    assert log_file_name("contacts") == log_file_name("suggest") == "commands.log"


def test_env_override_and_unwritable_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    monkeypatch.setenv("INBOX_TUI_LOG_DIR", str(tmp_path / "elsewhere"))
    assert configure_logging(False) == tmp_path / "elsewhere" / "inbox-tui.log"
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(OSError):
        configure_logging(False, blocker / "logs")


# --- against the real servers -----------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True], ids=["default", "debug"])
async def test_sync_and_send_keep_password_and_bodies_out(
    debug: bool,
    secret_mail: tuple[DovecotServer, SmtpServer],
    store: Store,
    tmp_path: Path,
    restore_logging: None,
) -> None:
    dovecot, smtp = secret_mail
    configure_logging(debug, tmp_path / "logs")
    config = config_for(dovecot, smtp)
    dovecot.deliver(MARIA, mail(1, subject="Fascicolo", body=INBOUND_BODY))
    runner = EmailAccountRunner(store, config.accounts[0], lambda: PASSWORD)
    await runner.sync_once()
    first = store.mail.by_message_id("studio", "<m1@client.test>")
    assert await runner.fetch_body(first)
    original = store.messages.get(first)
    assert INBOUND_BODY in original.body  # the body did cross the wire
    _, item_id = queue_email(
        store, config, contact=store.contacts.get(original.contact_id), original=original,
        subject="Re: Fascicolo", body=SENT_BODY, now=NOW,
    )  # fmt: skip
    sender = OutboxSender(
        store, config, {"studio": runner}, lambda a: PASSWORD, clock=NOW.timestamp
    )
    assert await sender.run_once() == 1
    assert store.outbox.get(item_id).state == "sent", store.outbox.get(item_id).last_error
    assert SENT_BODY.encode() in smtp.received[0].data  # … and so did this one
    await runner.close()

    text = _log_text(tmp_path / "logs")
    _assert_private(text, INBOUND_BODY, SENT_BODY)
    if not debug:
        assert "IMAP" not in text and "SMTP" not in text and "started" in text
        return
    # The traces are there: commands, responses, literals by size, the SMTP dialogue.
    assert f"LOGIN {MARIA} ***" in text
    assert " UID FETCH " in text and "BODY.PEEK[HEADER.FIELDS" in text
    assert "IMAP S: " in text and "<literal " in text
    assert 'APPEND "Sent"' in text  # the copy in Sent, its content by size only
    assert f"SMTP C: MAIL FROM:<{MARIA}>" in text and f"SMTP C: RCPT TO:<{LUCA}>" in text
    assert "SMTP C: STARTTLS" in text and "SMTP S: 250" in text
    assert "SMTP C: AUTH PLAIN ***" in text or "SMTP C: AUTH LOGIN ***" in text
    assert "SMTP C: (the message, <" in text and "outbox item" in text
    assert "sync studio:" in text


async def test_smtp_auth_login_continuation_is_masked(
    secret_mail: tuple[DovecotServer, SmtpServer], tmp_path: Path, restore_logging: None
) -> None:
    """AUTH LOGIN sends the password alone on a line, as base64: only the dialogue's state
    tells it from a command, so the tracing client masks what follows a 334."""
    dovecot, smtp = secret_mail
    configure_logging(True, tmp_path / "logs")
    client = TracingSMTP(
        hostname=smtp.host,
        port=smtp.starttls_port,
        start_tls=True,
        tls_context=ssl.create_default_context(cafile=str(dovecot.cafile)),
        timeout=10,
    )
    await client.connect()
    await client.ehlo()  # after STARTTLS; login() would do it, auth_login() does not
    response = await client.auth_login(MARIA, PASSWORD)
    assert response.code == 235  # the real server took the password
    await client.quit()
    text = _log_text(tmp_path / "logs")
    _assert_private(text)
    assert "SMTP C: AUTH LOGIN ***" in text
    lines = [line.split(": ", 1)[1] for line in text.splitlines() if "SMTP " in line]
    at = lines.index("SMTP C: AUTH LOGIN ***")
    # The server asks for the password (334), the line that answers it is masked.
    assert lines[at + 1].startswith("SMTP S: 334 ")
    assert lines[at + 2 : at + 4] == ["SMTP C: ***", "SMTP S: 235 2.7.0 Authentication successful"]


async def test_kannel_send_and_webhooks_keep_password_token_and_texts_out(
    store: Store, kannel_factory, tmp_path: Path, restore_logging: None
) -> None:
    configure_logging(True, tmp_path / "logs")
    config, service, kannel, sender = kannel_setup(store, kannel_factory, free_port())
    token = service.server.tokens["sms"]
    await service.start()
    try:
        who = store.contacts.upsert(
            Contact(None, "Luca", [email_address("luca@x.it"), phone_address(HANDSET)])
        )
        mid, _ = queue_sms(
            store, config, contact=store.contacts.get(who), original=None, text=SMS_BODY, now=NOW
        )
        assert await sender.run_once() == 1
        assert [m.text for m in kannel.smsc.wait_mt(1)] == [SMS_BODY]
        await until(lambda: store.messages.get(mid).state is DeliveryState.DELIVERED)
        kannel.send_mo(HANDSET, OUR_NUMBER, MO_BODY)
        await until(lambda: any(m.body == MO_BODY for m in store.messages.conversation(who, None)))
    finally:
        await service.stop()
    text = _log_text(tmp_path / "logs")
    _assert_private(text, SMS_BODY, MO_BODY)
    assert token not in text and quote(token, safe="") not in text
    # The sendsms request, password masked and text by size; the reports and the inbound
    # text arriving at the receiver, token masked.
    assert "HTTP C: GET http://127.0.0.1:" in text and "/cgi-bin/sendsms?" in text
    assert "password=***" in text and f"text=<{len(SMS_BODY)} bytes>" in text
    assert "HTTP S: 202" in text
    assert "HTTP webhook in: GET http://127.0.0.1:" in text and "/hook/sms/***/kannel/dlr" in text
    assert "/hook/sms/***/kannel/inbound" in text and f"text=<{len(MO_BODY)} bytes>" in text
    assert "HTTP webhook out: 200" in text


# --- the command line -------------------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True], ids=["default", "debug"])
def test_cli_sync_writes_the_log(
    debug: bool, secret_mail: tuple[DovecotServer, SmtpServer], tmp_path: Path
) -> None:
    dovecot, smtp = secret_mail
    dovecot.deliver(MARIA, mail(1, body=INBOUND_BODY))
    secret_file = tmp_path / "pw"
    secret_file.write_text(PASSWORD)
    config = tmp_path / "config.toml"
    config.write_text(_config_text(dovecot, smtp, f'password_command = "cat {secret_file}"'))
    logs = tmp_path / "logs"
    argv = [EXE, *(["--debug"] if debug else []), "--config", str(config)]
    argv += ["--store", str(tmp_path / "s.sqlite3"), "sync", "--once"]
    env = {**os.environ, "INBOX_TUI_LOG_DIR": str(logs)}
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert "studio: 1 new" in out.stdout
    text = (logs / "sync.log").read_text()  # its own file: cron runs it beside the TUI
    assert "started" in text
    assert stat.S_IMODE((logs / "sync.log").stat().st_mode) == 0o600
    _assert_private(text + out.stderr, INBOUND_BODY)
    if debug:
        assert f"debug log: {logs / 'sync.log'}" in out.stderr
        assert f"LOGIN {MARIA} ***" in text and " UID FETCH " in text and "<literal " in text
    else:
        assert "IMAP" not in text
