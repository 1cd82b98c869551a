"""Store, network and disk work started from the TUI runs in thread workers, never on the
UI loop, and the flows built on it behave as before: saving attachments with `a` (folder
asked, raw message fetched from the real Dovecot, files written), and the composer's draft
saved as it is typed and on Esc.

The UI loop is the main thread here (Pilot runs the app in the test's own event loop): the
real store methods are wrapped to note which thread called them, then called as they are.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea
from textual.worker import WorkerFailed

from email_helpers import MARIA, config_for, password_of
from inbox_tui.core.models import TimelineFilter, View
from inbox_tui.services.mail_service import MailService
from inbox_tui.store import Store
from inbox_tui.store.drafts import Draft
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.screens.composer_screen import ComposerScreen
from inbox_tui.ui.screens.main_screen import MainScreen
from inbox_tui.ui.screens.save_screen import SaveAttachmentsScreen
from inbox_tui.ui.widgets.reading_pane import ReadingPane
from servers.dovecot import DovecotServer
from test_attachments import _with_attachments
from ui_helpers import FIXED_NOW, ROME, make_app, screen_text, settle, until

NOTHING_TO_SAVE = "No attachments to save on this message."


def calls_on_loop(monkeypatch: pytest.MonkeyPatch, repo: object, name: str) -> list[bool]:
    """Wrap `repo.name`: each call appends whether it ran on the UI loop (main thread)."""
    on_loop: list[bool] = []
    real = getattr(repo, name)

    def noted(*args, **kwargs):
        on_loop.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(repo, name, noted)
    return on_loop


def notified(app: InboxApp, text: str) -> bool:
    return any(n.message == text for n in app._notifications)  # noqa: SLF001


async def test_nothing_to_save_is_said_after_reading_the_store_off_the_loop(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demo mode (no account): `a` answers that there is nothing to save, and no dialog."""
    looked_up = calls_on_loop(monkeypatch, demo_store.mail, "attachments")
    read = calls_on_loop(monkeypatch, demo_store.messages, "get")
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        looked_up.clear()  # the reading pane's worker read them too
        await pilot.press("a")
        await until(pilot, lambda: notified(app, NOTHING_TO_SAVE))
        assert isinstance(app.screen, MainScreen)
        assert looked_up == [False]  # the `a` lookup, on a worker thread
    assert read and not any(read)


async def test_attachments_saved_into_the_folder_asked(
    dovecot: DovecotServer, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _with_attachments(["parere.pdf", "nota.txt"]).replace(b"Subject: x", b"Subject: Parere")
    dovecot.deliver(MARIA, b"To: maria@studio.test\r\nMessage-ID: <p2@b.c>\r\n" + raw)
    looked_up = calls_on_loop(monkeypatch, store.mail, "attachments")
    config = config_for(dovecot)
    service = MailService(store, config, password=password_of)
    app = InboxApp(store, tz=ROME, clock=lambda: FIXED_NOW, config=config, mail_service=service)
    folder = tmp_path / "saved"
    async with app.run_test(size=(140, 36)) as pilot:
        timeline = await settle(pilot, app)
        await until(pilot, lambda: timeline.total == 1, timeout=15)
        await pilot.press("enter")  # opening fetches the body and lists the parts
        await until(pilot, lambda: "nota.txt" in screen_text(app), timeout=15)
        # Esc in the dialog: nothing is written.
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, SaveAttachmentsScreen))
        assert "Save 2 attachment(s) to folder:" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        # Again, with a folder: the raw message comes from the server, the parts land there.
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, SaveAttachmentsScreen))
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        await until(pilot, lambda: notified(app, f"Saved to {folder}: parere.pdf, nota.txt"), 15)
        assert isinstance(app.screen, MainScreen)
    assert sorted(p.name for p in folder.iterdir()) == ["nota.txt", "parere.pdf"]
    assert (folder / "parere.pdf").read_bytes() == b"hello"
    assert looked_up and not any(looked_up)


async def test_the_draft_is_saved_as_it_is_typed_and_on_close_off_the_loop(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = calls_on_loop(monkeypatch, demo_store.drafts, "save")
    drafts_before = demo_store.drafts.count()
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        row = timeline.current_row
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        composer = app.screen
        await until(pilot, lambda: composer.query_one("#composer-body").has_focus)
        await pilot.press(*"Ciao")

        def saved(body: str) -> bool:
            draft = demo_store.drafts.for_reply(row.id)
            return draft is not None and draft.body == body

        # The autosave, a second after typing pauses: the composer stays open.
        await until(pilot, lambda: saved("Ciao"))
        assert app.screen is composer
        await pilot.press("space", "a", "escape")
        await until(pilot, lambda: app.screen is not composer)
        # Closed only once written: no wait needed after the screen has gone.
        assert saved("Ciao a")
        assert notified(app, "Draft saved.")
    assert demo_store.drafts.count() == drafts_before + 1
    assert len(saves) >= 2 and not any(saves)


async def test_typing_while_a_saved_draft_loads_adds_to_it_not_a_second_draft(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The autosave must wait for the saved draft: fired on the blank one the composer
    starts with, it inserted a second row that outlived the session."""
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        row = timeline.current_row
        saved = Draft(None, row.contact_id, row.id, row.channel, body="Saved before.")
        demo_store.drafts.save(saved)
        drafts_before = demo_store.drafts.count()
        real_for_reply = demo_store.drafts.for_reply

        def slow_for_reply(reply_to: int) -> Draft | None:
            time.sleep(1.6)  # past the 1 s autosave: a busy disk, a big store
            return real_for_reply(reply_to)

        monkeypatch.setattr(demo_store.drafts, "for_reply", slow_for_reply)
        await pilot.press("r", *"Ok")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        composer = app.screen
        await until(pilot, lambda: composer.draft_ready)
        body = composer.query_one("#composer-body", TextArea)
        assert body.text == "Saved before.\nOk"
        await until(pilot, lambda: demo_store.drafts.get(saved.id).body == "Saved before.\nOk")
        assert demo_store.drafts.count() == drafts_before
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not composer)
    assert demo_store.drafts.count() == drafts_before


async def test_a_disk_that_refuses_writes_keeps_the_composer_and_its_text(
    demo_store: Store,
) -> None:
    """SQLite itself refusing every write (query_only: SQLITE_READONLY, the error a
    read-only mount gives): the autosave, Esc and ctrl+s each say so, the composer stays
    open with the text, and once writes work again Esc saves it."""
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        row = timeline.current_row
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        composer = app.screen
        await until(pilot, lambda: composer.draft_ready)
        demo_store._conn.execute("PRAGMA query_only = ON")  # noqa: SLF001
        await pilot.press(*"Testo")
        await until(pilot, lambda: _notes(app, "Draft not saved"), 5)
        await pilot.press("escape")
        await until(pilot, lambda: len(_notes(app, "Draft not saved")) == 2)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _notes(app, "Not sent:"))
        assert app.is_running and app.screen is composer
        assert composer.query_one("#composer-body", TextArea).text.endswith("Testo")
        assert demo_store.outbox.active() == []

        demo_store._conn.execute("PRAGMA query_only = OFF")  # noqa: SLF001
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not composer)
    draft = demo_store.drafts.for_reply(row.id)
    assert draft is not None and draft.body.endswith("Testo")


def _notes(app: InboxApp, text: str) -> list[str]:
    return [n.message for n in app._notifications if text in n.message]  # noqa: SLF001


async def test_opening_a_message_on_a_read_only_store_still_shows_it(demo_store: Store) -> None:
    """Marking it read fails (SQLite refuses the write); reading it must not."""
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        timeline = await settle(pilot, app)
        unread = demo_store.messages.page_after(TimelineFilter(View.UNREAD), None, 1)[0]
        timeline.cursor = demo_store.messages.position(TimelineFilter(), unread.key)
        await settle(pilot, app)
        demo_store._conn.execute("PRAGMA query_only = ON")  # noqa: SLF001
        await pilot.press("enter")
        await until(pilot, lambda: _notes(app, "cannot write to the store"))
        pane = app.screen.query_one(ReadingPane).query_one("#conversation", Static)
        words = demo_store.messages.get(unread.id).body.split()[:3]
        # The pane shows the conversation, with this message's first words in it.
        await until(pilot, lambda: " ".join(words) in " ".join(str(pane.render()).split()))
        assert app.is_running
        demo_store._conn.execute("PRAGMA query_only = OFF")  # noqa: SLF001
    assert demo_store.messages.get(unread.id).unread  # not marked: nothing half-written


async def test_any_worker_whose_write_the_disk_refuses_is_reported_not_fatal(
    demo_store: Store,
) -> None:
    """The app-wide net under every worker: a StoreWriteError becomes a notification
    instead of Textual's exit; any other worker error still ends the app."""
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        demo_store._conn.execute("PRAGMA query_only = ON")  # noqa: SLF001
        worker = app.run_worker(lambda: demo_store.settings.set("k", "v"), thread=True)
        await until(pilot, lambda: worker.is_finished)
        await until(pilot, lambda: _notes(app, "cannot write to the store"))
        assert app.is_running
        demo_store._conn.execute("PRAGMA query_only = OFF")  # noqa: SLF001

    other = make_app(demo_store)
    with pytest.raises(WorkerFailed) as failed:
        async with other.run_test(size=(140, 40)) as pilot:
            await settle(pilot, other)
            other.run_worker(lambda: 1 / 0, thread=True)
            await pilot.pause(0.5)
    assert isinstance(failed.value.error, ZeroDivisionError)
