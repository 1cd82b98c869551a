"""Delivery and read state in the TUI: the timeline's state glyphs, the details screen with
its history, the "Not delivered" view and retry, answering a read-receipt request with the
user's consent, and the composer's receipt toggles. No servers: the store is seeded."""

from __future__ import annotations

from textual.color import Color
from textual.widgets import Checkbox

from inbox_tui.core.addresses import email_address
from inbox_tui.core.delivery import Signal
from inbox_tui.core.models import (
    Channel,
    Contact,
    DeliveryState,
    Direction,
    Message,
    TimelineFilter,
    View,
)
from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.screens.composer_screen import ComposerScreen
from inbox_tui.ui.screens.details_screen import DetailsScreen
from inbox_tui.ui.widgets.reading_pane import ReadingPane
from inbox_tui.ui.widgets.sidebar import Sidebar
from ui_helpers import FIXED_NOW, ROME, make_app, screen_text, settle, studio_config, until

S = DeliveryState
NOW = int(FIXED_NOW.timestamp())
LUCA = "luca@client.test"
MARIA = "maria@studio.test"


def _config(receipts: str = ""):
    return studio_config("receipts-ui.toml", address=MARIA, work_hours=False, extra=receipts)


def _app(store: Store, config=None) -> InboxApp:
    return InboxApp(store, tz=ROME, clock=lambda: FIXED_NOW, config=config)


def _luca(store: Store) -> int:
    return store.contacts.upsert(Contact(None, "Luca Bianchi", [email_address(LUCA)]))


def _outgoing(store: Store, contact: int, subject: str, minutes_ago: int) -> tuple[int, int]:
    msg = Message(
        None, Channel.EMAIL, Direction.OUTBOUND, contact, "studio", NOW - 60 * minutes_ago,
        subject=subject, body=f"{subject}.", sender=MARIA, recipients=LUCA,
        message_id=f"<{subject.replace(' ', '-')}@studio.test>",
    )  # fmt: skip
    return store.outbox.enqueue(msg, b"payload", envelope_from=MARIA, recipients=[LUCA])


def _signal(store: Store, mid: int, state: DeliveryState, source: str, at: int, **kw) -> None:
    store.delivery.apply(mid, Signal(state, source, at, **kw))


def _seed_states(store: Store) -> dict[str, int]:
    """One outgoing message in each state the timeline shows; subject → message id."""
    luca = _luca(store)
    ids: dict[str, int] = {}
    ids["Queued one"], _ = _outgoing(store, luca, "Queued one", 5)
    ids["Sent one"], _ = _outgoing(store, luca, "Sent one", 10)
    _signal(store, ids["Sent one"], S.SENT, "smtp", NOW - 590)
    ids["Delivered one"], _ = _outgoing(store, luca, "Delivered one", 20)
    _signal(store, ids["Delivered one"], S.SENT, "smtp", NOW - 1190)
    _signal(store, ids["Delivered one"], S.DELIVERED, "dsn", NOW - 1100)
    mid, _ = _outgoing(store, luca, "Read one", 30)
    ids["Read one"] = mid
    _signal(store, mid, S.SENT, "smtp", NOW - 1790, reason="250 2.0.0 Ok: queued as 4XyZ")
    _signal(store, mid, S.DELIVERED, "dsn", NOW - 1700)
    _signal(store, mid, S.SENT, "smtp", NOW - 1650)  # late and stale: kept, not applied
    _signal(store, mid, S.READ, "mdn", NOW - 1600)
    ids["Failed one"], item = _outgoing(store, luca, "Failed one", 40)
    store.outbox.fail(item, "550 5.1.1 User unknown", source="smtp")
    return ids


def _lines(app: InboxApp) -> list[str]:
    return screen_text(app).splitlines()


def _timeline_rows(app: InboxApp) -> list[str]:
    """The timeline's lines on screen, cut to the timeline's own columns."""
    region = app.screen.query_one("#timeline").region
    return [line[region.x : region.right] for line in _lines(app)[region.y : region.bottom]]


def _timeline_line(app: InboxApp, needle: str) -> str:
    found = [row for row in _timeline_rows(app) if needle in row]
    assert found, f"{needle!r} not in the timeline:\n{screen_text(app)}"
    return found[0]


def _index_of(timeline, message_id: int) -> int:
    return next(i for i in range(timeline.total) if timeline._pager.row(i).id == message_id)


def _notified(app: InboxApp, text: str) -> bool:
    # Toasts wrap on screen: the messages themselves are checked.
    return any(n.message == text for n in app._notifications)


def _pane(app: InboxApp) -> str:
    return str(app.screen.query_one(ReadingPane).query_one("#conversation").render())


async def test_timeline_shows_each_state_glyph(store: Store) -> None:
    ids = _seed_states(store)
    app = make_app(store)
    async with app.run_test(size=(140, 30)) as pilot:
        timeline = await settle(pilot, app)
        assert timeline.total == 5
        expected = {
            "Queued one": "◷",
            "Sent one": "✓",
            "Delivered one": "✓✓",
            "Read one": "✓✓",
            "Failed one": "✗",
        }
        for subject, glyph in expected.items():
            # The glyph closes the row, after the summary column's padding.
            row_text = _timeline_line(app, subject).rstrip()
            assert row_text.endswith(" " + glyph), (subject, row_text)
        # ✓✓ read differs from ✓✓ delivered only by the theme's read-receipt colour.
        accent = Color.parse(app.theme_variables["timeline-read-receipt"]).rich_color

        def glyph_color(message_id: int):
            strip = timeline.render_line(_index_of(timeline, message_id))
            return next(s.style.color for s in strip if s.text.strip() == "✓✓")

        assert glyph_color(ids["Read one"]) == accent
        assert glyph_color(ids["Delivered one"]) != accent


async def test_details_show_history_in_order_and_legend(store: Store) -> None:
    ids = _seed_states(store)
    store.messages.add(
        Message(
            None, Channel.EMAIL, Direction.INBOUND, None, "studio", NOW - 1600,
            subject="Read: Read one", sender=LUCA, report_of=ids["Read one"], report="mdn",
            body="The message sent on [b]Friday[/b] was displayed.\n\x1b]0;owned\x07Ok",
        )
    )  # fmt: skip
    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        timeline = await settle(pilot, app)
        timeline.cursor = _index_of(timeline, ids["Read one"])
        await settle(pilot, app)
        await pilot.press("i")
        await until(pilot, lambda: "History" in screen_text(app))
        assert isinstance(app.screen, DetailsScreen)
        text = screen_text(app)
        lines = _lines(app)
        history = lines[next(i for i, line in enumerate(lines) if "History" in line) :]
        steps = [
            ("◷ queued", "outbox"),
            ("✓ sent", "smtp — 250 2.0.0 Ok: queued as 4XyZ"),
            ("✓✓ delivered", "dsn"),
            ("✓ sent", "smtp"),
            ("✓✓ read", "mdn"),
        ]
        at = 0
        for state, source in steps:
            at = next(
                i for i in range(at, len(history)) if state in history[i] and source in history[i]
            )
            at += 1
        stale = next(line for line in history if "✓ sent" in line and "ignored" in line)
        assert "smtp" in stale
        assert "Subject" in text and "Read one" in text and "<Read-one@studio.test>" in text
        assert "State       ✓✓ read" in text
        # The linked receipt, its text shown literally and without the escape sequence.
        assert "Read receipt" in text and "[b]Friday[/b] was displayed." in text
        assert "owned" not in text and "\x1b" not in text
        assert "◷ queued · ⏸ held · ↑ sending · ✓ sent · ✓✓ delivered · ✓✓ read · ✗ failed" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DetailsScreen)


async def test_not_delivered_view_and_retry(store: Store) -> None:
    ids = _seed_states(store)
    app = make_app(store)
    async with app.run_test(size=(140, 30)) as pilot:
        timeline = await settle(pilot, app)
        # R on a message that did not fail is refused, and says why.
        assert timeline.current_row.id == ids["Queued one"]
        await pilot.press("R")
        await until(pilot, lambda: _notified(app, "Only a failed message can be retried."))
        # The failed message, and the queued one if it has waited 30 min by the real clock.
        undelivered = store.messages.count(TimelineFilter(View.UNDELIVERED))
        assert undelivered in (1, 2)
        sidebar = app.screen.query_one(Sidebar)
        await until(pilot, lambda: f"Not delivered  {undelivered}" in screen_text(app))
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("view-undelivered")
        await pilot.press("enter")
        await settle(pilot, app)
        assert timeline.total == undelivered
        assert "Failed one" in "".join(_timeline_rows(app))
        assert "Sent one" not in "".join(_timeline_rows(app))
        timeline.cursor = _index_of(timeline, ids["Failed one"])
        await settle(pilot, app)
        selected = "▶ ✉ You  Fri 20 Nov 2026 10:20  ✗ failed — 550 5.1.1 User unknown\n"
        await until(pilot, lambda: selected + "  i: details · R: retry" in _pane(app))
        await pilot.press("R")
        await until(pilot, lambda: store.outbox.for_message(ids["Failed one"]).state == "queued")
        item = store.outbox.for_message(ids["Failed one"])
        assert item.attempts == 0 and item.last_error is None
        assert store.messages.get(ids["Failed one"]).state is S.QUEUED
        last = store.delivery.history(ids["Failed one"])[-1]
        assert (last.state, last.source, last.note) == (S.QUEUED, "user", "retry")
        await until(pilot, lambda: _notified(app, "Queued again"))


def _asking(store: Store, contact: int, n: int) -> int:
    return store.messages.add(
        Message(
            None, Channel.EMAIL, Direction.INBOUND, contact, "studio", NOW - 600 * n,
            subject=f"Contratto {n}", body=f"Mi conferma la lettura {n}?", sender=LUCA,
            message_id=f"<m{n}@client.test>", unread=True, mdn_to=LUCA, return_path=LUCA,
            recipients=MARIA,
        )
    )  # fmt: skip


def _mdn_items(store: Store) -> list:
    return [i for i in store.outbox.active() if i.kind == "mdn"]


async def test_read_receipt_prompt_send_and_ignore(store: Store) -> None:
    luca = _luca(store)
    first = _asking(store, luca, 1)  # newest: the cursor starts here
    second = _asking(store, luca, 2)
    app = _app(store, _config('[receipts]\nanswer = "ask"'))
    async with app.run_test(size=(140, 36)) as pilot:
        timeline = await settle(pilot, app)
        assert timeline.current_row.id == first
        # Highlighting alone does not count as displayed: nothing is asked yet.
        assert store.messages.get(first).mdn is None
        await pilot.press("enter")
        prompt = "Luca Bianchi asks for a read receipt — m: send it · M: ignore"
        await until(pilot, lambda: prompt in _pane(app))
        assert store.messages.get(first).mdn == "asked" and not _mdn_items(store)
        await pilot.press("m")
        await until(pilot, lambda: store.messages.get(first).mdn == "queued")
        (item,) = _mdn_items(store)
        assert item.recipients == (LUCA,)
        assert b"Disposition: manual-action/MDN-sent-manually; displayed" in item.payload
        await until(pilot, lambda: "read receipt queued" in _pane(app))
        assert prompt not in _pane(app)
        # A second m is not a second receipt.
        await pilot.press("m")
        await until(pilot, lambda: _notified(app, "No read-receipt request to answer here."))
        assert len(_mdn_items(store)) == 1
        # The other message: opened, then ignored.
        timeline.focus()
        await pilot.press("j")
        await settle(pilot, app)
        assert timeline.current_row.id == second
        await pilot.press("enter")
        await until(pilot, lambda: prompt in _pane(app))
        await pilot.press("M")
        await until(pilot, lambda: store.messages.get(second).mdn == "declined")
        await until(pilot, lambda: "receipt request declined" in _pane(app))
        assert len(_mdn_items(store)) == 1


async def _reply(pilot, app: InboxApp, store: Store, keys: tuple[str, ...]):
    await settle(pilot, app)
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
    composer = app.screen
    await until(pilot, lambda: composer.query_one("#composer-receipts").display)
    defaults = tuple(composer.query_one(f"#receipt-{w}", Checkbox).value for w in ("read", "dsn"))
    await pilot.press(*"Va bene.")
    await pilot.press(*keys)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: not isinstance(app.screen, ComposerScreen))
    (item,) = [i for i in store.outbox.active() if i.kind == "email"]
    store.outbox.fail(item.id, "test: out of the way")  # the next reply is the only active one
    return defaults, item


async def test_composer_receipt_toggles_reach_the_outbox(store: Store) -> None:
    luca = _luca(store)
    original = store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, luca, "studio", NOW - 60,
                subject="Udienza", body="Ci vediamo alle 10.", sender=LUCA,
                message_id="<u1@client.test>", recipients=MARIA)
    )  # fmt: skip
    app = _app(store, _config())
    async with app.run_test(size=(140, 36)) as pilot:
        # [receipts] defaults: no read receipt, a delivery report.
        defaults, item = await _reply(pilot, app, store, ())
        assert defaults == (False, True)
        assert b"Disposition-Notification-To" not in item.payload and item.dsn is True
        # Both switched with their keys.
        timeline = await settle(pilot, app)
        timeline.focus()
        timeline.cursor = _index_of(timeline, original)
        defaults, item = await _reply(pilot, app, store, ("ctrl+r", "ctrl+t"))
        assert defaults == (False, True)
        assert b"Disposition-Notification-To: " + MARIA.encode() in item.payload
        assert item.dsn is False


async def test_composer_hides_receipt_toggles_for_sms(store: Store) -> None:
    from inbox_tui.core.addresses import phone_address

    cid = store.contacts.upsert(Contact(None, "Anna", [phone_address("+393331234567")]))
    store.messages.add(
        Message(None, Channel.SMS, Direction.INBOUND, cid, "sms", NOW - 60, body="Ci sei?",
                sender="+393331234567")
    )  # fmt: skip
    app = _app(store, _config())
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        await pilot.pause(0.3)
        assert not app.screen.query_one("#composer-receipts").display
        assert "Read receipt" not in screen_text(app)


async def test_retry_from_the_details_screen(store: Store) -> None:
    ids = _seed_states(store)
    app = make_app(store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        timeline.cursor = _index_of(timeline, ids["Failed one"])
        await settle(pilot, app)
        await pilot.press("i")
        await until(pilot, lambda: "Last error  550 5.1.1 User unknown" in screen_text(app))
        await pilot.press("R")
        await until(pilot, lambda: store.outbox.for_message(ids["Failed one"]).state == "queued")
        # The screen reloads: the user's retry is the newest line of the history.
        await until(pilot, lambda: "◷ queued  user  [retry]" in screen_text(app))
        assert isinstance(app.screen, DetailsScreen)
