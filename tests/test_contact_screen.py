"""The contact screen through the real UI: `c` on a message opens its contact; urgent, a
2 h response time and a receipt answer set from the keyboard are stored (never in the
config file), shown as "set here", and still there after the app is closed and reopened;
x brings the config's value back; the form of address set here changes the reply drafts
and the composer's tone check; hostile names reach the screen as plain text."""

from __future__ import annotations

from datetime import datetime

from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.store import Store
from inbox_tui.store.contact_settings import ContactSettingsRepo
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.contact_text import card_text
from inbox_tui.ui.screens.composer_screen import ComposerScreen
from inbox_tui.ui.screens.contact_screen import ContactScreen
from inbox_tui.ui.screens.tone_screen import ToneScreen
from inbox_tui.ui.widgets.contact_settings_list import ContactSettingsList
from inbox_tui.ui.widgets.ghost_text_area import GhostTextArea
from inbox_tui.ui.widgets.suggestion_panel import SuggestionPanel
from ui_helpers import (
    FIXED_NOW,
    ROME,
    main_screen,
    outbox_emails,
    screen_text,
    settle,
    studio_config,
    until,
)

LUCA = """
[[contacts]]
name = "Luca Bianchi"
emails = ["luca@client.test"]
phones = ["+39 333 1234567"]
sla = "1d"
"""


def _app(store: Store, config) -> InboxApp:
    return InboxApp(store, tz=ROME, clock=lambda: FIXED_NOW, config=config)


def _seed(store: Store, config) -> int:
    for contact in config.contacts_as_models():  # what `inbox-tui` does at start
        store.contacts.upsert(contact)
    luca = store.contacts.find_by_address(phone_address("+393331234567"))
    _incoming(store, luca, "s1")
    return luca


def _incoming(store: Store, contact: int, remote_id: str, hour: int = 9) -> int:
    return store.messages.add(
        Message(
            None,
            Channel.SMS,
            Direction.INBOUND,
            contact,
            "sms",
            int(datetime(2026, 11, 20, hour, 0, tzinfo=ROME).timestamp()),
            body="Riso o pasta?",
            sender="+393331234567",
            remote_id=remote_id,
            unread=True,
        )  # fmt: skip
    )


def _line(app: InboxApp, label: str) -> str:
    return next(line for line in screen_text(app).splitlines() if label in line)


async def _open(pilot, app: InboxApp, key: str | None = "c") -> ContactScreen:
    await settle(pilot, app)
    if key:
        await pilot.press(key)
    else:
        app.run_screen_action("contact")  # the palette's "Contact" command
    await until(pilot, lambda: isinstance(app.screen, ContactScreen) and app.screen.current)
    await pilot.pause()
    return app.screen


async def test_settings_set_here_persist_and_reset(tmp_path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(LUCA)
    before = config_file.read_bytes()
    config = studio_config("config.toml", extra=LUCA)
    path = tmp_path / "store.sqlite3"
    store = Store(path)
    luca = _seed(store, config)
    app = _app(store, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        text = screen_text(app)
        assert "Luca Bianchi" in text and "luca@client.test" in text and "+39 333 123 4567" in text
        assert "1d" in _line(app, "Response time") and "from config" in _line(app, "Response")
        assert "default" in _line(app, "Urgent")

        def saved(n: int):
            return lambda: (
                len(ContactSettingsRepo(store).get(luca)) == n
                and not any(w.is_running for w in app.workers)
            )

        await pilot.press("u")
        await until(pilot, saved(1))
        await pilot.press("s", "2", "h", "enter")
        await until(pilot, saved(2))
        await pilot.press("r")
        await until(pilot, saved(3))
        await pilot.pause()
        assert "set here" in _line(app, "Urgent") and "yes" in _line(app, "Urgent")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ContactScreen))
    store.close()
    assert config_file.read_bytes() == before  # the user's file is never rewritten

    store = Store(path)  # the app reopened on the same store
    stray = store.contacts.upsert(
        Contact(None, "+13331234567", [phone_address("+13331234567")], provisional=True)
    )
    sms = _incoming(store, stray, "s2", hour=8)  # older: Luca's message stays on top
    try:
        assert ContactSettingsRepo(store).get(luca) == {
            "urgent": "1",
            "sla": "2h",
            "receipts": "ask",
        }
        app = _app(store, config)
        async with app.run_test(size=(120, 40)) as pilot:
            await _open(pilot, app, key=None)
            urgent, sla = _line(app, "Urgent"), _line(app, "Response time")
            receipts, read = _line(app, "Answer their"), _line(app, "Ask them")
            assert "yes" in urgent and "set here" in urgent
            assert "2h" in sla and "set here" in sla and "→ 1d" in sla
            assert "ask" in receipts and "set here" in receipts
            assert "account's setting" in read and "default" in read
            # x on the highlighted row (the first: urgent) goes back to the config's value.
            await pilot.press("x")
            await until(pilot, lambda: "urgent" not in ContactSettingsRepo(store).get(luca))
            await until(pilot, lambda: "set here" not in _line(app, "Urgent"))
            assert "default" in _line(app, "Urgent") and "no" in _line(app, "Urgent")
            # A wrong response time is refused with the grammar's own words.
            await pilot.press("s", "3", "x", "enter")
            await until(pilot, lambda: "not a response time" in screen_text(app))
            assert ContactSettingsRepo(store).get(luca)["sla"] == "2h"
            # m proposes the same number saved without its country code; y merges.
            await pilot.press("escape", "m")
            await until(pilot, lambda: "phone number ending …4567" in screen_text(app))
            await pilot.press("tab", "enter", "y")
            await until(pilot, lambda: store.contacts.get(stray) is None)
            assert store.messages.get(sms).contact_id == luca
            await until(pilot, lambda: "+1 333-123-4567" in screen_text(app))
    finally:
        store.close()


ANNA = """
[[contacts]]
name = "Anna Bianchi"
emails = ["anna@client.test"]
"""
DECISION = (
    "Buongiorno avvocato,\npotrebbe aggiungere al contratto anche la clausola sul garage? "
    "Ci servirebbe per la riunione.\nGrazie, Anna"
)


async def test_form_of_address_set_here_changes_drafts_and_tone_check(tmp_path) -> None:
    config = studio_config("config.toml", language="it", extra=ANNA)
    store = Store(tmp_path / "store.sqlite3")
    for contact in config.contacts_as_models():
        store.contacts.upsert(contact)
    anna = store.contacts.find_by_address(email_address("anna@client.test"))
    ts = int(FIXED_NOW.timestamp()) - 600
    store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, anna, "studio", ts, subject="Contratto",
                body=DECISION, sender="anna@client.test", message_id=f"<{ts}@client.test>",
                recipients="maria@studio.test", unread=True)
    )  # fmt: skip
    app = _app(store, config)

    def greeting() -> str:
        suggestion = main_screen(app).query_one(SuggestionPanel).suggestion
        return suggestion.drafts[0].text.split("\n")[0] if suggestion else ""

    async def form_key(*keys: str, stored: dict) -> None:
        await _open(pilot, app)
        await pilot.press(*keys)
        await until(pilot, lambda: ContactSettingsRepo(store).get(anna) == stored)
        await until(pilot, lambda: ("set here" in _line(app, "Form of address")) == bool(stored))
        assert app.screen.query_one(ContactSettingsList).highlighted_key == "formal"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ContactScreen))

    try:
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot, app)
            await until(pilot, lambda: greeting() == "Gentile Anna Bianchi,")
            await _open(pilot, app)
            assert "formal (Lei)" in _line(app, "Form of address")
            await pilot.press("escape")
            # f: "tu" for Anna, set here; the drafts on screen are written again.
            await form_key("f", stored={"formal": "0"})
            await until(pilot, lambda: greeting() == "Ciao Anna,")
            # x on the last row: the config's "Lei" again.
            await form_key("end", "x", stored={})
            await until(pilot, lambda: greeting() == "Gentile Anna Bianchi,")
            # The composer: its draft and its tone check follow the screen too.
            await form_key("f", stored={"formal": "0"})
            await until(pilot, lambda: greeting() == "Ciao Anna,")
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
            body = app.screen.query_one("#composer-body", GhostTextArea)
            await until(pilot, lambda: body.has_focus and body.ghost.startswith("Ciao Anna,"))
            # With "Lei" the tone check would stop "fammi sapere" to ask; with "tu" it sends.
            await pilot.press(*"Fammi sapere", "ctrl+s")
            await until(pilot, lambda: not isinstance(app.screen, ComposerScreen))
            assert not isinstance(app.screen, ToneScreen)
            (item,) = outbox_emails(store)
            assert store.messages.get(item.message_id).body.strip() == "Fammi sapere"
    finally:
        store.close()


def test_card_shows_hostile_names_as_plain_text() -> None:
    hostile = "\x1b]52;c;SGk=\x07Luca [@click=app.quit]x[/] \x1b[2J\u202eBianchi"
    card = card_text(Contact(1, hostile, [phone_address("+393331234567")], provisional=True))
    plain = card.plain
    assert "\x1b" not in plain and "\u202e" not in plain and "\x07" not in plain
    assert "[@click=app.quit]x[/]" in plain  # shown literally, never run as markup
    assert "+39 333 123 4567" in plain and "unknown sender" in plain
