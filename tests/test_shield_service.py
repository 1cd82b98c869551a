"""Work hours enforced against the real servers, with an injected clock: a reply written
at 23:30 is held and reaches Dovecot/Kannel only at 08:30; send-now goes at once; a clock
jump into the night holds again; nothing held is lost across a restart; an urgent
contact's SMS rings at night and a normal one does not; one auto-acknowledgement per
contact per night."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from sms_helpers import auto_ack_sms_config, until

from email_helpers import LUCA, MARIA, config_for, imap_client, mail, password_of, runner_for
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Contact
from inbox_tui.services.compose_send import queue_email
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.services.quiet_watch import QuietWatch
from inbox_tui.services.shield import Shield
from inbox_tui.services.sms_service import SmsService
from inbox_tui.store import Store
from servers import free_port
from servers.dovecot import DovecotServer
from servers.smtp import SmtpServer

ROME = ZoneInfo("Europe/Rome")
TUE_2330 = datetime(2026, 11, 24, 23, 30, tzinfo=ROME)
WED_0829 = datetime(2026, 11, 25, 8, 29, tzinfo=ROME)
WED_0830 = datetime(2026, 11, 25, 8, 30, tzinfo=ROME)
WED_2300 = datetime(2026, 11, 25, 23, 0, tzinfo=ROME)
THU_0830 = datetime(2026, 11, 26, 8, 30, tzinfo=ROME)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at.timestamp()


def _in_inbox(dovecot: DovecotServer, user: str, needle: str) -> int:
    client = imap_client(dovecot, user)
    client.select("INBOX")
    _, data = client.search(None, "HEADER", "Message-ID", needle)
    client.logout()
    return len(data[0].split())


async def test_reply_at_night_leaves_at_0830_and_survives_a_restart(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store, tmp_path
) -> None:
    clock = Clock(TUE_2330)
    config = config_for(dovecot, smtp_server)
    dovecot.deliver(MARIA, mail(1, subject="Riso o pasta?"))
    runner = runner_for(store, config)
    await runner.sync_once()
    original = store.messages.get(store.mail.by_message_id("studio", "<m1@client.test>"))
    shield = Shield(store, config, clock)
    assert shield.quiet() and shield.hold_until() == int(WED_0830.timestamp())
    mid, item_id = queue_email(
        store, config, contact=None, original=original, subject="Re: Riso o pasta?",
        body="Meglio il riso, ne parliamo domani.", now=shield.now(),
        not_before_ts=shield.hold_until(),
    )  # fmt: skip
    msgid = store.messages.get(mid).message_id
    sender = OutboxSender(
        store, config, {"studio": runner}, password_of, clock=clock, shield=shield
    )
    assert await sender.run_once() == 0
    assert store.outbox.get(item_id).state == "held" and _in_inbox(dovecot, LUCA, msgid) == 0
    assert shield.status() == "Fuori orario · fino a mer 08:30 · 1 in attesa"

    # The app is closed overnight and reopened: the held reply is still there.
    store.close()
    store = Store(store.path)
    shield = Shield(store, config, clock)
    sender = OutboxSender(
        store, config, {"studio": runner}, password_of, clock=clock, shield=shield
    )
    clock.at = WED_0829
    assert await sender.run_once() == 0 and _in_inbox(dovecot, LUCA, msgid) == 0
    clock.at = WED_0830
    assert await sender.run_once() == 1
    assert store.outbox.get(item_id).state == "sent" and _in_inbox(dovecot, LUCA, msgid) == 1
    assert shield.status().startswith("Al lavoro · fino alle 12:30")

    # Send now: the explicit override goes at once, at night too.
    clock.at = TUE_2330
    mid2, item2 = queue_email(
        store, config, contact=None, original=original, subject="Re: urgente",
        body="Subito.", now=shield.now(), not_before_ts=None,
    )  # fmt: skip
    assert await sender.run_once() == 1 and store.outbox.get(item2).state == "sent"


async def test_clock_jump_into_the_night_holds_again(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    """Held until Wed 08:30, but the laptop sleeps through the day and wakes at 23:00:
    the reply is held again until Thu 08:30 instead of going out at night."""
    clock = Clock(TUE_2330)
    config = config_for(dovecot, smtp_server)
    runner = runner_for(store, config)
    shield = Shield(store, config, clock)
    luca = store.contacts.get(store.contacts.upsert(Contact(None, "Luca", [email_address(LUCA)])))
    mid, item_id = queue_email(
        store, config, contact=luca, original=None, subject="Bozza", body="In allegato.",
        now=shield.now(), not_before_ts=shield.hold_until(),
    )  # fmt: skip
    sender = OutboxSender(
        store, config, {"studio": runner}, password_of, clock=clock, shield=shield
    )
    clock.at = WED_2300
    assert await sender.run_once() == 0
    item = store.outbox.get(item_id)
    assert item.state == "held" and item.not_before_ts == int(THU_0830.timestamp())
    assert _in_inbox(dovecot, LUCA, store.messages.get(mid).message_id) == 0
    notes = [e.note for e in store.delivery.history(mid) if e.note]
    assert any("until Thu" in n for n in notes), notes


def _inbound(store: Store) -> int:
    return store.query_one("SELECT count(*) FROM messages WHERE direction = 'in'")[0]


async def test_night_sms_urgent_rings_normal_does_not_one_ack_each(
    store: Store, kannel_factory
) -> None:
    config = auto_ack_sms_config(free_port(), auto_ack=True)
    clock = Clock(TUE_2330)
    shield = Shield(store, config, clock)
    rang: list = []
    watch = QuietWatch(shield, rang.append, desktop=False)
    service = SmsService(store, config, lambda a: "inbox-pw", on_change=watch.check)
    kannel = kannel_factory(mo_url=service.server.hook_base("sms") + "/kannel/inbound")
    service.accounts["sms"] = dataclasses.replace(config.accounts[0], url=kannel.sendsms_url)
    anna_phone, luca_phone = "+393477654321", "+393331234567"
    anna = store.contacts.upsert(
        Contact(None, "Anna Verdi", [phone_address(anna_phone)], urgent=True)
    )
    luca = store.contacts.upsert(Contact(None, "Luca Bianchi", [phone_address(luca_phone)]))
    watch.check()  # the first look at a store only records where it starts
    await service.start()
    try:
        kannel.send_mo(luca_phone, "+390212345678", "Riso o pasta stasera?")
        kannel.send_mo(anna_phone, "+390212345678", "Mi hanno fissato l'udienza domattina")
        kannel.send_mo(luca_phone, "+390212345678", "E il dolce?")
        await until(lambda: _inbound(store) == 3)
        watch.check()
        assert [a.who for a in rang] == ["Anna Verdi"] and rang[0].breakthrough
        # One acknowledgement per contact this night, in Italian, leaving now (not held).
        acks = store.query(
            "SELECT m.contact_id, m.body, o.state FROM outbox o JOIN messages m"
            " ON m.id = o.message_id ORDER BY o.id"
        )
        assert sorted(r["contact_id"] for r in acks) == sorted([anna, luca])
        assert all("Le risponderò domani dalle 08:30" in r["body"] for r in acks)
        assert all(r["state"] == "queued" for r in acks)
        sender = OutboxSender(store, config, {}, lambda a: "", sms=service, clock=clock)
        assert await sender.run_once() == 2
        sent = kannel.smsc.wait_mt(2)
        assert sorted(m.receiver for m in sent) == sorted([anna_phone, luca_phone])
        # During work hours nothing is acknowledged and everyone rings.
        clock.at = WED_0830
        kannel.send_mo(luca_phone, "+390212345678", "Buongiorno!")
        await until(lambda: _inbound(store) == 4)
        watch.check()
        assert [a.who for a in rang][-1] == "Luca Bianchi" and not rang[-1].breakthrough
        assert store.query_one("SELECT count(*) FROM auto_acks")[0] == 2
    finally:
        await service.stop()
