"""The real mail servers behind the IMAP/SMTP tests work, checked with stdlib clients only."""

from __future__ import annotations

import imaplib
import os
import re
import smtplib
import ssl
import time

import pytest

import servers
import servers.dovecot
from servers import fixtures
from servers.dovecot import DovecotMissing, DovecotServer, dovecot_binary
from servers.smtp import SmtpServer

# Until tests/conftest.py loads servers.fixtures as a plugin; harmless afterwards.
dovecot = fixtures.dovecot
smtp_server = fixtures.smtp_server
mail_tls_context = fixtures.mail_tls_context

MARIA, LUCA, ANNA = "maria@studio.test", "luca@client.test", "anna@client.test"


def message(subject: str, msgid: str, sender: str = MARIA, to: str = LUCA) -> bytes:
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{msgid}>\r\n"
        f"Date: Tue, 02 Jan 2024 10:00:00 +0000\r\n\r\nHello\r\n"
    ).encode()


def imap(server: DovecotServer, ctx: ssl.SSLContext, user: str) -> imaplib.IMAP4_SSL:
    client = imaplib.IMAP4_SSL(server.host, server.imaps_port, ssl_context=ctx, timeout=10)
    client.login(user, server.users[user])
    return client


def subjects(client: imaplib.IMAP4, spec: str) -> list[bytes]:
    _, data = client.fetch(spec, "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    return [part[1].strip() for part in data if isinstance(part, tuple)]


def test_login_over_imaps_and_plain_imap(dovecot: DovecotServer, mail_tls_context) -> None:
    client = imap(dovecot, mail_tls_context, MARIA)
    assert client.select("INBOX") == ("OK", [b"0"])
    client.logout()
    plain = imaplib.IMAP4(dovecot.host, dovecot.imap_port, timeout=10)
    assert plain.login(LUCA, "luca-pw")[0] == "OK"
    plain.logout()
    started = time.monotonic()
    bad = imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=mail_tls_context)
    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        bad.login(MARIA, "wrong")
    assert time.monotonic() - started < 2  # auth penalty is off; Dovecot still waits ~0.5 s


def test_capabilities_and_special_use(dovecot: DovecotServer, mail_tls_context) -> None:
    client = imap(dovecot, mail_tls_context, MARIA)
    caps = set(client.capability()[1][0].decode().split())  # post-login list
    assert {"CONDSTORE", "QRESYNC", "IDLE", "MOVE", "UIDPLUS", "SPECIAL-USE"} <= caps
    _, listing = client.list()
    flags = {re.search(rb'"/" (\S+)$', line).group(1): line for line in listing}
    for name, flag in servers.dovecot.SPECIAL_USE.items():
        assert flag.encode() in flags[name.encode()]
    client.logout()


def test_lmtp_delivery_lands_in_inbox(dovecot: DovecotServer, mail_tls_context) -> None:
    dovecot.deliver(LUCA, message("via lmtp", "l1@studio.test"))
    client = imap(dovecot, mail_tls_context, LUCA)
    assert client.select("INBOX") == ("OK", [b"1"])
    assert subjects(client, "1") == [b"Subject: via lmtp"]
    client.logout()


def test_seed_2000_messages(dovecot: DovecotServer, mail_tls_context) -> None:
    raws = [message(f"seeded {i}", f"s{i}@client.test", sender=LUCA, to=MARIA) for i in range(2000)]
    started = time.monotonic()
    dovecot.seed_maildir(MARIA, raws)
    dovecot.seed_maildir(
        MARIA, raws[:2], folder="Archive/2024", per_message_flags=[[], ["\\Flagged"]]
    )
    seeded = time.monotonic() - started
    client = imap(dovecot, mail_tls_context, MARIA)
    assert client.select("INBOX") == ("OK", [b"2000"])
    assert time.monotonic() - started < 5, f"seed {seeded:.2f} s"
    assert subjects(client, "1,1000,2000") == [b"Subject: seeded 0", b"Subject: seeded 999"] + [
        b"Subject: seeded 1999"
    ]
    _, data = client.fetch("1", "(UID FLAGS INTERNALDATE)")
    assert b"UID 1 " in data[0] and b"\\Seen" in data[0] and b"02-Jan-2024 10:00:00" in data[0]
    assert client.select("Archive/2024") == ("OK", [b"2"])
    _, data = client.fetch("1:2", "FLAGS")
    assert b"\\Seen" not in data[0] and b"\\Flagged" in data[1]
    client.logout()


def test_smtp_starttls_submission_arrives(smtp_server: SmtpServer, mail_tls_context) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.starttls_port, timeout=10) as smtp:
        smtp.ehlo()
        assert not smtp.has_extn("auth")  # only offered after STARTTLS
        assert smtp.mail(MARIA)[0] == 530
        smtp.rset()
        smtp.starttls(context=mail_tls_context)
        smtp.login(MARIA, "maria-pw")
        smtp.sendmail(MARIA, [LUCA, ANNA], message("hi both", "t1@studio.test", to=LUCA))
    (record,) = smtp_server.received
    assert (record.mail_from, record.rcpt_tos, record.auth_user) == (MARIA, [LUCA, ANNA], MARIA)
    assert record.port == smtp_server.starttls_port and b"hi both" in record.data
    for user in (LUCA, ANNA):  # delivered before DATA was answered: no waiting
        client = imap(smtp_server.dovecot, mail_tls_context, user)
        client.select("INBOX")
        assert subjects(client, "1") == [b"Subject: hi both"]
        client.logout()


def test_smtp_implicit_tls_and_refusals(smtp_server: SmtpServer, mail_tls_context) -> None:
    with smtplib.SMTP_SSL(
        smtp_server.host, smtp_server.tls_port, context=mail_tls_context, timeout=10
    ) as smtp:
        started = time.monotonic()
        with pytest.raises(smtplib.SMTPAuthenticationError) as err:
            smtp.login(MARIA, "wrong")
        assert err.value.smtp_code == 535 and time.monotonic() - started < 1
        smtp.login(ANNA, "anna-pw")
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            smtp.sendmail(ANNA, ["nobody@client.test"], message("x", "x@client.test"))
        assert refused.value.recipients["nobody@client.test"][0] == 550
        smtp_server.data_replies.append("451 4.3.0 Try again later")
        with pytest.raises(smtplib.SMTPDataError) as later:
            smtp.sendmail(ANNA, [LUCA], message("first try", "r1@client.test"))
        assert later.value.smtp_code == 451
        smtp.sendmail(ANNA, [LUCA], message("second try", "r2@client.test"))
    assert [r.rcpt_tos for r in smtp_server.received] == [[LUCA]]
    assert smtp_server.received[0].port == smtp_server.tls_port


def test_smtp_dsn_success_report(smtp_server: SmtpServer, mail_tls_context) -> None:
    with smtplib.SMTP_SSL(
        smtp_server.host, smtp_server.tls_port, context=mail_tls_context, timeout=10
    ) as smtp:
        smtp.ehlo()
        assert smtp.has_extn("dsn")
        smtp.login(MARIA, "maria-pw")
        smtp.sendmail(
            MARIA,
            [LUCA],
            message("tracked", "d1@studio.test"),
            mail_options=["RET=HDRS", "ENVID=env-1"],
            rcpt_options=["NOTIFY=SUCCESS,FAILURE"],
        )
        smtp.mail(MARIA)
        assert smtp.rcpt(LUCA, ["NOTIFY=SOMETIMES"])[0] == 501
    (record,) = smtp_server.received
    assert "ENVID=env-1" in record.mail_options
    assert record.rcpt_options == [["NOTIFY=SUCCESS,FAILURE"]]
    client = imap(smtp_server.dovecot, mail_tls_context, MARIA)
    client.select("INBOX")
    _, data = client.fetch("1", "(BODY.PEEK[])")
    report = data[0][1]
    assert b"report-type=delivery-status" in report and b"Action: delivered" in report
    assert b"Original-Envelope-Id: env-1" in report and b"Message-ID: <d1@studio.test>" in report
    client.logout()


def test_smtp_down_then_back_on_same_ports(smtp_server: SmtpServer) -> None:
    ports = (smtp_server.starttls_port, smtp_server.tls_port)
    smtp_server.stop()
    for port in ports:
        with pytest.raises(ConnectionRefusedError):
            smtplib.SMTP(smtp_server.host, port, timeout=5)
    smtp_server.start()
    assert (smtp_server.starttls_port, smtp_server.tls_port) == ports
    with smtplib.SMTP(smtp_server.host, ports[0], timeout=5) as smtp:
        assert smtp.noop()[0] == 250


def test_kill_then_start_keeps_mail(dovecot: DovecotServer, mail_tls_context) -> None:
    dovecot.deliver(MARIA, message("before crash", "k1@client.test"))
    client = imap(dovecot, mail_tls_context, MARIA)
    client.select("INBOX")
    pgid = dovecot.pid
    started = time.monotonic()
    dovecot.kill()
    killed = time.monotonic() - started
    assert pgid is not None and not servers.group_alive(pgid)  # children went too
    with pytest.raises((imaplib.IMAP4.abort, OSError)):
        client.noop()
    with pytest.raises(ConnectionRefusedError):
        imaplib.IMAP4(dovecot.host, dovecot.imap_port, timeout=5)
    dovecot.start()
    assert time.monotonic() - started < 2, f"kill took {killed:.2f} s"
    client = imap(dovecot, mail_tls_context, MARIA)
    assert client.select("INBOX") == ("OK", [b"1"])
    client.logout()
    dovecot.restart()  # the graceful path: SIGTERM, ~1 s
    imap(dovecot, mail_tls_context, MARIA).logout()


def test_uidvalidity_change_is_observable(dovecot: DovecotServer, mail_tls_context) -> None:
    dovecot.seed_maildir(LUCA, [message(f"m{i}", f"u{i}@x") for i in range(3)])
    client = imap(dovecot, mail_tls_context, LUCA)
    client.select("INBOX")
    before = int(client.response("UIDVALIDITY")[1][0])
    after = dovecot.uidvalidity_reset(LUCA)
    assert after > before
    with pytest.raises(imaplib.IMAP4.abort, match="inconsistent"):
        client.noop()  # Dovecot drops a session whose selected folder changed identity
    client = imap(dovecot, mail_tls_context, LUCA)
    assert client.status("INBOX", "(UIDVALIDITY)")[1] == [f"INBOX (UIDVALIDITY {after})".encode()]
    client.select("INBOX")
    client.store("1", "+FLAGS", "\\Deleted")
    client.expunge()
    client.logout()
    renumbered = dovecot.uidvalidity_reset(LUCA, renumber=True)
    assert renumbered > after
    client = imap(dovecot, mail_tls_context, LUCA)
    client.select("INBOX")
    assert int(client.response("UIDVALIDITY")[1][0]) == renumbered
    assert client.uid("SEARCH", "ALL")[1] == [b"1 2"]  # were UIDs 2 and 3
    client.logout()


def test_missing_dovecot_fails_with_apt_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real_access = os.access
    monkeypatch.setattr(
        servers.dovecot.os, "access", lambda p, m: "imap" not in str(p) and real_access(p, m)
    )
    with pytest.raises(DovecotMissing, match="apt-get install .*dovecot-imapd"):
        dovecot_binary()
