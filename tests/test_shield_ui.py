"""The availability shield in the TUI: the do-not-disturb key, the status bar, the composer's
hold and its send-now override, the held messages' keys in the Outbox view, and the toast
of an announced message. No servers: the store is seeded and the clock is injected."""

from __future__ import annotations

import asyncio
from datetime import datetime
from types import SimpleNamespace

from inbox_tui.core.addresses import email_address
from inbox_tui.core.availability import ManualDnd
from inbox_tui.core.models import Channel, Contact, Direction, Message, View
from inbox_tui.services.quiet_watch import Announcement
from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.mail_bridge import MailBridge
from inbox_tui.ui.screens.composer_screen import ComposerScreen
from inbox_tui.ui.screens.confirm_screen import AskScreen, ConfirmScreen
from inbox_tui.ui.widgets.status_bar import StatusBar
from ui_helpers import ROME, main_screen, outbox_emails, screen_text, settle, studio_config, until

TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ROME)
TUESDAY_2330 = datetime(2026, 11, 24, 23, 30, tzinfo=ROME)
WEDNESDAY_0830 = int(datetime(2026, 11, 25, 8, 30, tzinfo=ROME).timestamp())
LUCA = "luca@client.test"
MARIA = "maria@studio.test"


def _app(store: Store, at: datetime) -> InboxApp:
    return InboxApp(
        store, tz=ROME, clock=lambda: at, config=studio_config("shield-ui.toml", address=MARIA)
    )


def _incoming(store: Store, at: datetime) -> int:
    luca = store.contacts.upsert(Contact(None, "Luca Bianchi", [email_address(LUCA)]))
    return store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, luca, "studio",
                int(at.timestamp()) - 600, subject="Udienza", body="Ci vediamo alle 10.",
                sender=LUCA, message_id="<u1@client.test>", recipients=MARIA)
    )  # fmt: skip


def _outgoing(store: Store, at: datetime, subject: str, not_before: int | None) -> int:
    luca = store.contacts.upsert(Contact(None, "Luca Bianchi", [email_address(LUCA)]))
    msg = Message(
        None, Channel.EMAIL, Direction.OUTBOUND, luca, "studio", int(at.timestamp()) - 60,
        subject=subject, body=f"{subject}.", sender=MARIA, recipients=LUCA,
        message_id=f"<{subject.replace(' ', '-')}@studio.test>",
    )  # fmt: skip
    mid, _ = store.outbox.enqueue(
        msg, b"payload", envelope_from=MARIA, recipients=[LUCA], not_before_ts=not_before
    )
    return mid


def _notified(app: InboxApp, text: str) -> bool:
    return any(n.message == text for n in app._notifications)


def _status(app: InboxApp) -> str:
    return main_screen(app).query_one(StatusBar).availability


async def test_dnd_key_toggles_the_stored_state_and_the_status_bar(store: Store) -> None:
    _incoming(store, TUESDAY_10)
    app = _app(store, TUESDAY_10)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot, app)
        await until(pilot, lambda: _status(app) == "Working · until 12:30")
        assert "Working · until 12:30" in screen_text(app)
        assert "not enforced" not in screen_text(app)
        await pilot.press("f8")
        await until(pilot, lambda: _status(app) == "DND (manual)")
        assert app.shield.manual() == ManualDnd(None)
        assert _notified(app, "Do not disturb on")
        await pilot.press("f8")
        await until(pilot, lambda: _status(app) == "Working · until 12:30")
        assert app.shield.manual() is None
        assert _notified(app, "Do not disturb off")
        # The palette's "until tomorrow": the first work hour of Wednesday.
        from inbox_tui.ui.commands import InboxCommands

        names = [name for name, _, _ in InboxCommands(app.screen)._commands()]
        assert {"Do not disturb: on", "Do not disturb: on until tomorrow"} <= set(names)
        assert "Do not disturb: off" in names
        app.set_dnd("tomorrow")
        await until(pilot, lambda: _status(app) == "DND (manual) · until Wed 08:30")
        assert _notified(app, "Do not disturb on until Wed 08:30")
        app.set_dnd("off")
        await until(pilot, lambda: app.shield.manual() is None)
        # Priority: the key works from inside the composer's text too.
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        await until(pilot, lambda: app.screen.query_one("#composer-body").has_focus)
        await pilot.press("f8")
        await until(pilot, lambda: app.shield.manual() is not None)
        assert isinstance(app.screen, ComposerScreen)


async def test_set_elsewhere_shows_within_a_second(store: Store) -> None:
    _incoming(store, TUESDAY_10)
    app = _app(store, TUESDAY_10)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot, app)
        await until(pilot, lambda: _status(app) == "Working · until 12:30")
        # What `inbox-tui dnd on` does from the shell: a write to the store.
        app.shield.set_manual(ManualDnd(None))
        await until(pilot, lambda: _status(app) == "DND (manual)", timeout=2.5)


async def test_quiet_status_at_night(store: Store) -> None:
    _incoming(store, TUESDAY_2330)
    _outgoing(store, TUESDAY_2330, "Held one", WEDNESDAY_0830)
    app = _app(store, TUESDAY_2330)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot, app)
        await until(pilot, lambda: _status(app) == "Quiet · until Wed 08:30 · 1 held")
        assert "Quiet · until Wed 08:30 · 1 held" in screen_text(app)


async def _compose(pilot, app: InboxApp, text: str) -> ComposerScreen:
    timeline = await settle(pilot, app)
    timeline.focus()
    await pilot.press("g")
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
    composer = app.screen
    await until(pilot, lambda: composer.query_one("#composer-body").has_focus)
    await pilot.press(*text)
    return composer


async def test_composer_holds_at_night_and_send_now_overrides(store: Store) -> None:
    original = _incoming(store, TUESDAY_2330)
    app = _app(store, TUESDAY_2330)
    async with app.run_test(size=(140, 36)) as pilot:
        composer = await _compose(pilot, app, "Va bene.")
        line = "Quiet time: this will leave Wed 08:30 (ctrl+g: send now)"
        await until(pilot, lambda: line in screen_text(app))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ComposerScreen))
        (item,) = outbox_emails(store)
        assert (item.state, item.not_before_ts) == ("held", WEDNESDAY_0830)
        assert _notified(app, "Held until Wed 08:30: it leaves then (see the Outbox view).")
        store.outbox.cancel(item.id)  # out of the way: the next reply is the only one
        store.drafts.delete(store.drafts.for_reply(original).id)

        composer = await _compose(pilot, app, "Subito.")
        await until(pilot, lambda: composer._hold == WEDNESDAY_0830)
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        # No: back to the composer, nothing queued.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        assert not outbox_emails(store)
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, (ComposerScreen, ConfirmScreen)))
        (item,) = outbox_emails(store)
        assert (item.state, item.not_before_ts) == ("queued", None)
        assert store.messages.get(item.message_id).body.strip() == "Subito."


async def test_composer_in_work_hours_has_no_hold(store: Store) -> None:
    _incoming(store, TUESDAY_10)
    app = _app(store, TUESDAY_10)
    async with app.run_test(size=(140, 36)) as pilot:
        composer = await _compose(pilot, app, "Va bene.")
        await pilot.pause(0.3)
        assert not composer.query_one("#composer-hold").display
        assert "Quiet time" not in screen_text(app)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ComposerScreen))
        (item,) = outbox_emails(store)
        assert item.state == "queued"


async def test_outbox_send_now_and_reschedule(store: Store) -> None:
    first = _outgoing(store, TUESDAY_2330, "First held", WEDNESDAY_0830)
    second = _outgoing(store, TUESDAY_2330, "Second held", WEDNESDAY_0830 + 60)
    app = _app(store, TUESDAY_2330)
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot, app)
        app.show_view(View.OUTBOX)
        timeline = await settle(pilot, app)
        timeline.focus()
        assert timeline.total == 2
        assert timeline.current_row.id == second  # newest first
        # s: send now, confirmed.
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: store.outbox.for_message(second).state == "queued")
        assert store.outbox.for_message(second).not_before_ts is None
        assert _notified(app, "Sending now")
        # s again on it: no longer held, refused.
        await pilot.press("s")
        await until(pilot, lambda: _notified(app, "Only a held message can be changed."))
        # t: another time for the other one.
        timeline.cursor = next(
            i for i in range(timeline.total) if timeline._pager.row(i).id == first
        )
        await settle(pilot, app)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"2h", "enter")
        later = int(TUESDAY_2330.timestamp()) + 7200
        await until(pilot, lambda: store.outbox.for_message(first).not_before_ts == later)
        item = store.outbox.for_message(first)
        assert item.state == "held"
        scheduled = store.query_one("SELECT scheduled FROM outbox WHERE id = ?", (item.id,))[0]
        assert scheduled == 1
        assert _notified(app, "Held until Wed 01:30")
        # A time that cannot be read is refused, and nothing changes.
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"someday", "enter")
        await until(pilot, lambda: any("cannot read" in n.message for n in app._notifications))
        assert store.outbox.for_message(first).not_before_ts == later


async def test_reschedule_tomorrow_in_work_hours(store: Store) -> None:
    mid = _outgoing(store, TUESDAY_10, "Later", None)
    app = _app(store, TUESDAY_10)
    async with app.run_test(size=(140, 36)) as pilot:
        timeline = await settle(pilot, app)
        timeline.focus()
        assert timeline.current_row.id == mid
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"tomorrow", "enter")
        await until(pilot, lambda: store.outbox.for_message(mid).state == "held")
        item = store.outbox.for_message(mid)
        assert item.not_before_ts == WEDNESDAY_0830
        assert store.query_one("SELECT scheduled FROM outbox WHERE id = ?", (item.id,))[0] == 1
        # x takes a held message back into the drafts, as it does a queued one.
        await pilot.press("x")
        await until(pilot, lambda: store.outbox.for_message(mid) is None)
        assert store.drafts.count() == 1


async def test_announcement_rings_and_toasts(store: Store) -> None:
    _incoming(store, TUESDAY_10)
    app = _app(store, TUESDAY_10)
    bells: list[int] = []
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot, app)
        app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
        bridge = MailBridge(app, SimpleNamespace(listener=None))
        # The mail service calls its listener from its own thread.
        await asyncio.to_thread(
            bridge.announced, Announcement(1, "Luca Bianchi", "[b]Udienza[/b] domani", True)
        )
        await until(pilot, lambda: _notified(app, "Urgent — Luca Bianchi: [b]Udienza[/b] domani"))
        await asyncio.to_thread(bridge.announced, Announcement(2, "Anna", "Ci sei?", False))
        await until(pilot, lambda: _notified(app, "Anna: Ci sei?"))
        assert len(bells) == 2
