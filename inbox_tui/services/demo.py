"""Seeding a demo store: realistic client conversations, or N messages for scale checks.

Deterministic for a given `now` (a private Random with a fixed seed), so snapshots and
tests see the same store every time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Channel, Contact, DeliveryState, Direction, Message
from inbox_tui.services.demo_content import CONTACTS, DAYS, ROUTINE, SCRIPTS
from inbox_tui.store import Store

ME_EMAIL = "maria@studio-rossi.example"
ME_PHONE = "+390212345678"
CHUNK = 5000
ROUTINE_PER_CONTACT = 12
FAILED_REASON = "550 5.1.1 <f.romano@example.com>: mailbox temporarily unavailable"


def seed_demo(
    store: Store, size: int | None = None, tz: str = "Europe/Rome", now: datetime | None = None
) -> int:
    """Seed the demo; returns the number of messages inserted (exactly `size` if given)."""
    now = now or datetime.now(timezone.utc)
    zone = ZoneInfo(tz)
    ids = _contacts(store)
    messages = list(_conversations(ids, now, zone))
    if size is None:
        return store.messages.add_many(messages)
    messages.sort(key=lambda m: m.timestamp, reverse=True)
    head = messages[:size]
    total = store.messages.add_many(head)
    extra = _bulk(ids, now, zone, size - total)
    while True:
        chunk = [m for _, m in zip(range(CHUNK), extra, strict=False)]
        if not chunk:
            return total
        total += store.messages.add_many(chunk)


def _contacts(store: Store) -> dict[str, tuple[int, str, str, str]]:
    """name → (id, email, E.164 phone, language)."""
    ids = {}
    for name, email, phone, language, _practice in CONTACTS:
        addresses = [email_address(email), phone_address(phone)]
        urgent = name == "Anna Verdi"
        contact = Contact(None, name, addresses, sla="4h" if urgent else "1d", urgent=urgent)
        ids[name] = (store.contacts.upsert(contact), email, addresses[1].value, language)
    return ids


def _at(now: datetime, zone: ZoneInfo, days: int, hhmm: str) -> int:
    local = now.astimezone(zone) - timedelta(days=days)
    hour, minute = (int(x) for x in hhmm.split(":"))
    when = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    # "Today" lines later than now would be in the future: keep them just before it.
    latest = now - timedelta(minutes=3)
    return int(min(when, latest.astimezone(zone)).timestamp())


def _message(
    ids: dict[str, tuple[int, str, str, str]],
    name: str,
    ts: int,
    channel: str,
    who: str,
    subject: str,
    body: str,
    state: str,
    unread: bool,
    thread: str,
) -> Message:
    contact_id, email, phone, _ = ids[name]
    outbound = who == "me"
    sms = channel == "sms"
    if outbound:
        sender = ME_PHONE if sms else ME_EMAIL
        delivery = DeliveryState(state or "sent")
    else:
        sender = phone if sms else email
        delivery = DeliveryState.RECEIVED
    return Message(
        id=None,
        channel=Channel.SMS if sms else Channel.EMAIL,
        direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
        contact_id=contact_id,
        account="sms" if sms else "studio",
        timestamp=ts,
        subject="" if sms else subject,
        body=body,
        sender=sender,
        thread_key=None if sms else thread,
        unread=unread and not outbound,
        state=delivery,
        state_reason=FAILED_REASON if delivery is DeliveryState.FAILED else None,
        recipients="" if not outbound else (phone if sms else email),
    )


def _conversations(
    ids: dict[str, tuple[int, str, str, str]], now: datetime, zone: ZoneInfo
) -> Iterator[Message]:
    rng = random.Random(20261123)
    for name, script in SCRIPTS.items():
        thread, last_subject = f"<{name.split()[0].lower()}-1@demo>", ""
        for days, hhmm, channel, who, subject, body, state in script:
            if channel == "email":
                if subject and not subject.lower().startswith("re:"):
                    thread = f"<{name.split()[0].lower()}-{days}@demo>"
                    last_subject = subject
                subject = subject or f"Re: {last_subject}"
            ts = _at(now, zone, days, hhmm)
            unread = days <= 3 and who == "c"
            yield _message(ids, name, ts, channel, who, subject, body, state, unread, thread)
        yield from _routine(ids, name, now, zone, rng)


def _routine(
    ids: dict[str, tuple[int, str, str, str]],
    name: str,
    now: datetime,
    zone: ZoneInfo,
    rng: random.Random,
    count: int = ROUTINE_PER_CONTACT,
    span_days: int = 56,
) -> Iterator[Message]:
    """Everyday admin (confirmations, documents, invoices) around the main story."""
    language = ids[name][3]
    lines = ROUTINE[language]
    start = rng.randrange(0, len(lines) - 1, 2)
    days = sorted((rng.randint(5, span_days) for _ in range(count // 2)), reverse=True)
    for n, day in enumerate(days):
        base = (start + 2 * n) % len(lines)
        hour = f"{rng.choice([9, 10, 11, 14, 15, 16, 17])}:{rng.choice(['00', '15', '30', '45'])}"
        channel = rng.choice(["email", "sms", "sms"])
        thread = f"<{name.split()[0].lower()}-r{day}@demo>"
        for k, (who, subject, text) in enumerate(lines[base : base + 2]):
            body = text.format(day=rng.choice(DAYS[language]), hour=hour)
            ts = _at(now, zone, day, hour) + 3600 * k + rng.randint(0, 1800)
            state = "read" if rng.random() < 0.6 else "delivered"
            title = subject or ("Re: " + (lines[base][1] or "Appuntamento"))
            yield _message(ids, name, ts, channel, who, title, body, state, False, thread)


def _bulk(
    ids: dict[str, tuple[int, str, str, str]], now: datetime, zone: ZoneInfo, count: int
) -> Iterator[Message]:
    """Older history for scale checks: the same people and kinds of exchange, going back
    one day further per batch, generated lazily so 100k never sits in memory at once."""
    rng = random.Random(7)
    names = list(SCRIPTS)
    produced = 0
    day = 60
    while produced < count:
        name = names[produced % len(names)]
        script = SCRIPTS[name]
        days, hhmm, channel, who, subject, body, state = script[produced % len(script)]
        ts = _at(now, zone, day + days, hhmm) - rng.randint(0, 3600)
        thread = f"<{name.split()[0].lower()}-{day}@demo>"
        subject = subject or "Re: pratica"
        yield _message(ids, name, ts, channel, who, subject, body, state or "read", False, thread)
        produced += 1
        if produced % len(names) == 0:
            day += 1
