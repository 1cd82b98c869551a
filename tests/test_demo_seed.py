"""The demo store: realistic, bilingual, mixed channels, deterministic, and scalable."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from inbox_tui.core.models import Channel, DeliveryState, Direction, TimelineFilter, View
from inbox_tui.services.demo import seed_demo
from inbox_tui.store import Store

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
ROME = ZoneInfo("Europe/Rome")


def test_demo_content(demo_store: Store) -> None:
    store = demo_store
    assert store.messages.count() >= 300 and store.contacts.count() == 20
    assert store.messages.count(TimelineFilter(View.UNREAD)) > 0
    assert store.messages.count(TimelineFilter(View.AWAITING)) > 0
    luca = next(c for c in store.contacts.all() if c.name == "Luca Bianchi")
    convo = store.messages.conversation(luca.id, None)
    assert {m.channel for m in convo} == {Channel.EMAIL, Channel.SMS}
    assert {m.direction for m in convo} == {Direction.INBOUND, Direction.OUTBOUND}
    english = next(c for c in store.contacts.all() if c.name == "James Whitfield")
    assert any(
        "What do you think?" in m.body for m in store.messages.conversation(english.id, None)
    )
    (late,) = [r for r in store.messages.search("riso pasta") if r.direction is Direction.INBOUND]
    when = datetime.fromtimestamp(late.timestamp, ROME)
    assert (when.hour, when.minute) == (23, 30) and late.channel is Channel.SMS
    states = {
        m.state for c in store.contacts.all() for m in store.messages.conversation(c.id, None)
    }
    assert {DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ} <= states
    assert {DeliveryState.FAILED, DeliveryState.QUEUED} <= states
    failed = [
        m
        for c in store.contacts.all()
        for m in store.messages.conversation(c.id, None)
        if m.state is DeliveryState.FAILED
    ]
    assert failed and all(m.state_reason for m in failed)
    assert (
        max(r.timestamp for r in store.messages.page_after(TimelineFilter(), None, 1))
        < NOW.timestamp()
    )


def test_deterministic(tmp_path: Path) -> None:
    def snapshot(name: str) -> list[tuple]:
        store = Store(tmp_path / name)
        seed_demo(store, now=NOW)
        rows = store.query("SELECT ts, subject, body, state FROM messages ORDER BY id")
        store.close()
        return [tuple(r) for r in rows]

    assert snapshot("a.sqlite3") == snapshot("b.sqlite3")


def test_exact_size(tmp_path: Path) -> None:
    store = Store(tmp_path / "big.sqlite3")
    assert seed_demo(store, size=2000, now=NOW) == 2000
    assert store.messages.count() == 2000 and store.contacts.count() == 20
    assert store.messages.search("udienza") and store.messages.search("dieta")
    store.close()
    small = Store(tmp_path / "small.sqlite3")
    assert seed_demo(small, size=50, now=NOW) == 50 == small.messages.count()
    small.close()
