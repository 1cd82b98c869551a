"""DSN and MDN parsing over real-world variants."""

from __future__ import annotations

from inbox_tui.core.models import DeliveryState as S
from inbox_tui.core.reports import parse_report
from mime_corpus import varied_messages


def _report(kind: str, status_part: str, returned: str = "", extra: str = "") -> bytes:
    return (
        "From: MAILER-DAEMON@mx.example\r\nTo: maria@studio.example\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type={kind}; boundary="R"\r\n\r\n'
        "--R\r\nContent-Type: text/plain\r\n\r\nHuman readable part.\r\n"
        f"--R\r\n{status_part}\r\n" + extra + returned + "--R--\r\n"
    ).encode()


DSN_FAIL = (
    "Content-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mx.example\r\nOriginal-Envelope-Id: <a1@studio.example>\r\n\r\n"
    "Final-Recipient: rfc822; nobody@client.example\r\nAction: failed\r\n"
    "Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <nobody@client.example>:\r\n"
    " user unknown\r\n"
)
RETURNED = (
    "--R\r\nContent-Type: text/rfc822-headers\r\n\r\n"
    "Message-ID: <a1@studio.example>\r\nSubject: Re: contratto\r\n\r\n"
)


def test_bounce_with_envelope_id_and_returned_headers() -> None:
    r = parse_report(_report("delivery-status", DSN_FAIL, RETURNED))
    assert r is not None and r.kind == "dsn" and r.state is S.FAILED
    assert r.envelope_id == "<a1@studio.example>" and r.message_ids == ("<a1@studio.example>",)
    assert r.code == "5.1.1" and "user unknown" in r.reason  # folded line unfolded


def test_dsn_success_and_delay() -> None:
    ok = DSN_FAIL.replace("Action: failed", "ACTION: Delivered").replace("5.1.1\r\n", "2.0.0\r\n")
    assert parse_report(_report("delivery-status", ok)).state is S.DELIVERED
    later = DSN_FAIL.replace("Action: failed", "Action: delayed")
    assert parse_report(_report("delivery-status", later)).state is S.SENT


def test_mdn_variants() -> None:
    mdn = (
        "Content-Type: message/disposition-notification\r\n\r\n"
        "Reporting-UA: client.example; Thunderbird\r\n"
        "Original-Recipient: rfc822;luca@client.example\r\n"
        "Final-Recipient: rfc822;luca@client.example\r\n"
        "Original-Message-ID: <a1@studio.example>\r\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\r\n"
    )
    r = parse_report(_report("disposition-notification", mdn))
    assert r.kind == "mdn" and r.state is S.READ and r.message_ids == ("<a1@studio.example>",)
    # No Original-Message-ID: the returned headers say which message it was.
    bare = mdn.replace("Original-Message-ID: <a1@studio.example>\r\n", "")
    r = parse_report(_report("disposition-notification", bare, RETURNED))
    assert r.message_ids == ("<a1@studio.example>",)
    # Odd casing, extra parts, and "deleted" (not read).
    odd = mdn.replace("Disposition:", "DISPOSITION:").replace("displayed", "Deleted")
    extra = "--R\r\nContent-Type: image/png\r\n\r\nxx\r\n"
    assert parse_report(_report("disposition-notification", odd, extra=extra)).state is S.DELIVERED
    denied = mdn.replace("displayed", "denied")
    assert parse_report(_report("disposition-notification", denied)) is None


def test_not_reports_and_garbage() -> None:
    assert parse_report(b"From: a@b.c\r\n\r\nhello") is None
    assert parse_report(b"\x00\xff" * 100) is None
    assert parse_report(_report("delivery-status", "Content-Type: text/plain\r\n\r\nx")) is None


def test_corpus_reports_parse_without_crash() -> None:
    kinds = [parse_report(raw) for raw in varied_messages(300, seed=3)]
    assert any(k is not None and k.kind == "dsn" for k in kinds)
    assert any(k is not None and k.kind == "mdn" for k in kinds)


QMAIL_BOUNCE = """Hi. This is the qmail-send program at mx.client.test.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<nessuno@client.test>:
192.0.2.7 does not like recipient.
Remote host said: 550 5.1.1 <nessuno@client.test>: Recipient address rejected
Giving up on 192.0.2.7.

--- Below this line is a copy of the message.

Return-Path: <maria@studio.test>
From: Maria <maria@studio.test>
Message-ID: <20261123.093000.abc@studio.test>
Subject: Re: Contratto
"""


def test_plain_text_bounces() -> None:
    from inbox_tui.core.reports import looks_like_bounce, parse_plain_bounce

    assert looks_like_bounce("MAILER-DAEMON@mx.client.test", "failure notice")
    assert looks_like_bounce("postmaster@pec.example.it", "Mancato recapito: Re: Contratto")
    assert not looks_like_bounce("mailer-daemon@x.test", "Newsletter di novembre")
    assert not looks_like_bounce("luca@client.test", "Undelivered Mail Returned to Sender")
    report = parse_plain_bounce(QMAIL_BOUNCE)
    assert report is not None and report.state is S.FAILED
    assert report.message_ids == ("<20261123.093000.abc@studio.test>",)
    assert report.reason.startswith("550 5.1.1") and report.code == "550"
    # A delay notice is no failure; without a returned Message-ID nothing can be matched.
    assert parse_plain_bounce(QMAIL_BOUNCE.replace("550 5.1.1", "451 4.4.1")) is None
    assert parse_plain_bounce("I'm afraid I couldn't deliver it. 550 no such user") is None
