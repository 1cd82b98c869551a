"""The Awaiting-reply view: messages sorted by the time their reply is due, at-risk and
overdue ones marked on the row and counted in the sidebar; machines' mail and delivery
reports never await a reply. The store is seeded, the clock injected, no servers."""

from __future__ import annotations

from datetime import datetime

import pytest

from inbox_tui.config_file import ConfigError, format_problems, parse_config_text
from inbox_tui.core.addresses import email_address
from inbox_tui.core.models import Channel, Contact, Direction, Message, TimelineFilter, View
from inbox_tui.core.sla import due_label
from inbox_tui.services.response_times import AwaitingView, refresh_due
from inbox_tui.services.shield import Shield
from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.widgets.sidebar import Sidebar
from ui_helpers import ROME, screen_text, settle

CONFIG = parse_config_text('[profile]\ntimezone = "Europe/Rome"\n', "c.toml")
MONDAY_1100 = datetime(2026, 11, 30, 11, 0, tzinfo=ROME)


def _incoming(store: Store, contact: int | None, at: datetime, subject: str, **extra) -> int:
    return store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, contact, "studio", int(at.timestamp()),
                subject=subject, body="?", sender="x@y.test", remote_id=subject, **extra)
    )  # fmt: skip


def _seed(store: Store) -> dict[str, int]:
    """Luca's 1d promise is overdue, Anna's 4h at risk, Carla's 2d fine, Sara has none."""

    def contact(name: str, sla: str | None) -> int:
        address = email_address(f"{name.lower()}@client.test")
        return store.contacts.upsert(Contact(None, name, [address], sla=sla))

    ids = {
        "sara": _incoming(store, contact("Sara", None), datetime(2026, 11, 26, 9, 0, tzinfo=ROME),
                          "Sara chiede"),
        "carla": _incoming(store, contact("Carla", "2d"),
                           datetime(2026, 11, 30, 9, 0, tzinfo=ROME), "Carla contratto"),
        "anna": _incoming(store, contact("Anna", "4h"),
                          datetime(2026, 11, 27, 17, 0, tzinfo=ROME), "Anna ricorso"),
        "luca": _incoming(store, contact("Luca", "1d"),
                          datetime(2026, 11, 27, 9, 0, tzinfo=ROME), "Luca udienza"),
    }  # fmt: skip
    refresh_due(Shield(store, CONFIG, lambda: MONDAY_1100.timestamp()))
    return ids


def test_due_labels() -> None:
    now = MONDAY_1100
    assert due_label(datetime(2026, 11, 30, 14, 30, tzinfo=ROME), now, "ok") == "due 14:30"
    assert due_label(datetime(2026, 12, 1, 8, 30, tzinfo=ROME), now, "at-risk") == "due Tue 08:30"
    assert (
        due_label(datetime(2026, 11, 30, 9, 0, tzinfo=ROME), now, "overdue")
        == "overdue since 09:00"
    )
    assert due_label(datetime(2026, 12, 14, 9, 0, tzinfo=ROME), now, "ok") == "due 14 Dec 09:00"


def test_page_by_due_puts_the_most_pressing_first(store: Store) -> None:
    ids = _seed(store)
    rows = store.messages.page_by_due(0, 10)
    assert [r.id for r in rows] == [ids["luca"], ids["anna"], ids["carla"], ids["sara"]]
    assert rows[-1].due_ts is None and all(r.due_ts for r in rows[:-1])
    assert [r.id for r in store.messages.page_by_due(1, 2)] == [ids["anna"], ids["carla"]]
    plan = " ".join(
        str(r[3])
        for r in store.query(
            "EXPLAIN QUERY PLAN SELECT id FROM messages m WHERE m.awaiting = 1"
            " ORDER BY m.due_ts IS NULL, m.due_ts, m.ts, m.id"
        )
    )
    assert "messages_awaiting_due" in plan and "TEMP B-TREE" not in plan


def test_awaiting_view_rows_carry_their_risk(store: Store) -> None:
    ids = _seed(store)
    view = AwaitingView(Shield(store, CONFIG, lambda: MONDAY_1100.timestamp()))
    assert view.count() == 4
    urgency = {r.id: r.urgency for r in view.fetch(0, None, None)}
    assert urgency == {ids["luca"]: "overdue", ids["anna"]: "at-risk", ids["carla"]: "ok",
                       ids["sara"]: ""}  # fmt: skip


def test_machines_and_reports_do_not_await_a_reply(store: Store) -> None:
    shop = store.contacts.upsert(Contact(None, "Shop", [email_address("news@shop.test")]))
    _incoming(store, shop, MONDAY_1100, "Offerte", automated=True)
    _incoming(store, None, MONDAY_1100, "Delivery Status Notification", report_of=0)
    person = _incoming(store, shop, MONDAY_1100, "Una domanda vera")
    assert [r.id for r in store.messages.page_by_due(0, 10)] == [person]
    assert store.messages.count(TimelineFilter(View.AWAITING)) == 1


def test_a_week_without_work_hours_is_refused() -> None:
    days = "\n".join(f"{d} = []" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    with pytest.raises(ConfigError) as err:
        text = f"[profile]\ntimezone = 'Europe/Rome'\n\n[work_hours]\n{days}\n"
        parse_config_text(text, "w.toml")
    text = format_problems(err.value.problems)
    assert text.startswith("w.toml:4: work_hours: no working hours on any day of the week")
    assert 'fix: give at least one weekday its hours, e.g. mon = ["09:00-18:00"]' in text


async def test_awaiting_view_sorted_by_due_with_risk_and_sidebar_counts(store: Store) -> None:
    _seed(store)
    app = InboxApp(store, tz=ROME, clock=lambda: MONDAY_1100, config=CONFIG)
    async with app.run_test(size=(180, 30)) as pilot:
        timeline = await settle(pilot, app)
        sidebar = app.screen.query_one(Sidebar)
        for _ in range(100):
            if "overdue" in screen_text(app):
                break
            await pilot.pause(0.02)
        text = screen_text(app)
        assert "1 overdue" in text and "1 at risk" in text
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("view-awaiting")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(timeline.source, AwaitingView) and timeline.total == 4
        # The timeline column only: the reading pane shows the selected message too.
        column = [ln.split("▕")[1].split("▏")[0] for ln in screen_text(app).splitlines()
                  if "▕" in ln]  # fmt: skip
        lines = [ln for ln in column if ln.strip()]
        assert [ln.split()[-2] for ln in lines] == ["Luca", "Anna", "Carla", "Sara"]
        assert "overdue since 09:00 Luca udienza" in lines[0]
        assert "due 11:30 Anna ricorso" in lines[1]
        assert "due Wed 09:00 Carla contratto" in lines[2]
        assert "due" not in lines[3]
        # The colours follow the risk: overdue in the theme's error colour, at risk warning.
        strips = app.screen._compositor.render_strips()  # noqa: SLF001
        styles = {}
        for strip in strips:
            for seg in strip:
                if seg.text.startswith(("overdue since", "due 11:30")):
                    styles[seg.text.split()[0]] = seg.style
        error = app.theme_variables["error"].lower()
        warning = app.theme_variables["warning"].lower()
        assert styles["overdue"].color.triplet.hex == error
        assert styles["due"].color.triplet.hex == warning
