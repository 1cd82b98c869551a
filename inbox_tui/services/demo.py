"""Seeding a demo store: realistic client conversations, or N messages for scale checks.

The default demo is the scripted weeks of demo_content plus everyday exchanges around each
story. With `size`, years of older history are generated from the same material, lazily
and in chunks, so 100k messages never sit in memory at once. Deterministic for a given
`now` (private Randoms with fixed seeds; the wall clock only stands in for a missing
`now`), so snapshots never drift.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Contact, DeliveryState, Message
from inbox_tui.services import demo_content as text
from inbox_tui.services.demo_messages import DAY, Person, exchange_messages, person_message
from inbox_tui.store import Store

CHUNK = 5_000  # messages per add_many call: one transaction, bounded memory
SEED = 20_261_120
ROUTINE = 5  # everyday exchanges per named contact in the default demo
RECENT = 3 * DAY  # unanswered client messages younger than this are still unread
HISTORY_GAP = 60  # days: generated history starts where the scripted weeks end
HISTORY_MAX_DAYS = 6 * 365
PER_DAY = 45  # messages a day in generated history, until it reaches HISTORY_MAX_DAYS
MAX_CROWD = 180  # generated clients in a large store, besides the named ones
CROWD_FROM = 10_000  # smaller stores: only the named clients, each with a longer history
NAMED_SHARE = 0.35  # of generated exchanges that involve the named clients
WEEKEND_WEIGHT = 0.3


class _Clock:
    """Local days in the demo timezone, counted back from `now`."""

    def __init__(self, now: datetime, zone: ZoneInfo) -> None:
        self.now = int(now.timestamp())
        self.zone = zone
        self.today = now.astimezone(zone).date()

    def at(self, days_ago: int, when: str) -> int:
        """`when` is local "HH:MM" on that day, or "-N": N minutes before now."""
        if when.startswith("-"):
            return self.now + int(when) * 60
        day = self.today - timedelta(days=days_ago)
        hour, minute = (int(x) for x in when.split(":"))
        local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)
        return int(local.timestamp())

    def midnight(self, days_ago: int) -> int:
        return self.at(days_ago, "00:00")


def seed_demo(
    store: Store, size: int | None = None, tz: str = "Europe/Rome", now: datetime | None = None
) -> int:
    """Seed a demo store; returns the number of messages inserted (exactly `size` if given)."""
    clock = _Clock(now or datetime.now(timezone.utc), ZoneInfo(tz))
    named = _add_people(store, text.CONTACTS)
    scripted = list(_scripted(named, clock))
    if size is None:
        return store.messages.add_many(scripted)
    # A large store keeps the scripted weeks (the newest part) and grows older history.
    scripted.sort(key=lambda m: m.timestamp, reverse=True)
    total = store.messages.add_many(scripted[:size])
    if total < size:
        extra = min(MAX_CROWD, size // 500) if size > CROWD_FROM else 0
        crowd = _add_people(store, _crowd(extra))
        history = _history(list(named.values()), list(crowd.values()), clock, size - total)
        while chunk := list(islice(history, CHUNK)):
            total += store.messages.add_many(chunk)
    return total


def _add_people(store: Store, rows: Iterable[tuple]) -> dict[str, Person]:
    people = {}
    with store.transaction() as tx:  # one commit for all of them, not one per contact
        for name, email, phone, lang, practice, sla, urgent in rows:
            addresses = [email_address(email), phone_address(phone)]
            contact = Contact(None, name, addresses, sla=sla, urgent=urgent)
            contact_id = store.contacts.upsert_in(tx, contact)
            values = [a.value for a in addresses]
            people[name] = Person(contact_id, name.split()[0], *values, lang, practice)
    return people


def _crowd(count: int) -> list[tuple]:
    """Made-up clients with fictional numbers (UK 07700 900xxx, US 555-01xx)."""
    rng = random.Random(SEED + 1)
    names = {row[0] for row in text.CONTACTS}
    phones = {row[2].replace(" ", "") for row in text.CONTACTS}
    rows: list[tuple] = []
    while len(rows) < count:
        lang = "it" if rng.random() < 0.6 else "en"
        firsts, lasts = text.CROWD_NAMES[lang]
        first, last = rng.choice(firsts), rng.choice(lasts)
        if lang == "it":
            phone = f"+39 3{rng.choice(text.IT_MOBILE)} {rng.randrange(10**7):07d}"
        elif rng.random() < 0.5:
            phone = f"+44 7700 900{rng.randrange(1000):03d}"
        else:
            phone = f"+1 {rng.choice(text.US_AREAS)} 555 01{rng.randrange(100):02d}"
        name = f"{first} {last}"
        if name in names or phone.replace(" ", "") in phones:
            continue
        names.add(name)
        phones.add(phone.replace(" ", ""))
        email = f"{first}.{last}@example.{rng.choice(['com', 'org', 'it'])}".lower()
        rows.append((name, email, phone, lang, rng.choice(["law", "diet"]), None, False))
    return rows


def _scripted(people: dict[str, Person], clock: _Clock) -> Iterator[Message]:
    rng = random.Random(SEED)
    for name, lines in text.SCRIPTS.items():
        person = people[name]
        slug = name.split()[-1].lower()
        times = _script_times(lines, clock)
        last_out = max(ts for ts, line in zip(times, lines, strict=True) if line[3] == "me")
        threads: dict[str, str] = {}
        current = ""
        for ts, (_, _, channel, who, subject, body, state) in zip(times, lines, strict=True):
            thread = None
            if channel == text.E:
                current = subject.removeprefix("Re: ") or current
                thread = threads.setdefault(current, f"<{slug}.{len(threads) + 1}@demo.example>")
                subject = subject or f"Re: {current}"
            if who == "me":
                yield person_message(
                    person, ts, channel, subject, body, thread, DeliveryState(state)
                )
            else:
                unread = ts > last_out and clock.now - ts < RECENT
                yield person_message(person, ts, channel, subject, body, thread, unread=unread)
        # Everyday exchanges go between the first message and the last reply of the story:
        # not before the client found us, and never answering what still awaits a reply.
        newest = 2 + min(line[0] for line in lines if line[3] == "me")
        days = range(newest, lines[0][0])
        count = min(ROUTINE, len(days))
        topics = rng.sample(text.EXCHANGES[(person.practice, person.lang)], count)
        for n, day in enumerate(sorted(rng.sample(days, count), reverse=True)):
            midnight, secs = clock.midnight(day), _local_time(rng)
            thread = f"<{slug}.r{n + 1}@demo.example>"
            yield from exchange_messages(rng, person, midnight, secs, thread, topic=topics[n])


def _script_times(lines: list[tuple], clock: _Clock) -> list[int]:
    times = [clock.at(days, when) for days, when, *_ in lines]
    # Early in the morning a "today" line could fall after the clock or after a "-N" line:
    # pull such lines back so the story keeps its order and nothing is in the future.
    limit = clock.now - 60
    for i in range(len(times) - 1, -1, -1):
        times[i] = min(times[i], limit)
        limit = times[i] - 60
    return times


def _history(
    named: list[Person], crowd: list[Person], clock: _Clock, count: int
) -> Iterator[Message]:
    """`count` older messages, newest first, spread back over up to six years."""
    rng = random.Random(SEED + 2)
    span = max(30, min(HISTORY_MAX_DAYS, count // PER_DAY))
    # Clients write at weekends too, but far less: a day's share of the total follows
    # its weight, and the running target absorbs the rounding.
    days = (clock.today - timedelta(days=HISTORY_GAP + d) for d in range(span))
    weights = [WEEKEND_WEIGHT if day.weekday() >= 5 else 1.0 for day in days]
    scale = count / sum(weights)
    produced = n = 0
    reached = 0.0
    for day, weight in enumerate(weights):
        reached += weight * scale
        target = count if day == span - 1 else min(count, round(reached))
        midnight = clock.midnight(HISTORY_GAP + day)
        while produced < target:
            use_crowd = crowd and rng.random() > NAMED_SHARE
            person = rng.choice(crowd) if use_crowd else rng.choice(named)
            n += 1
            thread = f"<h{n}.{person.id}@demo.example>"
            exchange = exchange_messages(rng, person, midnight, _local_time(rng), thread)
            kept = exchange[: count - produced]
            yield from kept
            produced += len(kept)


def _local_time(rng: random.Random) -> int:
    """Seconds after local midnight: office hours mostly, some evenings."""
    if rng.random() < 0.8:
        return rng.randint(8 * 3600 + 1800, 18 * 3600 + 1800)
    return rng.randint(19 * 3600, 23 * 3600 + 40 * 60)
