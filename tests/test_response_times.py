"""Due times from contact SLAs on the work calendar, and the awaiting counts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import email_address
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.services.response_times import awaiting_by_due, awaiting_summary, refresh_due
from inbox_tui.services.shield import Shield
from inbox_tui.store import Store

ROME = ZoneInfo("Europe/Rome")
CONFIG = parse_config_text('[profile]\ntimezone = "Europe/Rome"\n', "c.toml")


def _incoming(store: Store, contact: int, at: datetime, n: int) -> int:
    return store.messages.add(
        Message(
            None,
            Channel.EMAIL,
            Direction.INBOUND,
            contact,
            "studio",
            int(at.timestamp()),
            subject=f"q{n}",
            body="?",
            sender="x@y.test",
            remote_id=f"r{n}",
            unread=True,
        )  # fmt: skip
    )


def test_due_times_follow_the_calendar_and_replies_clear_them(store: Store) -> None:
    anna = store.contacts.upsert(Contact(None, "Anna", [email_address("a@x.test")], sla="4h"))
    luca = store.contacts.upsert(Contact(None, "Luca", [email_address("l@x.test")], sla="1d"))
    nobody = store.contacts.upsert(Contact(None, "Sara", [email_address("s@x.test")]))
    friday_1700 = datetime(2026, 11, 27, 17, 0, tzinfo=ROME)
    a = _incoming(store, anna, friday_1700, 1)
    b = _incoming(store, luca, datetime(2026, 11, 27, 9, 0, tzinfo=ROME), 2)
    c = _incoming(store, nobody, friday_1700, 3)
    clock_at = [datetime(2026, 11, 30, 11, 0, tzinfo=ROME).timestamp()]  # Monday 11:00
    shield = Shield(store, CONFIG, lambda: clock_at[0])
    assert refresh_due(shield) == 2 and refresh_due(shield) == 0
    due_a = store.query_one("SELECT due_ts FROM messages WHERE id = ?", (a,))[0]
    # 4 working hours from Friday 17:00: one hour on Friday, three on Monday from 08:30.
    assert datetime.fromtimestamp(due_a, ROME) == datetime(2026, 11, 30, 11, 30, tzinfo=ROME)
    due_b = store.query_one("SELECT due_ts FROM messages WHERE id = ?", (b,))[0]
    # One working day (8 h on the default week) from Friday 09:00: Monday 09:00.
    assert datetime.fromtimestamp(due_b, ROME) == datetime(2026, 11, 30, 9, 0, tzinfo=ROME)
    summary = awaiting_summary(shield)
    assert (summary.total, summary.at_risk, summary.overdue) == (3, 1, 1)
    assert [(i, level) for i, _due, level in awaiting_by_due(shield)] == [
        (b, "overdue"), (a, "at-risk"), (c, "none"),
    ]  # fmt: skip
    # A reply to Luca on any channel answers what he wrote before it.
    store.messages.add(
        Message(
            None,
            Channel.SMS,
            Direction.OUTBOUND,
            luca,
            "sms",
            int(datetime(2026, 11, 30, 10, 55, tzinfo=ROME).timestamp()),
            body="Eccomi",
        )  # fmt: skip
    )
    assert [i for i, _d, _l in awaiting_by_due(shield)] == [a, c]
