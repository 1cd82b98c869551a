"""The TUI driven with Pilot: keys pressed, screen and store checked."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from inbox_tui.core.addresses import email_address
from inbox_tui.core.models import Channel, Contact, Direction, Message, TimelineFilter, View
from inbox_tui.store import Store
from inbox_tui.ui.screens.composer_screen import ComposerScreen
from inbox_tui.ui.screens.help_screen import HelpScreen
from inbox_tui.ui.widgets.reading_pane import ReadingPane
from inbox_tui.ui.widgets.sidebar import Sidebar
from ui_helpers import make_app, screen_text, settle, until


async def test_navigate_open_marks_read(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        assert timeline.total == demo_store.messages.count()
        newest = demo_store.messages.page_after(TimelineFilter(), None, 3)
        assert timeline.current_row.id == newest[0].id
        await pilot.press("j", "j")
        await settle(pilot, app)
        assert timeline.cursor == 2 and timeline.current_row.id == newest[2].id
        await pilot.press("k")
        await settle(pilot, app)
        # The reading pane shows the highlighted message inside its conversation.
        row = timeline.current_row
        message = demo_store.messages.get(row.id)
        pane = app.screen.query_one(ReadingPane).query_one("#conversation")
        for _ in range(100):  # the pane follows once the cursor rests (debounced)
            if message.body.splitlines()[0] in str(pane.render()):
                break
            await pilot.pause(0.02)
        assert message.body.splitlines()[0] in str(pane.render())
        # Find an unread message with G/k and open it: it is marked read in the store.
        unread = demo_store.messages.page_after(TimelineFilter(View.UNREAD), None, 1)[0]
        position = demo_store.messages.position(TimelineFilter(), unread.key)
        timeline.cursor = position
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert demo_store.messages.get(unread.id).unread is False
        assert app.focused is app.screen.query_one(ReadingPane)


async def test_end_and_home_keys(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        await pilot.press("G")
        await settle(pilot, app)
        oldest = demo_store.messages.page_at(TimelineFilter(), timeline.total - 1, 1)[0]
        assert timeline.cursor == timeline.total - 1
        assert timeline.current_row.id == oldest.id
        assert oldest.summary[:20] in screen_text(app)
        await pilot.press("g", "pagedown")
        await settle(pilot, app)
        assert timeline.cursor > 20


async def test_search_finds_the_late_sms(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        await pilot.press("slash", *"riso", "enter")
        await settle(pilot, app)
        expected = demo_store.messages.search("riso")
        assert expected and timeline.total == len(expected)
        assert "Search: riso" in screen_text(app)
        assert timeline.current_row.id == expected[0].id
        await pilot.press("slash", "escape")
        await settle(pilot, app)
        assert timeline.total == demo_store.messages.count()


async def test_sidebar_switches_views(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("view-sms")
        await pilot.press("enter")
        await settle(pilot, app)
        assert timeline.total == demo_store.messages.count(TimelineFilter(View.SMS))
        assert timeline.current_row.channel is Channel.SMS
        sidebar.highlighted = sidebar.get_option_index("view-awaiting")
        await pilot.press("enter")
        await settle(pilot, app)
        assert timeline.total == demo_store.messages.count(TimelineFilter(View.AWAITING)) > 0


async def test_a_store_change_while_a_view_loads_keeps_that_view(demo_store: Store) -> None:
    """The sync's StoreChanged can land between choosing a view and its first count: the
    reload must re-read the chosen view, not bring the old one back under the new title
    (seen in the tmux end-to-end test: "Outbox · 5 messages" showing every message)."""
    from inbox_tui.services.timeline import StoreView

    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        sms = StoreView(demo_store, TimelineFilter(View.SMS), "SMS")
        timeline.set_source(sms)
        timeline.reload()  # in the same tick: the SMS view's count has not arrived yet
        await settle(pilot, app)
        assert timeline.source is sms
        assert timeline.total == demo_store.messages.count(TimelineFilter(View.SMS))
        assert timeline.current_row.channel is Channel.SMS


async def test_palette_switches_theme(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        assert app.theme == "inbox-dark"
        await pilot.press("ctrl+p", *"inbox-light")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.theme == "inbox-light"


async def test_reply_saves_a_draft(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        await pilot.press("r")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ComposerScreen)
        await pilot.press(*"Grazie")
        await pilot.press("escape")
        await pilot.pause(0.2)
        draft = demo_store.drafts.for_reply(timeline.current_row.id)
        assert draft is not None and draft.body == "Grazie"


async def test_keys_typed_in_one_burst_with_r_land_in_the_composer(demo_store: Store) -> None:
    """A terminal delivers a fast typist's keys together: the ones after `r` arrive before
    the composer has mounted, let alone taken the focus. Posted at once here, as the
    driver does (Pilot.press would wait for the app to be idle after each key)."""
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        row = timeline.current_row
        for key, char in [("r", "r"), ("O", "O"), ("k", "k"), ("space", " "), ("j", "j")]:
            app.post_message(events.Key(key, char))
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        body = app.screen.query_one("#composer-body", TextArea)
        await until(pilot, lambda: body.has_focus and "Ok j" in body.text)
        assert timeline.current_row == row  # "j" did not move the timeline on its way
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ComposerScreen))
        draft = demo_store.drafts.for_reply(row.id)
        assert draft is not None and draft.body.endswith("Ok j")


async def test_help_opens_and_closes(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "command palette" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_hostile_sender_text_is_inert(store: Store) -> None:
    name = "[@click=app.quit]Evil[/] \x1b]0;owned\x07Eve"
    cid = store.contacts.upsert(Contact(None, name, [email_address("eve@example.com")]))
    store.messages.add(
        Message(
            None,
            Channel.EMAIL,
            Direction.INBOUND,
            cid,
            "studio",
            1_763_000_000,
            subject="\x1b]52;c;cGF5bG9hZA==\x07Invoice [b]due[/b] \u202eexe.pdf",
            body="Pay now \x1b[2J\x9b31m[link=http://evil.example]here[/link]",
            unread=True,
        )
    )
    app = make_app(store)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "[@click=app.quit]Evil[/]" in text  # shown literally, not as an action
        assert "Invoice [b]due[/b]" in text
        assert "[link=http://evil.example]here[/link]" in text
        assert "\x1b" not in text and "\u202e" not in text and "owned" not in text
        await pilot.click("#timeline", offset=(40, 0))
        await pilot.pause()
        assert app.is_running  # no markup action fired
