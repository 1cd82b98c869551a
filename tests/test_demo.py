"""The demo seeder against a real store: what the issue asks the demo to show."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inbox_tui.core.models import (
    AddressKind,
    Channel,
    DeliveryState,
    Direction,
    Message,
    TimelineFilter,
    View,
)
from inbox_tui.services.demo import seed_demo
from inbox_tui.store import Store
from ui_helpers import FIXED_NOW

ROME = ZoneInfo("Europe/Rome")
# The words bench/timeline.py searches for: a large store must find every one of them.
# fmt: off
BENCH_WORDS = [
    "riso", "pasta", "udienza", "contratto", "fattura", "appuntamento", "dieta", "invoice",
    "meeting", "thank", "grazie", "urgente", "ricorso", "plan", "luca", "anna", "documenti",
    "cena", "settimana", "court", "sentenza", "colazione", "proposal", "question",
]
# fmt: on
ITALIAN = {"grazie", "buongiorno", "il", "che", "per", "non", "della"}
ENGLISH = {"the", "thank", "you", "and", "is", "for", "could"}


def _words(message: Message) -> set[str]:
    return set(re.findall(r"\w+", f"{message.subject} {message.body}".lower()))


def _contact_id(store: Store, name: str) -> int:
    return next(c.id for c in store.contacts.all() if c.name == name)


def _all_messages(store: Store) -> list[Message]:
    return [store.messages.get(r["id"]) for r in store.query("SELECT id FROM messages")]


def test_size_and_contacts(demo_store: Store) -> None:
    assert demo_store.messages.count() >= 300
    contacts = demo_store.contacts.all()
    assert 18 <= len(contacts) <= 22
    for contact in contacts:  # everyone can be reached on both channels
        assert {a.kind for a in contact.addresses} == {AddressKind.EMAIL, AddressKind.PHONE}


def test_one_conversation_mixes_languages_and_channels(demo_store: Store) -> None:
    convo = demo_store.messages.conversation(_contact_id(demo_store, "James Whitfield"), None)
    assert {m.channel for m in convo} == {Channel.EMAIL, Channel.SMS}
    assert {m.direction for m in convo} == {Direction.INBOUND, Direction.OUTBOUND}
    assert any(_words(m) & ITALIAN and not _words(m) & ENGLISH for m in convo)
    assert any(_words(m) & ENGLISH and not _words(m) & ITALIAN for m in convo)


def test_both_languages_across_clients(demo_store: Store) -> None:
    italian = english = 0
    for contact in demo_store.contacts.all():
        convo = demo_store.messages.conversation(contact.id, None)
        inbound = [_words(m) for m in convo if m.direction is Direction.INBOUND]
        italian += sum(len(w & ITALIAN) > len(w & ENGLISH) for w in inbound) > len(inbound) / 2
        english += sum(len(w & ENGLISH) > len(w & ITALIAN) for w in inbound) > len(inbound) / 2
    assert italian >= 10 and english >= 6


def test_late_night_sms_in_local_time(demo_store: Store) -> None:
    hits = [r for r in demo_store.messages.search("riso") if r.direction is Direction.INBOUND]
    late = [
        r for r in hits if datetime.fromtimestamp(r.timestamp, ROME).strftime("%H:%M") == "23:30"
    ]
    assert len(late) == 1 and late[0].channel is Channel.SMS
    assert "Posso mangiare riso o pasta stasera?" in demo_store.messages.get(late[0].id).body
    assert demo_store.messages.search("pasta")


def test_awaiting_and_unread(demo_store: Store) -> None:
    awaiting = demo_store.messages.page_after(TimelineFilter(View.AWAITING), None, 100)
    unread = demo_store.messages.page_after(TimelineFilter(View.UNREAD), None, 100)
    assert len({r.contact_id for r in awaiting}) >= 5
    assert unread and all(r.direction is Direction.INBOUND for r in unread)
    # Unread means recent: what the professional has not had time to open yet.
    assert all(FIXED_NOW.timestamp() - r.timestamp < 4 * 86400 for r in unread)


def test_states_senders_subjects_threads(demo_store: Store) -> None:
    messages = _all_messages(demo_store)
    outbound = [m for m in messages if m.direction is Direction.OUTBOUND]
    assert {m.state for m in outbound} >= {
        DeliveryState.SENT,
        DeliveryState.DELIVERED,
        DeliveryState.READ,
        DeliveryState.FAILED,
        DeliveryState.QUEUED,
    }
    assert all(m.state_reason for m in outbound if m.state is DeliveryState.FAILED)
    inbound = [m for m in messages if m.direction is Direction.INBOUND]
    assert {m.state for m in inbound} == {DeliveryState.RECEIVED}
    owned = {c.id: {a.value for a in c.addresses} for c in demo_store.contacts.all()}
    assert all(m.sender in owned[m.contact_id] for m in inbound)
    assert not any(m.sender in owned[m.contact_id] for m in outbound)
    for m in messages:
        if m.channel is Channel.SMS:
            assert (m.subject, m.account, m.thread_key) == ("", "sms", None)
            assert m.sender.startswith("+")
        else:
            assert m.subject and m.account == "studio" and m.thread_key
    # A thread key never spans two contacts.
    keys = {(m.thread_key, m.contact_id) for m in messages if m.thread_key}
    assert len(keys) == len({k for k, _ in keys})


def test_spread_over_recent_weeks(demo_store: Store) -> None:
    stamps = [m.timestamp for m in _all_messages(demo_store)]
    now = FIXED_NOW.timestamp()
    assert now - timedelta(hours=6).total_seconds() < max(stamps) < now
    assert (
        now - timedelta(weeks=9).total_seconds()
        < min(stamps)
        < now - timedelta(weeks=5).total_seconds()
    )
    local = [datetime.fromtimestamp(ts, ROME) for ts in stamps]
    office = [t for t in local if t.weekday() < 5 and 8 <= t.hour < 19]
    assert len(office) > 0.6 * len(local) and len(office) < len(local)


@pytest.mark.parametrize("size", [None, 2500])
def test_deterministic(tmp_path: Path, size: int | None) -> None:
    def seeded(name: str) -> list[tuple]:
        store = Store(tmp_path / name)
        seed_demo(store, size=size, now=FIXED_NOW)
        rows = store.query("SELECT ts, subject, body FROM messages ORDER BY id")
        store.close()
        return [tuple(r) for r in rows]

    assert seeded("a.sqlite3") == seeded("b.sqlite3")


@pytest.mark.parametrize("hour", [0, 5, 23])  # UTC: 01:00, 06:00 and 00:00 in Rome
def test_any_start_time_keeps_the_past_in_order(tmp_path: Path, hour: int) -> None:
    now = FIXED_NOW.replace(hour=hour)
    store = Store(tmp_path / "early.sqlite3")
    seed_demo(store, now=now)
    assert store.query_one("SELECT max(ts) FROM messages")[0] < now.timestamp()
    sara = store.messages.conversation(_contact_id(store, "Sara Gallo"), None)
    assert "riso o pasta" in sara[-1].body  # still her last word, still awaiting a reply
    assert store.messages.count(TimelineFilter(View.AWAITING)) > 0
    store.close()


def test_timezone_moves_local_times(tmp_path: Path) -> None:
    store = Store(tmp_path / "ny.sqlite3")
    seed_demo(store, tz="America/New_York", now=FIXED_NOW)
    (late,) = [r for r in store.messages.search("mangiare riso") if r.channel is Channel.SMS]
    assert datetime.fromtimestamp(late.timestamp, ZoneInfo("America/New_York")).hour == 23
    store.close()


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory):
    store = Store(tmp_path_factory.mktemp("demo") / "big.sqlite3")
    assert seed_demo(store, size=2000, now=FIXED_NOW) == 2000
    yield store
    store.close()


def test_exact_size_keeps_the_story(big_store: Store, demo_store: Store) -> None:
    assert big_store.messages.count() == 2000
    names = {c.name for c in big_store.contacts.all()}
    assert {c.name for c in demo_store.contacts.all()} <= names
    # Older history is answered history: it adds nothing to "Awaiting reply" or unread.
    for view in (View.AWAITING, View.UNREAD):
        flt = TimelineFilter(view)
        assert big_store.messages.count(flt) == demo_store.messages.count(flt)
    oldest = big_store.query_one("SELECT min(ts) FROM messages")[0]
    assert oldest < FIXED_NOW.timestamp() - 80 * 86400


def test_bench_words_are_found(big_store: Store) -> None:
    missing = [w for w in BENCH_WORDS if not big_store.messages.search(w, limit=1)]
    assert not missing


def test_smaller_than_the_story(tmp_path: Path) -> None:
    store = Store(tmp_path / "small.sqlite3")
    assert seed_demo(store, size=40, now=FIXED_NOW) == 40 == store.messages.count()
    store.close()
