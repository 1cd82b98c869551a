"""Delivery and read state end to end, against the real Dovecot and SMTP servers: DSN
success and bounce move the sent message, read receipts travel between two users (one
side asking, the other answering through its own outbox), reports hide under the message
they are about, and $MDNSent is set on the server so no other client asks again."""

from __future__ import annotations

from datetime import datetime, timezone

from email_helpers import LUCA, MARIA, config_for, imap_client, mail, password_of, runner_for
from inbox_tui.core.models import DeliveryState, TimelineFilter
from inbox_tui.core.receipt_policy import Decision
from inbox_tui.core.reports import parse_report
from inbox_tui.services.compose_send import queue_email
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.services.receipts import answer, on_displayed
from inbox_tui.store import Store
from servers.dovecot import DovecotServer
from servers.smtp import SmtpServer

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


async def _send(store: Store, config, runner, *, to_contact=None, original=None, **kw) -> int:
    mid, item_id = queue_email(
        store, config, contact=to_contact, original=original, subject=kw.pop("subject", "Bozza"),
        body=kw.pop("body", "Le invio la bozza."), now=NOW, **kw,
    )  # fmt: skip
    # One sender per runner: a second one would find the first one's lease still held.
    sender = _senders.setdefault(
        id(runner),
        OutboxSender(store, config, {"studio": runner}, password_of, clock=NOW.timestamp),
    )
    assert await sender.run_once() >= 1
    assert store.outbox.get(item_id).state == "sent", store.outbox.get(item_id).last_error
    return mid


_senders: dict[int, OutboxSender] = {}


async def _maria_with_luca(store: Store, dovecot: DovecotServer, smtp: SmtpServer, extra=""):
    config = config_for(dovecot, smtp, extra=extra)
    dovecot.deliver(MARIA, mail(1, subject="Contratto", body="Mi manda la bozza?"))
    runner = runner_for(store, config)
    await runner.sync_once()
    original = store.messages.get(store.mail.by_message_id("studio", "<m1@client.test>"))
    return config, runner, original


def _visible(store: Store) -> set[int]:
    return {r.id for r in store.messages.page_after(TimelineFilter(), None, 100)}


async def test_dsn_success_marks_delivered_and_hides_the_report(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    config, runner, original = await _maria_with_luca(store, dovecot, smtp_server)
    mid = await _send(store, config, runner, original=original, subject="Re: Contratto")
    assert store.messages.get(mid).state is DeliveryState.SENT
    await runner.sync_once()  # the server's delivery report is now in Maria's INBOX
    msg = store.messages.get(mid)
    assert msg.state is DeliveryState.DELIVERED
    (report,) = store.delivery.reports_for(mid)
    assert report.report == "dsn" and "delivery report" in report.body
    assert report.id not in _visible(store) and not report.unread
    assert not store.messages.search("Delivery Report")
    history = [(e.state, e.source, e.changed) for e in store.delivery.history(mid)]
    assert history == [
        (DeliveryState.QUEUED, "outbox", True),
        (DeliveryState.SENDING, "outbox", True),
        (DeliveryState.SENT, "smtp", True),
        (DeliveryState.DELIVERED, "dsn", True),
    ]
    await runner.sync_once()  # nothing is applied twice
    assert len(store.delivery.history(mid)) == 4


BOUNCE = """From: MAILER-DAEMON@mx.client.test (Mail Delivery System)
To: {me}
Subject: Undelivered Mail Returned to Sender
Date: Mon, 23 Nov 2026 10:31:00 +0100
Message-ID: <bounce1@mx.client.test>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="B0UND"

--B0UND
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<nessuno@client.test>: host mx.client.test said: 550 5.1.1 User unknown

--B0UND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.client.test

Final-Recipient: rfc822; nessuno@client.test
Original-Recipient: rfc822;nessuno@client.test
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <nessuno@client.test>: Recipient address
    rejected: User unknown in local recipient table

--B0UND
Content-Type: text/rfc822-headers

From: Avv. Maria Rossi <{me}>
To: nessuno@client.test
Subject: Re: Contratto
Message-ID: {msgid}

--B0UND--
"""


async def test_a_bounce_later_fails_the_message_with_its_reason(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    config, runner, original = await _maria_with_luca(store, dovecot, smtp_server)
    mid = await _send(store, config, runner, original=original, subject="Re: Contratto")
    await runner.sync_once()
    assert store.messages.get(mid).state is DeliveryState.DELIVERED  # the relay's report
    msgid = store.messages.get(mid).message_id
    # Days later the remote mailbox bounces it (a relay's "delivered" is not the end):
    # kept as a note, the state stays delivered. A bounce of a message that was only
    # "sent" fails it, which the second message shows.
    raw = BOUNCE.format(me=MARIA, msgid=msgid).replace("\n", "\r\n").encode()
    assert parse_report(raw) is not None
    dovecot.deliver(MARIA, raw, mail_from="")
    await runner.sync_once()
    assert store.messages.get(mid).state is DeliveryState.DELIVERED
    notes = [e.note for e in store.delivery.history(mid) if e.note]
    assert any("550 5.1.1" in n for n in notes), notes

    # No relay report asked this time: the message stays "sent" until the bounce.
    mid2 = await _send(
        store, config, runner, original=original, subject="Re: Contratto (2)", delivery_report=False
    )
    msgid2 = store.messages.get(mid2).message_id
    raw2 = BOUNCE.format(me=MARIA, msgid=msgid2).replace("\n", "\r\n").encode()
    dovecot.deliver(MARIA, raw2.replace(b"bounce1@", b"bounce2@"), mail_from="")
    await runner.sync_once()
    msg = store.messages.get(mid2)
    assert msg.state is DeliveryState.FAILED
    assert "User unknown" in msg.state_reason and "5.1.1" in msg.state_reason
    assert {r.id for r in store.delivery.reports_for(mid2)}.isdisjoint(_visible(store))


async def test_read_receipt_round_trip_between_two_users(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store, tmp_path
) -> None:
    config, runner, original = await _maria_with_luca(store, dovecot, smtp_server)
    contact = store.contacts.get(original.contact_id)
    mid = await _send(
        store, config, runner, to_contact=contact, original=original, subject="Re: Contratto",
        read_receipt=True,
    )  # fmt: skip
    sent = smtp_server.received[-1].data
    assert f"Disposition-Notification-To: {MARIA}".encode() in sent

    # Luca's side: his own inbox-tui, store and outbox, asking before it answers.
    luca_store = Store(tmp_path / "luca.db")
    luca_config = config_for(dovecot, smtp_server, user=LUCA)
    luca = runner_for(luca_store, luca_config)
    await luca.sync_once()
    (row,) = luca_store.messages.page_after(TimelineFilter(), None, 10)
    asked = luca_store.messages.get(row.id)
    assert asked.mdn_to == MARIA and asked.return_path == MARIA
    assert on_displayed(luca_store, luca_config, asked.id, NOW) is Decision.ASK
    assert on_displayed(luca_store, luca_config, asked.id, NOW) is Decision.ASK  # until answered
    assert answer(luca_store, luca_config, asked.id, send=True, now=NOW)
    assert not answer(luca_store, luca_config, asked.id, send=True, now=NOW)  # at most one
    luca_sender = OutboxSender(
        luca_store, luca_config, {"studio": luca}, password_of, clock=NOW.timestamp
    )
    assert await luca_sender.run_once() == 1
    receipt = smtp_server.received[-1]
    assert receipt.mail_from == "" and receipt.rcpt_tos == [MARIA]  # null reverse-path
    assert b"MDN-sent-manually; displayed" in receipt.data
    await luca.sync_once()  # pushes $MDNSent
    client = imap_client(dovecot, LUCA)
    client.select("INBOX")
    _, data = client.uid("FETCH", "1:*", "(FLAGS)")
    client.logout()
    assert b"$MDNSent" in data[0]
    # A fresh install on Luca's side sees the keyword and does not ask again.
    fresh_store = Store(tmp_path / "luca2.db")
    fresh = runner_for(fresh_store, luca_config)
    await fresh.sync_once()
    (again,) = fresh_store.messages.page_after(TimelineFilter(), None, 10)
    assert on_displayed(fresh_store, luca_config, again.id, NOW) is Decision.NONE

    await runner.sync_once()  # Maria receives the receipt
    msg = store.messages.get(mid)
    assert msg.state is DeliveryState.READ
    assert sorted(r.report for r in store.delivery.reports_for(mid)) == ["dsn", "mdn"]
    assert [e.source for e in store.delivery.history(mid)][-2:] == ["dsn", "mdn"]  # UID order
    assert not {r.id for r in store.delivery.reports_for(mid)} & _visible(store)


async def test_declined_and_automatic_answers(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    """'never' declines silently but still sets $MDNSent; 'always' sends by itself only
    when Disposition-Notification-To matches the Return-Path (RFC 8098)."""
    extra = '[receipts]\nanswer = "always"\nanswer_outside_domain = "always"\n'
    config = config_for(dovecot, smtp_server, extra=extra)
    ask = mail(1).replace(b"Subject:", f"Disposition-Notification-To: {LUCA}\r\nSubject:".encode())
    forged = mail(2).replace(b"Subject:", b"Disposition-Notification-To: x@evil.test\r\nSubject:")
    dovecot.deliver(MARIA, ask, mail_from=LUCA)
    dovecot.deliver(MARIA, forged, mail_from=LUCA)
    runner = runner_for(store, config)
    await runner.sync_once()
    first = store.mail.by_message_id("studio", "<m1@client.test>")
    second = store.mail.by_message_id("studio", "<m2@client.test>")
    assert on_displayed(store, config, first, NOW) is Decision.SEND
    assert on_displayed(store, config, second, NOW) is Decision.ASK  # redirected: a person decides
    assert answer(store, config, second, send=False, now=NOW)  # ignored: declined
    sender = OutboxSender(store, config, {"studio": runner}, password_of, clock=NOW.timestamp)
    assert await sender.run_once() == 1
    auto = smtp_server.received[-1]
    assert auto.rcpt_tos == [LUCA] and b"MDN-sent-automatically; displayed" in auto.data
    assert b"Auto-Submitted: auto-replied" in auto.data
    await runner.sync_once()
    client = imap_client(dovecot, MARIA)
    client.select("INBOX")
    _, data = client.uid("FETCH", "1:*", "(FLAGS)")
    client.logout()
    flags = b" ".join(d for d in data if isinstance(d, bytes))
    assert flags.count(b"$MDNSent") == 2  # sent and declined alike
    assert all(
        r.direction.value == "in" for r in store.messages.page_after(TimelineFilter(), None, 9)
    )


async def test_a_plain_text_bounce_is_matched_too(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    """qmail and some hosted services bounce in plain text: the returned Message-ID
    still finds the message, and the server's complaint becomes the reason."""
    config, runner, original = await _maria_with_luca(store, dovecot, smtp_server)
    mid = await _send(store, config, runner, original=original, delivery_report=False)
    msgid = store.messages.get(mid).message_id
    bounce = (
        "From: MAILER-DAEMON@mx.client.test\r\nTo: maria@studio.test\r\n"
        "Subject: failure notice\r\nMessage-ID: <q1@mx.client.test>\r\n"
        "Date: Mon, 23 Nov 2026 10:40:00 +0100\r\n\r\n"
        "Hi. This is the qmail-send program at mx.client.test.\r\n"
        "<luca@client.test>:\r\nRemote host said: 552 5.2.2 Mailbox full\r\n\r\n"
        "--- Below this line is a copy of the message.\r\n\r\n"
        f"From: maria@studio.test\r\nMessage-ID: {msgid}\r\nSubject: Bozza\r\n"
    )
    unrelated = bounce.replace(msgid, "<not-ours@elsewhere.test>").replace("q1@", "q2@")
    dovecot.deliver(MARIA, bounce.encode(), mail_from="")
    dovecot.deliver(MARIA, unrelated.encode(), mail_from="")
    await runner.sync_once()
    msg = store.messages.get(mid)
    assert msg.state is DeliveryState.FAILED and "552 5.2.2 Mailbox full" in msg.state_reason
    # A bounce about no message of ours stays visible: it is news to the user.
    shown = store.mail.by_message_id("studio", "<q2@mx.client.test>")
    assert shown in _visible(store) and store.messages.get(shown).report == "unmatched"
