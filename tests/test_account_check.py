"""The setup's account checks against the real servers: Dovecot, the SMTP path, Kannel.

Each failure the user can meet on the form is produced for real: a wrong password, a closed
loopback port, a name under `.invalid` (RFC 2606: it never resolves, no network needed),
TLS spoken to a plaintext port, an untrusted certificate and a port that never answers.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from inbox_tui.core.config import EmailAccount, Endpoint, SmsAccount
from inbox_tui.services.account_check import Problem, check_email_blocking, reach
from inbox_tui.services.sms_check import send_test_sms
from servers import free_port
from servers.dovecot import DovecotServer
from servers.kannel import KannelServer
from servers.smtp import SmtpServer

USER, PASSWORD = "maria@studio.test", "maria-pw"
T = 5.0  # per-step timeout: the loopback answers in milliseconds


def account(
    imap: tuple[str, int],
    smtp: tuple[str, int, str],
    cafile: str | None,
) -> EmailAccount:
    return EmailAccount(
        name="studio",
        address=USER,
        display_name="Maria",
        username=USER,
        imap=Endpoint(imap[0], imap[1]),
        smtp=Endpoint(*smtp),
        cafile=cafile,
    )


def servers_account(dovecot: DovecotServer, smtp: SmtpServer, security: str = "starttls"):
    port = smtp.starttls_port if security == "starttls" else smtp.tls_port
    return account(
        ("127.0.0.1", dovecot.imaps_port), ("127.0.0.1", port, security), str(dovecot.cafile)
    )


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_good_login_on_both_servers(dovecot, smtp_server, security: str) -> None:
    imap, smtp = check_email_blocking(servers_account(dovecot, smtp_server, security), PASSWORD, T)
    assert imap.ok and smtp.ok, (imap, smtp)
    assert imap.step == "IMAP" and smtp.step == "SMTP"
    assert f"127.0.0.1:{dovecot.imaps_port}" == imap.where


def test_bad_password_is_an_auth_problem_with_the_servers_words(dovecot, smtp_server) -> None:
    imap, smtp = check_email_blocking(servers_account(dovecot, smtp_server), "wrong", T)
    assert imap.problem is Problem.AUTH and smtp.problem is Problem.AUTH
    assert "password" in imap.message and USER in imap.message
    assert "AUTHENTICATIONFAILED" in imap.server_text  # Dovecot's NO to LOGIN
    assert smtp.server_text.startswith("535")  # the SMTP server's refusal of AUTH
    assert "wrong" not in imap.message + smtp.message  # the password is never echoed


def test_refused_port(dovecot) -> None:
    closed = free_port()  # just released by the kernel: nothing listens there
    acc = account(("127.0.0.1", closed), ("127.0.0.1", closed, "starttls"), None)
    imap, smtp = check_email_blocking(acc, PASSWORD, T)
    assert imap.problem is Problem.REFUSED and smtp.problem is Problem.REFUSED
    assert "refused" in imap.message and str(closed) in imap.message


def test_name_that_does_not_resolve() -> None:
    acc = account(("imap.studio.invalid", 993), ("smtp.studio.invalid", 587, "starttls"), None)
    started = time.monotonic()
    imap, smtp = check_email_blocking(acc, PASSWORD, T)
    assert imap.problem is Problem.DNS and smtp.problem is Problem.DNS
    assert "imap.studio.invalid" in imap.message and "DNS" in imap.message
    assert time.monotonic() - started < T


def test_tls_spoken_to_a_plaintext_port(dovecot, smtp_server) -> None:
    # IMAP over TLS aimed at Dovecot's plain IMAP port; SMTP "tls" aimed at the STARTTLS port.
    acc = account(
        ("127.0.0.1", dovecot.imap_port),
        ("127.0.0.1", smtp_server.starttls_port, "tls"),
        str(dovecot.cafile),
    )
    imap, smtp = check_email_blocking(acc, PASSWORD, T)
    assert imap.problem is Problem.TLS and smtp.problem is Problem.TLS
    assert "993" in imap.message and "465" in smtp.message  # where TLS usually is


def test_untrusted_certificate(dovecot, smtp_server) -> None:
    acc = servers_account(dovecot, smtp_server)
    acc = account(
        (acc.imap.host, acc.imap.port), (acc.smtp.host, acc.smtp.port, "starttls"), cafile=None
    )
    imap, smtp = check_email_blocking(acc, PASSWORD, T)
    assert imap.problem is Problem.TLS and smtp.problem is Problem.TLS
    assert "certificate" in imap.message and "CA file" in smtp.message


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A real listening socket that never accepts nor speaks: the kernel completes the TCP
    handshake from its backlog, then nothing ever arrives (a black-holing middlebox)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def test_server_that_never_answers_times_out(silent_port: int) -> None:
    acc = account(("127.0.0.1", silent_port), ("127.0.0.1", silent_port, "starttls"), None)
    started = time.monotonic()
    imap, smtp = check_email_blocking(acc, PASSWORD, 0.5)
    assert imap.problem is Problem.TIMEOUT and smtp.problem is Problem.TIMEOUT
    assert "465" in smtp.message  # the usual cause: STARTTLS chosen for a TLS port
    assert time.monotonic() - started < 5


async def test_reach_is_none_when_something_listens(dovecot) -> None:
    assert await reach("IMAP", "127.0.0.1", dovecot.imaps_port, T) is None


def _kannel_account(kannel: KannelServer) -> SmsAccount:
    return SmsAccount(
        "sms", "kannel", "+390212345678", kannel.sendsms_url, username=kannel.username
    )


async def test_test_sms_reaches_the_handset_through_kannel(kannel: KannelServer) -> None:
    result = await send_test_sms(
        _kannel_account(kannel),
        kannel.password,
        "+39 333 1234567",
        region="IT",
        language="it",
        callback_base="http://127.0.0.1:9/hook/sms/setup",
        timeout=T,
    )
    assert result.ok, result
    (mt,) = kannel.smsc.wait_mt(1)
    assert mt.receiver == "+393331234567" and "SMS di prova" in mt.text


async def test_test_sms_with_a_wrong_password_is_an_auth_problem(kannel: KannelServer) -> None:
    result = await send_test_sms(
        _kannel_account(kannel),
        "not-the-password",
        "+393331234567",
        region="IT",
        language="en",
        callback_base="http://127.0.0.1:9/hook/sms/setup",
        timeout=T,
    )
    assert result.problem is Problem.AUTH, result
    assert "Authorization" in result.server_text  # Kannel's own 403 text
    assert kannel.received_mt == []


async def test_test_sms_to_a_closed_port_and_a_bad_number() -> None:
    closed = free_port()
    acc = SmsAccount("sms", "kannel", "+390212345678", f"http://127.0.0.1:{closed}/cgi-bin/sendsms")
    kw = {"region": "IT", "language": "en", "callback_base": "http://127.0.0.1:9/x", "timeout": T}
    result = await send_test_sms(acc, "pw", "+393331234567", **kw)
    assert result.problem is Problem.REFUSED
    result = await send_test_sms(acc, "pw", "call me", **kw)
    assert result.problem is Problem.CONFIG and "phone number" in result.message


def test_a_missing_ca_file_is_named_not_raised(dovecot, smtp_server) -> None:
    acc = servers_account(dovecot, smtp_server)
    acc = account(
        (acc.imap.host, acc.imap.port), (acc.smtp.host, acc.smtp.port, "starttls"), "/nope/ca.pem"
    )
    imap, smtp = check_email_blocking(acc, PASSWORD, T)
    assert imap.problem is Problem.CONFIG and smtp.problem is Problem.CONFIG
    assert "/nope/ca.pem" in imap.message
