"""SMS through a real Kannel: sending (ASCII, Unicode), delivery reports, failures, inbound
texts into the client's conversation, retried webhooks stored once, Kannel down."""

from __future__ import annotations

import asyncio
import urllib.request

from sms_helpers import NOW, OUR_NUMBER, kannel_setup, until

from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import (
    Address,
    AddressKind,
    Channel,
    Contact,
    DeliveryState,
    Direction,
)
from inbox_tui.services.compose_send import queue_sms
from inbox_tui.store import Store
from servers import free_port
from servers.kannel import FAIL_PREFIX

LUCA = "+393331234567"


async def test_send_unicode_and_delivery_reports(store: Store, kannel_factory) -> None:
    config, service, kannel, sender = kannel_setup(store, kannel_factory, free_port())
    await service.start()
    try:
        luca = store.contacts.upsert(
            Contact(None, "Luca", [email_address("luca@x.it"), phone_address(LUCA)])
        )
        contact = store.contacts.get(luca)
        ascii_mid, _ = queue_sms(
            store, config, contact=contact, original=None, text="Ok, a domani", now=NOW
        )
        uni_mid, _ = queue_sms(
            store, config, contact=contact, original=None, text="Perché no? 😄", now=NOW
        )
        assert await sender.run_once() == 2
        sent = kannel.smsc.wait_mt(2)
        assert sorted(m.text for m in sent) == sorted(["Ok, a domani", "Perché no? 😄"])
        assert all(m.receiver == LUCA for m in sent)
        # Both reports (8 smsc accepted, then 1 delivered) arrive at our receiver.
        await until(lambda: store.messages.get(ascii_mid).state is DeliveryState.DELIVERED)
        await until(lambda: store.messages.get(uni_mid).state is DeliveryState.DELIVERED)
        # The details view's history: the outbox's steps, then Kannel's own reports.
        history = [(e.state, e.source) for e in store.delivery.history(ascii_mid)]
        assert history[:3] == [
            (DeliveryState.QUEUED, "outbox"),
            (DeliveryState.SENDING, "outbox"),
            (DeliveryState.SENT, "kannel"),
        ]
        assert (DeliveryState.DELIVERED, "kannel") in history[3:]
    finally:
        await service.stop()


async def test_failure_report_has_the_reason(store: Store, kannel_factory) -> None:
    config, service, kannel, sender = kannel_setup(store, kannel_factory, free_port())
    await service.start()
    try:
        # +999 is no real country: the address is made directly, not parsed.
        unreachable = Address(AddressKind.PHONE, FAIL_PREFIX + "1555000")
        who = store.contacts.upsert(Contact(None, "Nobody", [unreachable]))
        mid, _ = queue_sms(
            store, config, contact=store.contacts.get(who), original=None, text="x", now=NOW
        )
        await sender.run_once()
        await until(lambda: store.messages.get(mid).state is DeliveryState.FAILED)
        reason = store.messages.get(mid).state_reason
        assert reason
        last = store.delivery.history(mid)[-1]
        assert (last.state, last.source, last.changed) == (DeliveryState.FAILED, "kannel", True)
    finally:
        await service.stop()


async def test_inbound_ascii_and_emoji_join_the_conversation(store: Store, kannel_factory) -> None:
    config, service, kannel, sender = kannel_setup(store, kannel_factory, free_port())
    await service.start()
    try:
        luca = store.contacts.upsert(
            Contact(None, "Luca", [email_address("luca@x.it"), phone_address(LUCA)])
        )
        kannel.send_mo(LUCA, OUR_NUMBER, "Posso chiamarla domani?")
        kannel.send_mo(LUCA, OUR_NUMBER, "Grazie mille 🙏")
        await until(lambda: len(store.messages.conversation(luca, None)) == 2)
        texts = {m.body for m in store.messages.conversation(luca, None)}
        assert texts == {"Posso chiamarla domani?", "Grazie mille 🙏"}
        msg = store.messages.conversation(luca, None)[0]
        assert msg.channel is Channel.SMS and msg.direction is Direction.INBOUND and msg.unread
    finally:
        await service.stop()


async def test_retried_webhook_is_stored_once_and_forgeries_refused(
    store: Store, kannel_factory
) -> None:
    config, service, kannel, sender = kannel_setup(store, kannel_factory, free_port())
    await service.start()
    try:
        base = service.server.hook_base("sms")
        query = (
            "from=%2B393331234567&to=%2B390212345678&text=ciao&coding=0&charset=UTF-8"
            "&id=abc-1&ts=1795000000"
        )

        def get(url: str) -> int:
            try:
                return urllib.request.urlopen(url, timeout=5).status
            except urllib.error.HTTPError as exc:
                return exc.code

        for _ in range(3):  # the gateway retried twice
            assert await asyncio.to_thread(get, f"{base}/kannel/inbound?{query}") == 200
        assert store.messages.count() == 1
        forged = base.rsplit("/", 1)[0] + "/not-the-token"
        assert await asyncio.to_thread(get, f"{forged}/kannel/inbound?{query}") == 401
        assert await asyncio.to_thread(get, f"{base}/kannel/inbound?text=x") == 400
        assert store.messages.count() == 1
    finally:
        await service.stop()


async def test_kannel_down_then_back(store: Store, kannel_factory) -> None:
    config, service, kannel, sender = kannel_setup(store, kannel_factory, free_port())
    await service.start()
    try:
        who = store.contacts.upsert(Contact(None, "Luca", [phone_address(LUCA)]))
        kannel.kill()
        mid, item = queue_sms(
            store, config, contact=store.contacts.get(who), original=None, text="Arrivo", now=NOW
        )
        await sender.run_once()
        queued = store.outbox.get(item)
        assert queued.state == "queued" and "refused" in queued.last_error
        kannel.start()
        sender.clock = lambda: queued.next_attempt_ts
        await sender.run_once()
        assert store.outbox.get(item).state == "sent"
        assert [m.text for m in kannel.smsc.wait_mt(1)] == ["Arrivo"]
    finally:
        await service.stop()
