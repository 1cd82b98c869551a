"""End to end against the real servers: Dovecot, the SMTP path (aiosmtpd → LMTP) and
Kannel, with the real `inbox-tui` in a real terminal (tmux), driven with send-keys.

One client writes an email and a text; the user sees both in one conversation, replies by
email from a reply draft and by SMS, switches do-not-disturb on and sees a reply held,
then quits and starts again: everything is still there. tmux, Dovecot and Kannel are
required: if one is missing the test fails, it does not skip.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import re
import smtplib
import ssl
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from e2e_helpers import (
    Terminal,
    app_env,
    app_exe,
    focus_timeline,
    listening,
    open_row,
    palette,
    reading_pane,
    run_cli,
    select_row,
    wait_until,
)

from email_helpers import LUCA, MARIA, PASSWORDS
from servers import free_port
from servers.dovecot import DovecotServer
from servers.kannel import KannelServer
from servers.smtp import SmtpServer

CLIENT_PHONE = "+393331234567"
OUR_NUMBER = "+390212345678"
SUBJECT = "Pratica condominio Via Verdi"
MAIL_BODY = (
    "Buongiorno avvocato, possiamo fissare un appuntamento la prossima settimana "
    "per la pratica del condominio? Grazie, Luca"
)
SMS_TEXT = "Le ho scritto una mail per la pratica del condominio"
# What the user types over the draft's «placeholders», in order.
FILLERS = ("giovedi 12 alle 10:00", "ci lascia il tempo di leggere i documenti", "a presto")
SMS_REPLY = "Ricevuto, la richiamo nel pomeriggio"
HELD_REPLY = "Confermo anche per iscritto, a presto"
BUDGET = 60.0  # seconds for the whole scenario on a 2-core machine


def _work_hours() -> str:
    """Work hours around the clock except one hour 12 hours from now (UTC), so the
    scenario is in working time whenever it runs, while manual DND still has a next
    work start to hold until (a calendar that never ends a slot has none)."""
    gap = (datetime.now(timezone.utc).hour + 12) % 24
    spans = [f"00:00-{gap:02d}:00"] if gap else []
    if gap < 23:
        spans.append(f"{gap + 1:02d}:00-24:00")
    day = "[" + ", ".join(f'"{span}"' for span in spans) + "]"
    days = "".join(f"{d} = {day}\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    return f"[work_hours]\n{days}holidays = []\n"


def _config(dovecot: DovecotServer, smtp: SmtpServer, kannel: KannelServer, hook: int) -> str:
    return f"""# written by tests/test_e2e_real.py
[profile]
name = "Avv. Maria Rossi"
language = "it"
timezone = "UTC"
region = "IT"
signature = "Avv. Maria Rossi"

{_work_hours()}
[webhooks]
listen = "127.0.0.1:{hook}"
public_url = "http://127.0.0.1:{hook}"

[[accounts]]
name = "studio"
kind = "email"
address = "{MARIA}"
display_name = "Avv. Maria Rossi"
username = "{MARIA}"
imap = {{ host = "127.0.0.1", port = {dovecot.imaps_port} }}
smtp = {{ host = "127.0.0.1", port = {smtp.starttls_port}, security = "starttls" }}
cafile = "{dovecot.cafile}"

[[accounts]]
name = "sms"
kind = "sms"
gateway = "kannel"
number = "{OUR_NUMBER}"
url = "{kannel.sendsms_url}"
username = "{kannel.username}"

[[contacts]]
name = "Luca Bianchi"
emails = ["{LUCA}"]
phones = ["+39 333 1234567"]
"""


def _client_mail(dovecot: DovecotServer, smtp: SmtpServer) -> None:
    """Luca writes from his own account, through the submission server (→ LMTP)."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = f"Luca Bianchi <{LUCA}>", MARIA, SUBJECT
    # A few minutes old: the text that follows is the newest row.
    msg["Date"] = format_datetime(datetime.now(timezone.utc) - timedelta(minutes=5))
    msg["Message-ID"] = "<condominio-1@client.test>"
    msg.set_content(MAIL_BODY)
    ctx = ssl.create_default_context(cafile=str(dovecot.cafile))
    with smtplib.SMTP(smtp.host, smtp.starttls_port, timeout=10) as client:
        client.starttls(context=ctx)
        client.login(LUCA, PASSWORDS[LUCA])
        client.send_message(msg)


def _luca_inbox(dovecot: DovecotServer) -> list[tuple[str, str]]:
    """(subject, text) of every message in Luca's INBOX, read over IMAP."""
    ctx = ssl.create_default_context(cafile=str(dovecot.cafile))
    with imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=ctx, timeout=10) as c:
        c.login(LUCA, PASSWORDS[LUCA])
        c.select("INBOX", readonly=True)
        _, data = c.uid("SEARCH", "ALL")
        found = []
        for uid in data[0].split():
            _, parts = c.uid("FETCH", uid, "(BODY.PEEK[])")
            parsed = email.message_from_bytes(parts[0][1], policy=email.policy.default)
            body = parsed.get_body(("plain",))
            found.append((str(parsed["Subject"]), body.get_content() if body else ""))
        return found


def _first_look(term: Terminal, kannel: KannelServer, hook: int) -> None:
    """1. The client's mail and text in the timeline; opening one shows both."""
    term.wait_for(SUBJECT, "Luca Bianchi", timeout=20)
    wait_until(lambda: listening(hook), 10, "the webhook receiver")
    kannel.send_mo(CLIENT_PHONE, OUR_NUMBER, SMS_TEXT)
    term.wait_for(SMS_TEXT[:30], SUBJECT, "✆ ● Luca Bianchi", "✉ ● Luca Bianchi")
    focus_timeline(term)
    select_row(term, "✆", "Luca Bianchi")
    open_row(term)
    screen = term.wait_for("▶ ✆ Luca Bianchi", "✆ Luca Bianchi  ", absent=("✆ ● Luca",))
    pane = reading_pane(screen)
    print(screen)
    assert "luca@client.test" in pane and CLIENT_PHONE in pane  # one contact, both addresses
    assert "✉ Luca Bianchi" in pane and SUBJECT in pane  # the email in the same conversation
    assert "Le ho scritto una mail" in pane


def _answer_tone_check(term: Terminal, sent_note: str) -> None:
    """After ctrl+s: the tone check may list warnings first (Enter sends anyway); then
    the composer closes with its note."""

    def outcome() -> str:
        screen = term.capture()
        return screen if sent_note in screen or "Before sending" in screen else ""

    screen = str(wait_until(outcome, 20, "the reply to be queued, or the tone check"))
    if sent_note not in screen:
        print(screen)
        term.keys("Enter")
        term.wait_for(sent_note)


def _reply_by_email_from_a_draft(term: Terminal, dovecot: DovecotServer) -> None:
    """2. Open the email, take the first reply draft, fill its «placeholder», send."""
    focus_timeline(term)
    select_row(term, "✉", "Luca Bianchi", SUBJECT)
    open_row(term)
    term.wait_for("▶ ✉ Luca Bianchi", MAIL_BODY[:40])
    term.keys("r")
    screen = term.wait_for("To: Luca Bianchi · email", "Draft 1 of", "f4 or → uses it")
    assert f"Re: {SUBJECT}" in screen
    term.keys("F4")  # the draft goes into the text, its first «placeholder» selected
    hint = re.search(r"fill in the «» \((\d+) left\)", term.wait_for("fill in the «»"))
    assert hint, "the hint names how many «placeholders» are left"
    count = int(hint.group(1))
    assert 1 <= count <= len(FILLERS), f"{count} «placeholders» in the draft"
    typed: list[str] = []
    # Typing replaces the selection; f5 selects the next one. The hint's count, not its
    # presence, says when a filler has landed: the hint can trail the text by a frame.
    for left, filler in zip(range(count - 1, -1, -1), FILLERS, strict=False):
        term.type(filler)
        typed.append(filler)
        if left:
            term.wait_for(filler[:16], f"({left} left)")  # the line may wrap: a prefix
            term.keys("F5")
        else:
            term.wait_for(filler[:16], absent=("fill in the «»",))
    term.keys("C-s")
    _answer_tone_check(term, "Queued")
    # The outgoing row in the timeline …
    term.wait_for("→ Luca Bianchi", f"Re: {SUBJECT}")
    # … and the reply in Luca's mailbox, read over IMAP, with the draft filled in.
    found = wait_until(
        lambda: [m for m in _luca_inbox(dovecot) if m[0] == f"Re: {SUBJECT}"], 20, "the reply"
    )
    body = found[0][1]
    assert all(t in body for t in typed) and "«" not in body, body
    # Each filler went over its own «placeholder», not after the one before (f5 then
    # typing at once must not type at the old cursor).
    assert not any(a + b in body for a, b in zip(typed, typed[1:], strict=False)), body


def _reply_by_sms(term: Terminal, kannel: KannelServer) -> None:
    """3. Reply to the text by text: it reaches the SMS centre behind Kannel."""
    focus_timeline(term)
    select_row(term, "✆", "Luca Bianchi", SMS_TEXT[:20])
    term.keys("r")
    term.wait_for("To: Luca Bianchi · sms")
    term.type(SMS_REPLY)
    term.wait_for(SMS_REPLY, "SMS · GSM-7 · 1 part")
    term.keys("C-s")
    _answer_tone_check(term, "Queued")
    mt = wait_until(
        lambda: [m for m in kannel.received_mt if m.text == SMS_REPLY], 20, "the SMS at the SMSC"
    )
    assert mt[0].receiver.lstrip("+") == CLIENT_PHONE.lstrip("+")
    term.wait_for("→ Luca Bianchi", SMS_REPLY[:20])


def _dnd_holds_a_reply(term: Terminal, dovecot: DovecotServer) -> None:
    """4. Do-not-disturb on (f8): a reply written now is held, and does not leave."""
    term.keys("F8")
    term.wait_for("Do not disturb on", "Non disturbare")
    focus_timeline(term)
    select_row(term, "✉", "Luca Bianchi", SUBJECT)
    term.keys("r")
    term.wait_for("To: Luca Bianchi · email", "Do not disturb: this will leave")
    term.type(HELD_REPLY)
    term.wait_for(HELD_REPLY)
    term.keys("C-s")
    _answer_tone_check(term, "Held until")
    term.wait_for("Non disturbare", "1 in attesa")  # the status bar
    _outbox_shows_the_held_reply(term)
    replies = [m for m in _luca_inbox(dovecot) if m[0] == f"Re: {SUBJECT}"]
    assert len(replies) == 1, "the held reply reached the server"


def _outbox_shows_the_held_reply(term: Terminal) -> None:
    palette(term, "View: Outbox")
    term.wait_for(" Outbox · ")
    rows = term.wait_rows(
        lambda rows: bool(rows) and all("→ Luca Bianchi" in r for r in rows),
        "Outbox view with only outgoing messages",
    )
    print("Outbox rows:", rows)
    held = [r for r in rows if "⏸" in r]
    assert len(held) == 1 and f"Re: {SUBJECT}" in held[0], rows
    focus_timeline(term)
    select_row(term, "⏸")
    term.wait_for("⏸ held", HELD_REPLY)  # the reading pane: the held reply and its text


def _all_still_there(term: Terminal) -> None:
    """5. After a restart: the messages, the replies, the held one and DND."""
    rows = term.wait_rows(lambda rows: len(rows) == 5, "the five messages")
    print("rows after the restart:", rows)
    expected = [
        ("✉", "Luca Bianchi", SUBJECT),
        ("✆", "Luca Bianchi", SMS_TEXT[:20]),
        ("✉", "→ Luca Bianchi", f"Re: {SUBJECT}", "✓"),
        ("✆", "→ Luca Bianchi", SMS_REPLY[:20], "✓"),
        ("✉", "→ Luca Bianchi", f"Re: {SUBJECT}", "⏸"),
    ]
    for parts in expected:
        assert any(all(p in row for p in parts) for row in rows), (parts, rows)
    term.wait_for("Non disturbare", "1 in attesa")  # DND is still on, the reply still held
    _outbox_shows_the_held_reply(term)


def _nothing_more_left(dovecot: DovecotServer, smtp: SmtpServer, kannel: KannelServer) -> None:
    """Long after the hold began (a quit and a restart later): one email reply reached
    the submission server and Luca's mailbox, one text the SMS centre."""
    replies = [m for m in _luca_inbox(dovecot) if m[0] == f"Re: {SUBJECT}"]
    assert len(replies) == 1, f"the held reply reached the server: {replies}"
    assert [r.mail_from for r in smtp.received] == [LUCA, MARIA]
    assert [m.text for m in kannel.received_mt] == [SMS_REPLY]


def test_client_mail_and_sms_in_a_real_terminal(
    tmp_path: Path,
    isolated_env: Path,
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    kannel: KannelServer,
) -> None:
    started = time.monotonic()
    config_path, data = tmp_path / "config.toml", tmp_path / "data"
    env = app_env(isolated_env, config_path, data)
    hook = free_port()
    config_path.write_text(_config(dovecot, smtp_server, kannel, hook))
    # Secrets as a user stores them: piped into `inbox-tui secret set`, into the keyring.
    run_cli(env, "secret", "set", "studio", stdin=PASSWORDS[MARIA] + "\n")
    run_cli(env, "secret", "set", "sms", stdin=kannel.password + "\n")
    # Kannel's sms-service get-url is the one `inbox-tui webhooks` prints.
    printed = run_cli(env, "webhooks")
    get_url = next(
        line.split(": ", 1)[1] for line in printed.splitlines() if "sms-service get-url" in line
    )
    kannel.set_mo_url(get_url.split("?", 1)[0])
    _client_mail(dovecot, smtp_server)

    term = Terminal("inbox-e2e-real")
    done = tmp_path / "exit-code"
    command = f"{app_exe()}; echo $? > {done}; sleep 60"
    try:
        term.start(command, env)
        _first_look(term, kannel, hook)
        _reply_by_email_from_a_draft(term, dovecot)
        _reply_by_sms(term, kannel)
        _dnd_holds_a_reply(term, dovecot)
        # -- 5. quit, start again: everything is still there -------------------------------
        term.keys("q")
        wait_until(done.exists, 20, "the app to quit on q")
        assert done.read_text().strip() == "0"
        done.unlink()
        term.restart(command, env)
        _all_still_there(term)
        term.keys("q")
        wait_until(done.exists, 20, "the app to quit on q")
        assert done.read_text().strip() == "0"
        _nothing_more_left(dovecot, smtp_server, kannel)
    finally:
        term.kill()
        print(f"wall time: {time.monotonic() - started:.1f} s")
    assert time.monotonic() - started < BUDGET * 1.5, "far over the time budget"
